#include "common/validation/person_name.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

#include <cstdint>

#include "common/validation/field_error.h"

namespace rrmon::validation {
namespace {

enum class Kind {
  kLetter,
  kMark,       // A combining mark: vowel signs, diacritics.
  kSpace,      // U+0020, between words.
  kSeparator,  // Middle dots, hyphens, apostrophes.
  kJoiner,     // Invisible characters some scripts need inside a word (see IsJoiner).
  kSyllable,   // Tibetan tsheg, ending a syllable.
  kSpaceOther,
  kControl,
  kDigit,
  kOther,
};

constexpr UChar32 kMiddleDot = 0x00B7;

// What input methods type for the middle dot of a transliterated name.
bool IsMiddleDotLookAlike(UChar32 c) {
  return c == 0x2022 || c == 0x2027 || c == 0x2219 || c == 0x22C5 || c == 0x30FB || c == 0xFF65 ||
         c == 0xFF0E;
}

bool IsDotSeparator(UChar32 c) { return c == kMiddleDot || IsMiddleDotLookAlike(c); }

bool IsSeparator(UChar32 c) {
  return IsDotSeparator(c) || c == '-' || c == 0x2010 || c == 0x2011 || c == '\'' || c == 0x2019;
}

// ZWNJ/ZWJ shape Arabic-script and Indic words; U+180E (Mongolian vowel separator) and
// U+202F (narrow no-break space) are part of Mongolian spelling. They are only accepted
// between letters, where they cannot hide anything.
bool IsJoiner(UChar32 c) { return c == 0x200C || c == 0x200D || c == 0x180E || c == 0x202F; }

Kind Classify(UChar32 c) {
  if (c == ' ') return Kind::kSpace;
  if (IsSeparator(c)) return Kind::kSeparator;
  if (IsJoiner(c)) return Kind::kJoiner;
  if (c == 0x0F0B || c == 0x0F0C) return Kind::kSyllable;
  // 〇 (U+3007) is a Han character used in names, though Unicode files it as a number.
  if (c == 0x3007) return Kind::kLetter;
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
      return Kind::kLetter;
    case U_NON_SPACING_MARK:
    case U_COMBINING_SPACING_MARK:
    case U_ENCLOSING_MARK:
      return Kind::kMark;
    case U_SPACE_SEPARATOR:
    case U_LINE_SEPARATOR:
    case U_PARAGRAPH_SEPARATOR:
      return Kind::kSpaceOther;
    case U_CONTROL_CHAR:
    case U_FORMAT_CHAR:
      return Kind::kControl;
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
      return Kind::kDigit;
    default:  // Punctuation, symbols, private use, surrogates, unassigned.
      return Kind::kOther;
  }
}

bool IsLetterOrMark(Kind kind) { return kind == Kind::kLetter || kind == Kind::kMark; }

// Scripts whose letters join or form conjuncts, where ZWNJ/ZWJ choose a shape that the
// reader sees: Arabic-script Uyghur and Kazakh, Syriac, N'Ko, Mongolian, and the Indic
// scripts. Between Han, Latin or Cyrillic letters they change nothing visible.
bool ScriptUsesJoiners(UScriptCode script) {
  switch (script) {
    case USCRIPT_ARABIC:
    case USCRIPT_SYRIAC:
    case USCRIPT_NKO:
    case USCRIPT_MONGOLIAN:
    case USCRIPT_DEVANAGARI:
    case USCRIPT_BENGALI:
    case USCRIPT_GURMUKHI:
    case USCRIPT_GUJARATI:
    case USCRIPT_ORIYA:
    case USCRIPT_TAMIL:
    case USCRIPT_TELUGU:
    case USCRIPT_KANNADA:
    case USCRIPT_MALAYALAM:
    case USCRIPT_SINHALA:
    case USCRIPT_TIBETAN:
      return true;
    default:
      return false;
  }
}

// Whether the joiner `c` may stand between letters of `script`.
bool JoinerFitsScript(UChar32 c, UScriptCode script) {
  // The Mongolian vowel separator and narrow no-break space are Mongolian spelling only.
  if (c == 0x180E || c == 0x202F) return script == USCRIPT_MONGOLIAN;
  return ScriptUsesJoiners(script);
}

UScriptCode ScriptOf(UChar32 c) {
  UErrorCode error = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &error);
  return U_FAILURE(error) ? USCRIPT_INVALID_CODE : script;
}

bool IsValidUtf8(std::string_view text) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t offset = 0;
  while (offset < length) {
    UChar32 c;
    U8_NEXT(bytes, offset, length, c);
    if (c < 0) return false;
  }
  return true;
}

}  // namespace

std::string NormalizePersonName(std::string_view name) {
  if (name.size() > 4 * kMaxPersonNameBytes || !IsValidUtf8(name)) return std::string(name);
  UErrorCode error = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(error);
  if (U_FAILURE(error)) return std::string(name);
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  icu::UnicodeString normalized = nfc->normalize(text, error);
  if (U_FAILURE(error)) return std::string(name);
  icu::UnicodeString dotted;
  for (int32_t i = 0; i < normalized.length();) {
    const UChar32 c = normalized.char32At(i);
    dotted.append(IsMiddleDotLookAlike(c) ? kMiddleDot : c);
    i += U16_LENGTH(c);
  }
  std::string out;
  dotted.toUTF8String(out);
  return out;
}

absl::Status ValidatePersonName(std::string_view name, std::string_view field) {
  if (name.empty()) return FieldError(field, "must not be empty");
  if (name.size() > kMaxPersonNameBytes) {
    return FieldError(field, "is longer than 256 bytes");
  }
  const auto* bytes = reinterpret_cast<const uint8_t*>(name.data());
  const int32_t length = static_cast<int32_t>(name.size());
  int32_t offset = 0;
  size_t code_points = 0;
  bool first = true;
  Kind previous = Kind::kLetter;
  // The script of the last letter, and the joiner waiting for the letter after it.
  UScriptCode letter_script = USCRIPT_INVALID_CODE;
  UChar32 pending_joiner = 0;
  while (offset < length) {
    UChar32 c;
    U8_NEXT(bytes, offset, length, c);
    if (c < 0) return FieldError(field, "is not valid UTF-8");
    if (++code_points > kMaxPersonNameCodePoints) {
      return FieldError(field, "is longer than 64 characters");
    }
    const Kind kind = Classify(c);
    const bool last = offset == length;
    switch (kind) {
      case Kind::kLetter:
        if (pending_joiner != 0 && !JoinerFitsScript(pending_joiner, ScriptOf(c))) {
          return FieldError(field,
                            "has an invisible joiner between letters of a script that does not "
                            "use one (only Arabic, Mongolian, Indic and similar scripts do)");
        }
        pending_joiner = 0;
        letter_script = ScriptOf(c);
        break;
      case Kind::kMark:
        if (first || !IsLetterOrMark(previous)) {
          return FieldError(field, "has a combining mark that follows no letter");
        }
        break;
      case Kind::kSpace:
      case Kind::kSpaceOther:
        if (first || last) {
          return FieldError(field, "must not start or end with whitespace");
        }
        if (kind == Kind::kSpaceOther) {
          return FieldError(field, "must separate words with ordinary spaces only");
        }
        break;
      case Kind::kSeparator:
        // An apostrophe may open or close a transliterated name ('Abdulla); a dot or
        // hyphen at either end is a typing slip.
        if ((first || last) && c != '\'' && c != 0x2019) {
          return FieldError(field, "must not start or end with a separator");
        }
        break;
      case Kind::kJoiner:
        if (first || last || !IsLetterOrMark(previous)) {
          return FieldError(field, "must not contain invisible formatting characters");
        }
        if (!JoinerFitsScript(c, letter_script)) {
          return FieldError(field,
                            "has an invisible joiner between letters of a script that does not "
                            "use one (only Arabic, Mongolian, Indic and similar scripts do)");
        }
        pending_joiner = c;
        break;
      case Kind::kSyllable:
        if (first || !IsLetterOrMark(previous)) {
          return FieldError(field, "has a Tibetan syllable mark that follows no letter");
        }
        break;
      case Kind::kControl:
        return FieldError(field,
                          "must not contain control or invisible formatting "
                          "characters");
      case Kind::kDigit:
        return FieldError(field, "must not contain digits");
      case Kind::kOther:
        return FieldError(field,
                          "must not contain punctuation or symbols other than a "
                          "middle dot, hyphen or apostrophe between names");
    }
    const bool separating = kind == Kind::kSpace || kind == Kind::kSeparator;
    const bool previous_separating = previous == Kind::kSpace || previous == Kind::kSeparator;
    if (separating && previous_separating && !first) {
      return FieldError(field, "must not contain two separators or spaces in a row");
    }
    if (previous == Kind::kJoiner && !IsLetterOrMark(kind)) {
      return FieldError(field, "must not contain invisible formatting characters");
    }
    previous = kind;
    first = false;
  }
  return absl::OkStatus();
}

}  // namespace rrmon::validation

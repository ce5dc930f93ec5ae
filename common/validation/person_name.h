#pragma once

// Person names as people write them in the regions rrmon serves: Han names, Uyghur,
// Kazakh and Mongolian names transliterated into Han with a middle dot (阿依古丽·买买提),
// names in Arabic script (ئايگۈل مەمەت), Cyrillic (Айгүл Мамырқызы), Mongolian script,
// Tibetan and Latin. The rule is "never reject a real name", while keeping out what no
// name contains: control and invisible formatting characters, digits, symbols.

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace rrmon::validation {

inline constexpr size_t kMaxPersonNameCodePoints = 64;
inline constexpr size_t kMaxPersonNameBytes = 256;

// The one spelling a name is stored, searched and compared in: Unicode NFC (so a
// precomposed letter and letter + combining mark are the same name), and the look-alikes of
// the middle dot that input methods produce (U+2022 bullet, U+2027 hyphenation point, U+2219
// bullet operator, U+22C5 dot operator, U+30FB katakana middle dot, U+FF65 halfwidth
// katakana middle dot, U+FF0E fullwidth full stop) replaced by U+00B7, the separator of
// GB/T transliterated names (阿依古丽·买买提). Invalid UTF-8 comes back unchanged, for
// ValidatePersonName to refuse.
std::string NormalizePersonName(std::string_view name);

// Accepts letters and combining marks of any script, single spaces, and single name
// separators: the middle dot (U+00B7, and its look-alikes listed above), hyphens and
// apostrophes. ZWNJ/ZWJ (U+200C/U+200D) only between letters of a script whose spelling
// needs them (Arabic, Syriac, N'Ko, Mongolian and the Indic scripts), U+180E and U+202F
// only inside Mongolian words: elsewhere they make two names that look the same differ.
// Rejects invalid UTF-8, empty names, leading or trailing whitespace, control and format
// characters (e.g. U+202E), digits, other punctuation and symbols, two separators in a row,
// more than 64 code points or 256 bytes.
absl::Status ValidatePersonName(std::string_view name, std::string_view field);

}  // namespace rrmon::validation

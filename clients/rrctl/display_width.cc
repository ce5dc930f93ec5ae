#include "clients/rrctl/display_width.h"

#include <string>

namespace rrmon::rrctl {
namespace {

struct Range {
  char32_t first;
  char32_t last;
};

constexpr Range kZeroWidth[] = {
    {0x0300, 0x036F},  // combining diacritical marks
    {0x0483, 0x0489},  // Cyrillic combining marks
    {0x0591, 0x05BD},  // Hebrew points
    {0x0610, 0x061A},  // Arabic marks
    {0x064B, 0x065F},  // Arabic harakat
    {0x0670, 0x0670},  // Arabic superscript alef
    {0x06D6, 0x06DC},  // Arabic small high marks
    {0x06DF, 0x06E4}, {0x06E7, 0x06E8},
    {0x06EA, 0x06ED}, {0x1AB0, 0x1AFF},  // combining marks extended
    {0x1DC0, 0x1DFF},                    // combining marks supplement
    {0x200B, 0x200F},                    // zero-width space, joiners, direction marks
    {0x202A, 0x202E},                    // bidi embedding controls
    {0x2060, 0x2064},                    // word joiner, invisible operators
    {0x20D0, 0x20FF},                    // combining marks for symbols
    {0xFE00, 0xFE0F},                    // variation selectors
    {0xFE20, 0xFE2F},                    // combining half marks
    {0xFEFF, 0xFEFF},                    // byte order mark
};

constexpr Range kWide[] = {
    {0x1100, 0x115F},    // Hangul Jamo initials
    {0x2E80, 0x303E},    // CJK radicals, Kangxi, CJK symbols and punctuation
    {0x3041, 0x33FF},    // kana, bopomofo, CJK compatibility
    {0x3400, 0x4DBF},    // CJK extension A
    {0x4E00, 0x9FFF},    // CJK unified ideographs
    {0xA000, 0xA4CF},    // Yi
    {0xA960, 0xA97F},    // Hangul Jamo extended A
    {0xAC00, 0xD7A3},    // Hangul syllables
    {0xF900, 0xFAFF},    // CJK compatibility ideographs
    {0xFE10, 0xFE19},    // vertical forms
    {0xFE30, 0xFE6F},    // CJK compatibility forms, small forms
    {0xFF00, 0xFF60},    // fullwidth forms
    {0xFFE0, 0xFFE6},    // fullwidth signs
    {0x1F300, 0x1F64F},  // pictographs, emoticons
    {0x1F900, 0x1F9FF},  // supplemental pictographs
    {0x20000, 0x2FFFD},  // CJK extensions B-F
    {0x30000, 0x3FFFD},  // CJK extension G
};

template <size_t N>
bool InRanges(const Range (&ranges)[N], char32_t code_point) {
  for (const Range& range : ranges) {
    if (code_point >= range.first && code_point <= range.last) return true;
  }
  return false;
}

}  // namespace

int CodePointWidth(char32_t code_point) {
  if (code_point == 0) return 0;
  if (InRanges(kZeroWidth, code_point)) return 0;
  if (InRanges(kWide, code_point)) return 2;
  return 1;
}

int DisplayWidth(absl::string_view text) {
  int width = 0;
  size_t i = 0;
  while (i < text.size()) {
    const auto lead = static_cast<unsigned char>(text[i]);
    size_t length = 1;
    char32_t code_point = lead;
    if (lead >= 0xF0 && lead <= 0xF4) {
      length = 4;
      code_point = lead & 0x07;
    } else if (lead >= 0xE0) {
      length = 3;
      code_point = lead & 0x0F;
    } else if (lead >= 0xC2 && lead < 0xE0) {
      length = 2;
      code_point = lead & 0x1F;
    } else if (lead >= 0x80) {
      length = 0;  // a stray continuation or invalid lead byte
    }
    bool valid = length != 0 && i + length <= text.size();
    for (size_t k = 1; valid && k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) valid = false;
      code_point = (code_point << 6) | (next & 0x3F);
    }
    if (!valid) {
      width += 1;
      i += 1;
      continue;
    }
    width += CodePointWidth(code_point);
    i += length;
  }
  return width;
}

std::string PadToWidth(absl::string_view text, int width) {
  std::string padded(text);
  const int current = DisplayWidth(text);
  if (current < width) padded.append(static_cast<size_t>(width - current), ' ');
  return padded;
}

}  // namespace rrmon::rrctl

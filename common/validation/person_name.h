#pragma once

// Person names as people write them in the regions rrmon serves: Han names, Uyghur,
// Kazakh and Mongolian names transliterated into Han with a middle dot (阿依古丽·买买提),
// names in Arabic script (ئايگۈل مەمەت), Cyrillic (Айгүл Мамырқызы), Mongolian script,
// Tibetan and Latin. The rule is "never reject a real name", while keeping out what no
// name contains: control and invisible formatting characters, digits, symbols.

#include <string_view>

#include "absl/status/status.h"

namespace rrmon::validation {

inline constexpr size_t kMaxPersonNameCodePoints = 64;
inline constexpr size_t kMaxPersonNameBytes = 256;

// Accepts letters and combining marks of any script, single spaces, and single name
// separators: the middle dot (U+00B7, and its look-alikes U+2022, U+30FB, U+2027,
// U+FF0E), hyphens and apostrophes. Rejects invalid UTF-8, empty names, leading or
// trailing whitespace, control and format characters (e.g. U+202E), digits, other
// punctuation and symbols, two separators in a row, more than 64 code points or 256 bytes.
absl::Status ValidatePersonName(std::string_view name, std::string_view field);

}  // namespace rrmon::validation

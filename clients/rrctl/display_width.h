#pragma once

// Terminal column width of UTF-8 text, so tables with Chinese, Uyghur or Kazakh names
// line up: East Asian wide and fullwidth characters take 2 columns, combining marks 0,
// everything else 1. A small table of ranges (after Unicode's EastAsianWidth.txt) is
// enough for the scripts this registry holds.

#include <string>

#include "absl/strings/string_view.h"

namespace rrmon::rrctl {

// Columns one code point takes.
int CodePointWidth(char32_t code_point);

// Columns `text` takes; an invalid byte counts as one column.
int DisplayWidth(absl::string_view text);

// `text` followed by spaces up to `width` columns (unchanged when already wider).
std::string PadToWidth(absl::string_view text, int width);

}  // namespace rrmon::rrctl

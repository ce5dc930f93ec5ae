#pragma once

// Money as township workers type it: yuan with at most two decimals ("1234.5"), held as
// whole fen (分) like the API, converted exactly, never through floating point.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rrmon::rrctl {

// "1234.5" -> 123450, "0.07" -> 7, "12" -> 1200. Spaces around are ignored. INVALID_ARGUMENT
// naming `what` for a negative amount, more than two decimals, separators ("1,234"),
// anything but digits and one point, or an amount too large to hold.
absl::StatusOr<int64_t> ParseYuan(absl::string_view text, absl::string_view what);

// 123450 -> "1234.50", 7 -> "0.07", -250 -> "-2.50".
std::string FormatYuan(int64_t fen);

}  // namespace rrmon::rrctl

#pragma once

// Dates and months as typed on the command line. Only the shape is checked here, so a
// typo is caught before anything is sent; whether the day exists, or may lie in the
// future, is the service's to say.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rrmon::rrctl {

// "2026-11-25" (spaces around dropped); INVALID_ARGUMENT naming `what` unless YYYY-MM-DD.
absl::StatusOr<std::string> CheckDateText(absl::string_view text, absl::string_view what);

// "2026-11"; INVALID_ARGUMENT naming `what` unless YYYY-MM.
absl::StatusOr<std::string> CheckMonthText(absl::string_view text, absl::string_view what);

}  // namespace rrmon::rrctl

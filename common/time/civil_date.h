#pragma once

// Calendar dates travel as `YYYY-MM-DD` strings (one choice for every API and CSV);
// inside, they are absl::CivilDay. Dates are civil, without a time zone; instants are
// absl::Time in UTC.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace rrmon {

// Parses a strict `YYYY-MM-DD` (zero-padded, a real calendar day, year 1900–2199).
// The error is INVALID_ARGUMENT naming `field`.
absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text, absl::string_view field);

// ParseDate, and a day that has happened: INVALID_ARGUMENT naming `field` ("is after
// today (YYYY-MM-DD, UTC)") for one after `today`. The one rule for dates a caller reports
// (an event, a check, an as-of day).
absl::StatusOr<absl::CivilDay> ParseDateNotAfter(absl::string_view text, absl::string_view field,
                                                 absl::CivilDay today);

// `YYYY-MM-DD`.
std::string FormatDate(absl::CivilDay day);

// The UTC calendar day of an instant.
absl::CivilDay UtcDay(absl::Time time);

// Whole months from `from` to `to`, a month counting once its day is reached, or the
// last day of a shorter month (2024-01-31 → 2024-02-28 is 0, → 2024-02-29 is 1).
int WholeMonthsBetween(absl::CivilDay from, absl::CivilDay to);

}  // namespace rrmon

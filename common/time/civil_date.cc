#include "common/time/civil_date.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/status_details.h"

namespace rrmon {

absl::StatusOr<absl::CivilDay> ParseDate(absl::string_view text, absl::string_view field) {
  auto bad = [&] { return InvalidFieldError(field, "must be a calendar date YYYY-MM-DD"); };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return bad();
  }
  auto number = [&](size_t pos, size_t len) {
    int value = 0;
    for (size_t i = pos; i < pos + len; ++i) value = value * 10 + (text[i] - '0');
    return value;
  };
  const int year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1) return bad();
  absl::CivilDay civil(year, month, day);
  // CivilDay normalises 2023-02-30 to 2023-03-02: a changed field means not a real day.
  if (civil.year() != year || civil.month() != month || civil.day() != day) return bad();
  return civil;
}

absl::StatusOr<absl::CivilDay> ParseDateNotAfter(absl::string_view text, absl::string_view field,
                                                 absl::CivilDay today) {
  absl::StatusOr<absl::CivilDay> day = ParseDate(text, field);
  if (day.ok() && *day > today) {
    return InvalidFieldError(field, absl::StrCat("is after today (", FormatDate(today), ", UTC)"));
  }
  return day;
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay UtcDay(absl::Time time) { return absl::ToCivilDay(time, absl::UTCTimeZone()); }

int WholeMonthsBetween(absl::CivilDay from, absl::CivilDay to) {
  int months = static_cast<int>((to.year() - from.year()) * 12 + (to.month() - from.month()));
  if (months > 0 && to.day() < from.day()) {
    // Not yet the same day of the month, unless `to` is the last day of a shorter month.
    const bool last_day_of_month = absl::CivilDay(to.year(), to.month(), to.day() + 1).day() == 1;
    if (!last_day_of_month) --months;
  }
  if (months < 0 && to.day() > from.day()) ++months;
  return months;
}

}  // namespace rrmon

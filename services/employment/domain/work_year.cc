#include "services/employment/domain/work_year.h"

#include <algorithm>
#include <set>
#include <utility>

#include "services/employment/domain/job_spell_rules.h"

namespace rrmon::employment {
namespace {

struct DayRange {
  absl::CivilDay first;
  absl::CivilDay last;
};

// The spell's days within `year`, if any.
std::optional<DayRange> DaysInYear(const v1::JobSpell& spell, int year) {
  const absl::CivilDay year_start(year, 1, 1);
  const absl::CivilDay year_end(year, 12, 31);
  const absl::CivilDay start = StartOf(spell);
  const absl::CivilDay end = EndOf(spell).value_or(year_end);
  const absl::CivilDay first = std::max(start, year_start);
  const absl::CivilDay last = std::min(end, year_end);
  if (last < first) return std::nullopt;
  return DayRange{first, last};
}

}  // namespace

WorkYear WorkInYear(const std::vector<v1::JobSpell>& spells, int year, const EmployedRule& rule) {
  WorkYear work;
  std::vector<DayRange> ranges;
  const v1::JobSpell* main = nullptr;
  int64_t main_days = 0;
  for (const v1::JobSpell& spell : spells) {
    std::optional<DayRange> range = DaysInYear(spell, year);
    if (!range.has_value()) continue;
    ranges.push_back(*range);
    const int64_t days = range->last - range->first + 1;
    const bool better =
        main == nullptr || days > main_days ||
        (days == main_days && (StartOf(spell) < StartOf(*main) ||
                               (StartOf(spell) == StartOf(*main) && spell.name() < main->name())));
    if (better) {
      main = &spell;
      main_days = days;
    }
  }
  if (main != nullptr) {
    work.main_form = main->form();
    work.main_tier = main->place_tier();
  }
  // Walk the union of the ranges in day order until min_days are covered.
  std::sort(ranges.begin(), ranges.end(),
            [](const DayRange& a, const DayRange& b) { return a.first < b.first; });
  int64_t covered = 0;
  std::optional<absl::CivilDay> counted_through;  // last day already counted
  const int64_t needed = std::max(1, rule.min_days);
  for (const DayRange& range : ranges) {
    absl::CivilDay from = range.first;
    if (counted_through.has_value() && from <= *counted_through) from = *counted_through + 1;
    if (range.last < from) continue;
    const int64_t days = range.last - from + 1;
    if (covered + days >= needed) {
      work.employed_from = from + (needed - covered - 1);
      return work;
    }
    covered += days;
    counted_through = range.last;
  }
  return work;
}

std::optional<absl::CivilDay> PersonTimeDay(const v1::JobSpell& spell, int year) {
  if (!IsOutsideHomeCounty(spell.place_tier())) return std::nullopt;
  std::optional<DayRange> range = DaysInYear(spell, year);
  if (!range.has_value()) return std::nullopt;
  return range->first;
}

std::vector<int> YearsMet(const std::vector<v1::JobSpell>& spells, int through_year) {
  std::set<int> years;
  for (const v1::JobSpell& spell : spells) {
    const int first = static_cast<int>(StartOf(spell).year());
    const std::optional<absl::CivilDay> end = EndOf(spell);
    const int last =
        end.has_value() ? static_cast<int>(end->year()) : std::max(first, through_year);
    for (int year = first; year <= last; ++year) years.insert(year);
  }
  return {years.begin(), years.end()};
}

}  // namespace rrmon::employment

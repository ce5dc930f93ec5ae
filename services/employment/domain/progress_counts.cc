#include "services/employment/domain/progress_counts.h"

#include <algorithm>

#include "absl/strings/str_format.h"
#include "common/time/civil_date.h"
#include "services/employment/domain/job_spell_rules.h"

namespace rrmon::employment {
namespace {

constexpr size_t kAreaDigits[] = {2, 4, 6, 9, 12};

void AddEverywhere(const std::string& village, ProgressCountKey key, int64_t n,
                   ProgressContribution& contribution) {
  if (n == 0) return;
  for (size_t digits : kAreaDigits) {
    if (village.size() < digits) break;
    key.area = village.substr(0, digits);
    contribution[key] += n;
  }
}

}  // namespace

ProgressContribution ContributionOf(const v1::Labourer& labourer,
                                    const std::vector<v1::JobSpell>& spells,
                                    const std::vector<v1::Business>& businesses,
                                    const EmployedRule& rule, int through_year) {
  ProgressContribution contribution;
  const std::string& village = labourer.region_code();
  for (int year : YearsMet(spells, through_year)) {
    if (year > through_year) break;
    const WorkYear work = WorkInYear(spells, year, rule);
    if (work.employed_from.has_value()) {
      ProgressCountKey key;
      key.year = year;
      key.form = work.main_form;
      key.tier = work.main_tier;
      key.day = *work.employed_from;
      key.figure = ProgressFigure::kRuralLabourEmployed;
      AddEverywhere(village, key, 1, contribution);
      if (labourer.poverty_alleviated_labour()) {
        key.figure = ProgressFigure::kPovertyAlleviatedEmployed;
        AddEverywhere(village, key, 1, contribution);
      }
    }
    for (const v1::JobSpell& spell : spells) {
      const std::optional<absl::CivilDay> day = PersonTimeDay(spell, year);
      if (!day.has_value()) continue;
      ProgressCountKey key;
      key.year = year;
      key.figure = ProgressFigure::kOutOfCountyPersonTimes;
      key.form = spell.form();
      key.tier = spell.place_tier();
      key.day = *day;
      AddEverywhere(village, key, 1, contribution);
    }
  }
  for (const v1::Business& business : businesses) {
    const absl::StatusOr<absl::CivilDay> start = ParseDate(business.start_date(), "start_date");
    if (!start.ok() || start->year() > through_year) continue;
    ProgressCountKey key;
    key.year = static_cast<int>(start->year());
    key.day = *start;
    key.figure = ProgressFigure::kNewBusinesses;
    AddEverywhere(village, key, 1, contribution);
    key.figure = ProgressFigure::kBusinessJobs;
    AddEverywhere(village, key, business.employees(), contribution);
  }
  return contribution;
}

std::vector<std::pair<ProgressCountKey, int64_t>> CountChanges(const ProgressContribution& before,
                                                               const ProgressContribution& after) {
  std::vector<std::pair<ProgressCountKey, int64_t>> changes;
  auto b = before.begin();
  auto a = after.begin();
  // Both maps are ordered: one merge pass.
  while (b != before.end() || a != after.end()) {
    if (a == after.end() || (b != before.end() && b->first < a->first)) {
      changes.emplace_back(b->first, -b->second);
      ++b;
    } else if (b == before.end() || a->first < b->first) {
      changes.emplace_back(a->first, a->second);
      ++a;
    } else {
      if (a->second != b->second) changes.emplace_back(a->first, a->second - b->second);
      ++a;
      ++b;
    }
  }
  return changes;
}

int32_t CompletionBasisPoints(int64_t done, int64_t target) {
  if (target <= 0 || done <= 0) return 0;
  // done × 10000 ÷ target, half up: (2 × done × 10000 + target) ÷ (2 × target).
  const int64_t basis_points = (2 * done * 10000 + target) / (2 * target);
  return static_cast<int32_t>(std::min<int64_t>(basis_points, INT32_MAX));
}

std::string FormatBasisPoints(int32_t basis_points) {
  return absl::StrFormat("%d.%02d", basis_points / 100, basis_points % 100);
}

}  // namespace rrmon::employment

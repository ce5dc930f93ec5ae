#pragma once

// The counts behind GetEmploymentProgress, kept up to date instead of recounted: every
// labourer aggregate (the labourer, their spells and businesses) contributes a few counts
// to each area that contains their home village, and a write applies the difference
// between the aggregate's contribution before and after. The progress of a region as of
// a day is then a sum over its own rows with day ≤ that day: the cost grows with the
// areas and days, not with the labourers. Pure: the rule and the years are given.

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "rrmon/employment/v1/labour.pb.h"
#include "services/employment/domain/work_year.h"

namespace rrmon::employment {

// What a count counts. Stored as integers: never renumber.
enum class ProgressFigure : int {
  // A poverty-alleviated labourer employed in the year, once, from the day they count
  // as employed, under the form and tier of their main job.
  kPovertyAlleviatedEmployed = 1,
  // Any rural labourer employed in the year, likewise.
  kRuralLabourEmployed = 2,
  // A spell worked outside the home county, once per year it meets, from its first day
  // in the year, under its own form and tier.
  kOutOfCountyPersonTimes = 3,
  // A business started in the year, on its start day.
  kNewBusinesses = 4,
  // The jobs a business started in the year created, on its start day.
  kBusinessJobs = 5,
};

struct ProgressCountKey {
  std::string area;  // a prefix of 2, 4, 6, 9 or 12 digits of the home village
  int year = 0;
  ProgressFigure figure = ProgressFigure::kRuralLabourEmployed;
  int form = 0;  // v1::JobForm, 0 for businesses
  int tier = 0;  // v1::PlaceTier, 0 for businesses
  absl::CivilDay day;

  // absl::CivilDay has no operator<=>: the order is written out.
  auto Tied() const { return std::tie(area, year, figure, form, tier, day); }
  friend bool operator<(const ProgressCountKey& a, const ProgressCountKey& b) {
    return a.Tied() < b.Tied();
  }
  friend bool operator==(const ProgressCountKey& a, const ProgressCountKey& b) {
    return a.Tied() == b.Tied();
  }
};

// What one aggregate adds to the counts.
using ProgressContribution = std::map<ProgressCountKey, int64_t>;

// The aggregate's contribution to every year up to and including `through_year` (an
// ongoing spell is counted in each year from its start to that one; later years are
// added when the counts are rolled forward to them).
ProgressContribution ContributionOf(const v1::Labourer& labourer,
                                    const std::vector<v1::JobSpell>& spells,
                                    const std::vector<v1::Business>& businesses,
                                    const EmployedRule& rule, int through_year);

// What to add to the stored counts when an aggregate's contribution goes from `before`
// to `after`: only the keys whose count changes, with the signed difference.
std::vector<std::pair<ProgressCountKey, int64_t>> CountChanges(const ProgressContribution& before,
                                                               const ProgressContribution& after);

// `done` ÷ `target` in hundredths of a percent, rounded half up (16,989 ÷ 16,500 →
// 10296); 0 when the target is not positive.
int32_t CompletionBasisPoints(int64_t done, int64_t target);

// Basis points as a percentage with two decimals: 10296 → "102.96", 5 → "0.05".
std::string FormatBasisPoints(int32_t basis_points);

}  // namespace rrmon::employment

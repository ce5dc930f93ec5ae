#include "services/employment/domain/wage_income.h"

#include <algorithm>

#include "services/employment/domain/job_spell_rules.h"

namespace rrmon::employment {

int64_t WageIncomeFen(const std::vector<v1::JobSpell>& spells, absl::CivilMonth first,
                      absl::CivilMonth last) {
  int64_t total = 0;
  for (const v1::JobSpell& spell : spells) {
    const absl::CivilDay start = StartOf(spell);
    const absl::CivilDay end = EndOf(spell).value_or(absl::CivilDay(last + 1) - 1);
    for (absl::CivilMonth month = std::max(first, absl::CivilMonth(start));
         month <= last && absl::CivilDay(month) <= end; ++month) {
      const absl::CivilDay month_first(month);
      const absl::CivilDay month_last = absl::CivilDay(month + 1) - 1;
      const absl::CivilDay from = std::max(start, month_first);
      const absl::CivilDay to = std::min(end, month_last);
      if (to < from) continue;
      const int64_t worked = to - from + 1;
      const int64_t days = month_last - month_first + 1;
      total += spell.monthly_income_fen() * worked / days;
    }
  }
  return total;
}

}  // namespace rrmon::employment

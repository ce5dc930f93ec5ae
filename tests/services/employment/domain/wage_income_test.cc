#include "services/employment/domain/wage_income.h"

#include <gtest/gtest.h>

namespace rrmon::employment {
namespace {

v1::JobSpell Spell(const std::string& start, const std::string& end, int64_t monthly_fen) {
  v1::JobSpell spell;
  spell.set_start_date(start);
  spell.set_end_date(end);
  spell.set_monthly_income_fen(monthly_fen);
  return spell;
}

const absl::CivilMonth kJan(2026, 1);
const absl::CivilMonth kDec(2026, 12);

TEST(WageIncomeTest, WholeMonthsEarnTheMonthlyIncome) {
  EXPECT_EQ(WageIncomeFen({Spell("2026-03-01", "2026-05-31", 400000)}, kJan, kDec), 3 * 400000);
}

TEST(WageIncomeTest, PartMonthsEarnTheirShareOfDays) {
  // 16–30 June: 15 of 30 days; 1–10 July: 10 of 31 days, rounded down.
  EXPECT_EQ(WageIncomeFen({Spell("2026-06-16", "2026-07-10", 310000)}, kJan, kDec),
            310000 * 15 / 30 + 310000 * 10 / 31);
}

TEST(WageIncomeTest, OnlyTheMonthsAskedForCount) {
  const std::vector<v1::JobSpell> spells = {Spell("2025-11-01", "2026-02-28", 300000)};
  EXPECT_EQ(WageIncomeFen(spells, kJan, kDec), 2 * 300000);
  EXPECT_EQ(WageIncomeFen(spells, absl::CivilMonth(2025, 12), absl::CivilMonth(2025, 12)), 300000);
  EXPECT_EQ(WageIncomeFen(spells, absl::CivilMonth(2026, 3), kDec), 0);
}

TEST(WageIncomeTest, AnOngoingSpellRunsToTheEndOfThePeriod) {
  EXPECT_EQ(WageIncomeFen({Spell("2026-10-01", "", 500000)}, kJan, kDec), 3 * 500000);
}

TEST(WageIncomeTest, SeveralSpellsAndJobsAddUp) {
  // A main job all year and a second job in two months: wages of both are income.
  const std::vector<v1::JobSpell> spells = {Spell("2025-06-01", "", 200000),
                                            Spell("2026-07-01", "2026-08-31", 100000)};
  EXPECT_EQ(WageIncomeFen(spells, kJan, kDec), 12 * 200000 + 2 * 100000);
  EXPECT_EQ(WageIncomeFen({}, kJan, kDec), 0);
}

}  // namespace
}  // namespace rrmon::employment

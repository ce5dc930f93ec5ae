#include "services/employment/domain/work_year.h"

#include <gtest/gtest.h>

namespace rrmon::employment {
namespace {

v1::JobSpell Spell(const std::string& name, const std::string& start, const std::string& end,
                   v1::PlaceTier tier = v1::PLACE_TIER_IN_COUNTY,
                   v1::JobForm form = v1::JOB_FORM_ENTERPRISE) {
  v1::JobSpell spell;
  spell.set_name(name);
  spell.set_start_date(start);
  spell.set_end_date(end);
  spell.set_place_tier(tier);
  spell.set_form(form);
  return spell;
}

const EmployedRule kMonth{30};

TEST(WorkInYearTest, EmployedFromTheDayTheMinimumIsReached) {
  const WorkYear work = WorkInYear({Spell("a", "2022-03-01", "2022-06-30")}, 2022, kMonth);
  ASSERT_TRUE(work.employed_from.has_value());
  EXPECT_EQ(*work.employed_from, absl::CivilDay(2022, 3, 30));  // the 30th day worked
  EXPECT_EQ(work.main_form, v1::JOB_FORM_ENTERPRISE);
}

TEST(WorkInYearTest, ExactlyTheMinimumCountsOneDayLessDoesNot) {
  EXPECT_TRUE(
      WorkInYear({Spell("a", "2022-04-01", "2022-04-30")}, 2022, kMonth).employed_from.has_value());
  EXPECT_FALSE(
      WorkInYear({Spell("a", "2022-04-01", "2022-04-29")}, 2022, kMonth).employed_from.has_value());
}

TEST(WorkInYearTest, DaysOfSeveralSpellsAddUpAndADayOnTwoJobsCountsOnce) {
  // 15 + 15 days in two spells: employed on the 15th day of the second.
  const WorkYear two =
      WorkInYear({Spell("a", "2022-01-01", "2022-01-15"), Spell("b", "2022-05-01", "2022-05-20")},
                 2022, kMonth);
  ASSERT_TRUE(two.employed_from.has_value());
  EXPECT_EQ(*two.employed_from, absl::CivilDay(2022, 5, 15));
  // A second job over the same 20 days adds no day.
  v1::JobSpell second = Spell("c", "2022-05-01", "2022-05-20");
  second.set_second_job(true);
  EXPECT_FALSE(WorkInYear({Spell("b", "2022-05-01", "2022-05-20"), second}, 2022, kMonth)
                   .employed_from.has_value());
}

TEST(WorkInYearTest, OnlyDaysInsideTheYearCount) {
  // 20 days of December 2021 and 20 of January 2022: not a month in either year.
  const std::vector<v1::JobSpell> spells = {Spell("a", "2021-12-12", "2022-01-20")};
  EXPECT_FALSE(WorkInYear(spells, 2021, kMonth).employed_from.has_value());
  EXPECT_FALSE(WorkInYear(spells, 2022, kMonth).employed_from.has_value());
  EXPECT_TRUE(WorkInYear(spells, 2022, EmployedRule{20}).employed_from.has_value());
}

TEST(WorkInYearTest, AnOngoingSpellIsTakenToGoOnToTheEndOfTheYear) {
  const WorkYear work = WorkInYear({Spell("a", "2022-12-01", "")}, 2022, kMonth);
  ASSERT_TRUE(work.employed_from.has_value());
  EXPECT_EQ(*work.employed_from, absl::CivilDay(2022, 12, 30));
  EXPECT_FALSE(WorkInYear({Spell("a", "2022-12-03", "")}, 2022, kMonth).employed_from.has_value());
}

TEST(WorkInYearTest, TheMainJobIsTheOneWithMostDaysInTheYear) {
  const WorkYear work =
      WorkInYear({Spell("a", "2022-01-01", "2022-02-28", v1::PLACE_TIER_IN_TOWNSHIP),
                  Spell("b", "2022-03-01", "2022-12-31", v1::PLACE_TIER_OUT_OF_PROVINCE,
                        v1::JOB_FORM_FLEXIBLE)},
                 2022, kMonth);
  EXPECT_EQ(work.main_tier, v1::PLACE_TIER_OUT_OF_PROVINCE);
  EXPECT_EQ(work.main_form, v1::JOB_FORM_FLEXIBLE);
  // A tie goes to the earlier start.
  const WorkYear tie =
      WorkInYear({Spell("b", "2022-06-01", "2022-06-30", v1::PLACE_TIER_IN_PROVINCE),
                  Spell("a", "2022-03-01", "2022-03-30", v1::PLACE_TIER_IN_TOWNSHIP)},
                 2022, kMonth);
  EXPECT_EQ(tie.main_tier, v1::PLACE_TIER_IN_TOWNSHIP);
}

TEST(PersonTimeDayTest, OnlySpellsOutsideTheHomeCountyFromTheirFirstDayInTheYear) {
  EXPECT_FALSE(PersonTimeDay(Spell("a", "2022-03-01", "", v1::PLACE_TIER_IN_COUNTY), 2022));
  EXPECT_FALSE(PersonTimeDay(Spell("a", "2022-03-01", "", v1::PLACE_TIER_IN_TOWNSHIP), 2022));
  const v1::JobSpell away = Spell("a", "2021-11-01", "2022-02-01", v1::PLACE_TIER_IN_PROVINCE);
  EXPECT_EQ(PersonTimeDay(away, 2021), absl::CivilDay(2021, 11, 1));
  EXPECT_EQ(PersonTimeDay(away, 2022), absl::CivilDay(2022, 1, 1));
  EXPECT_FALSE(PersonTimeDay(away, 2023));
  EXPECT_TRUE(PersonTimeDay(Spell("a", "2022-03-01", "", v1::PLACE_TIER_OUT_OF_PROVINCE), 2024));
}

TEST(YearsMetTest, FromTheFirstStartToTheLastEndOngoingThroughTheYearGiven) {
  EXPECT_EQ(YearsMet({Spell("a", "2020-05-01", "2021-02-01")}, 2030),
            (std::vector<int>{2020, 2021}));
  EXPECT_EQ(YearsMet({Spell("a", "2021-05-01", "")}, 2023), (std::vector<int>{2021, 2022, 2023}));
  EXPECT_TRUE(YearsMet({}, 2023).empty());
}

}  // namespace
}  // namespace rrmon::employment

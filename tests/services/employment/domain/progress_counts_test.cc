#include "services/employment/domain/progress_counts.h"

#include <gtest/gtest.h>

namespace rrmon::employment {
namespace {

constexpr char kVillage[] = "654201101001";

v1::Labourer Labourer(bool poverty_alleviated) {
  v1::Labourer labourer;
  labourer.set_name("labourers/l1");
  labourer.set_region_code(kVillage);
  labourer.set_poverty_alleviated_labour(poverty_alleviated);
  return labourer;
}

v1::JobSpell Spell(const std::string& name, const std::string& start, const std::string& end,
                   v1::PlaceTier tier) {
  v1::JobSpell spell;
  spell.set_name(name);
  spell.set_start_date(start);
  spell.set_end_date(end);
  spell.set_place_tier(tier);
  spell.set_form(v1::JOB_FORM_ENTERPRISE);
  return spell;
}

v1::Business Business(const std::string& start, int32_t employees) {
  v1::Business business;
  business.set_name("labourers/l1/businesses/b1");
  business.set_start_date(start);
  business.set_employees(employees);
  return business;
}

// The sum of `figure` in `area` and `year` over every key.
int64_t Total(const ProgressContribution& contribution, const std::string& area, int year,
              ProgressFigure figure) {
  int64_t total = 0;
  for (const auto& [key, n] : contribution) {
    if (key.area == area && key.year == year && key.figure == figure) total += n;
  }
  return total;
}

const EmployedRule kMonth{30};

TEST(ContributionOfTest, APovertyAlleviatedLabourerCountsOnceAtEveryLevel) {
  const ProgressContribution c =
      ContributionOf(Labourer(true),
                     {Spell("s1", "2022-03-01", "2022-05-31", v1::PLACE_TIER_IN_PROVINCE),
                      Spell("s2", "2022-07-01", "2022-09-30", v1::PLACE_TIER_OUT_OF_PROVINCE)},
                     {}, kMonth, 2022);
  for (const std::string area : {"65", "6542", "654201", "654201101", kVillage}) {
    EXPECT_EQ(Total(c, area, 2022, ProgressFigure::kPovertyAlleviatedEmployed), 1) << area;
    EXPECT_EQ(Total(c, area, 2022, ProgressFigure::kRuralLabourEmployed), 1) << area;
    // Two spells away from the county: two person-times, one person.
    EXPECT_EQ(Total(c, area, 2022, ProgressFigure::kOutOfCountyPersonTimes), 2) << area;
  }
  EXPECT_EQ(Total(c, "654202", 2022, ProgressFigure::kRuralLabourEmployed), 0);
}

TEST(ContributionOfTest, OtherRuralLabourIsNotPovertyAlleviated) {
  const ProgressContribution c =
      ContributionOf(Labourer(false), {Spell("s1", "2022-03-01", "", v1::PLACE_TIER_IN_TOWNSHIP)},
                     {}, kMonth, 2022);
  EXPECT_EQ(Total(c, "6542", 2022, ProgressFigure::kPovertyAlleviatedEmployed), 0);
  EXPECT_EQ(Total(c, "6542", 2022, ProgressFigure::kRuralLabourEmployed), 1);
  // In the township: no person-time of migrant work.
  EXPECT_EQ(Total(c, "6542", 2022, ProgressFigure::kOutOfCountyPersonTimes), 0);
}

TEST(ContributionOfTest, AnOngoingSpellCountsInEachYearThroughTheOneGiven) {
  const std::vector<v1::JobSpell> spells = {
      Spell("s1", "2021-06-01", "", v1::PLACE_TIER_OUT_OF_PROVINCE)};
  const ProgressContribution to2022 = ContributionOf(Labourer(true), spells, {}, kMonth, 2022);
  EXPECT_EQ(Total(to2022, "6542", 2021, ProgressFigure::kPovertyAlleviatedEmployed), 1);
  EXPECT_EQ(Total(to2022, "6542", 2022, ProgressFigure::kPovertyAlleviatedEmployed), 1);
  EXPECT_EQ(Total(to2022, "6542", 2022, ProgressFigure::kOutOfCountyPersonTimes), 1);
  EXPECT_EQ(Total(to2022, "6542", 2023, ProgressFigure::kPovertyAlleviatedEmployed), 0);
  const ProgressContribution to2023 = ContributionOf(Labourer(true), spells, {}, kMonth, 2023);
  EXPECT_EQ(Total(to2023, "6542", 2023, ProgressFigure::kPovertyAlleviatedEmployed), 1);
  // Rolling forward changes only the new year.
  for (const auto& [key, n] : CountChanges(to2022, to2023)) {
    EXPECT_EQ(key.year, 2023);
    EXPECT_EQ(n, 1);
  }
}

TEST(ContributionOfTest, TheDayCountedIsTheDayTheRuleIsMet) {
  const ProgressContribution c =
      ContributionOf(Labourer(true), {Spell("s1", "2022-03-01", "", v1::PLACE_TIER_IN_COUNTY)}, {},
                     EmployedRule{90}, 2022);
  for (const auto& [key, n] : c) {
    if (key.figure == ProgressFigure::kPovertyAlleviatedEmployed) {
      EXPECT_EQ(key.day, absl::CivilDay(2022, 5, 29));  // 31 + 30 + 29 days
    }
  }
}

TEST(ContributionOfTest, BusinessesCountInTheirStartYearWithTheirJobs) {
  const ProgressContribution c = ContributionOf(
      Labourer(false), {}, {Business("2022-04-10", 3), Business("2021-01-05", 2)}, kMonth, 2022);
  EXPECT_EQ(Total(c, "654201", 2022, ProgressFigure::kNewBusinesses), 1);
  EXPECT_EQ(Total(c, "654201", 2022, ProgressFigure::kBusinessJobs), 3);
  EXPECT_EQ(Total(c, "654201", 2021, ProgressFigure::kBusinessJobs), 2);
  // A one-person business adds no job row at all.
  const ProgressContribution solo =
      ContributionOf(Labourer(false), {}, {Business("2022-04-10", 0)}, kMonth, 2022);
  EXPECT_EQ(Total(solo, "65", 2022, ProgressFigure::kNewBusinesses), 1);
  EXPECT_EQ(solo.size(), 5U);
}

TEST(CountChangesTest, OnlyTheDifferenceIsApplied) {
  const std::vector<v1::JobSpell> spells = {
      Spell("s1", "2022-03-01", "", v1::PLACE_TIER_IN_COUNTY)};
  const ProgressContribution before = ContributionOf(Labourer(false), spells, {}, kMonth, 2022);
  const ProgressContribution after = ContributionOf(Labourer(true), spells, {}, kMonth, 2022);
  const auto changes = CountChanges(before, after);
  ASSERT_EQ(changes.size(), 5U);  // the poverty-alleviated count at five levels
  for (const auto& [key, n] : changes) {
    EXPECT_EQ(key.figure, ProgressFigure::kPovertyAlleviatedEmployed);
    EXPECT_EQ(n, 1);
  }
  EXPECT_TRUE(CountChanges(after, after).empty());
  // Removing everything takes back what was added.
  int64_t removed = 0;
  for (const auto& [key, n] : CountChanges(after, {})) removed += n;
  EXPECT_EQ(removed, -static_cast<int64_t>(after.size()));
}

TEST(CompletionTest, RoundedHalfUpToHundredthsOfAPercent) {
  EXPECT_EQ(CompletionBasisPoints(16989, 16500), 10296);
  EXPECT_EQ(FormatBasisPoints(10296), "102.96");
  // 1 ÷ 8 = 12.5 % exactly; 1 ÷ 16 = 6.25 %; 1 ÷ 32 = 3.125 % → 3.13 (half up).
  EXPECT_EQ(CompletionBasisPoints(1, 32), 313);
  EXPECT_EQ(CompletionBasisPoints(1, 3), 3333);
  EXPECT_EQ(CompletionBasisPoints(2, 3), 6667);
  EXPECT_EQ(CompletionBasisPoints(5, 0), 0);
  EXPECT_EQ(FormatBasisPoints(5), "0.05");
  EXPECT_EQ(FormatBasisPoints(0), "0.00");
}

}  // namespace
}  // namespace rrmon::employment

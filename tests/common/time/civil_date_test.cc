#include "common/time/civil_date.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/status/status_details.h"

namespace rrmon {
namespace {

absl::CivilDay Day(int y, int m, int d) { return absl::CivilDay(y, m, d); }

TEST(ParseDateTest, AcceptsRealDays) {
  auto leap = ParseDate(std::string("2024-02-29"), "birth_date");
  ASSERT_TRUE(leap.ok()) << leap.status();
  EXPECT_EQ(*leap, Day(2024, 2, 29));
  auto first = ParseDate(std::string("1900-01-01"), "birth_date");
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(*first, Day(1900, 1, 1));
  auto last = ParseDate(std::string("2199-12-31"), "birth_date");
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(*last, Day(2199, 12, 31));
  auto ordinary = ParseDate(std::string("2023-01-01"), "birth_date");
  ASSERT_TRUE(ordinary.ok()) << ordinary.status();
  EXPECT_EQ(*ordinary, Day(2023, 1, 1));
}

class ParseDateRejectsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(ParseDateRejectsTest, NamesTheField) {
  const auto parsed = ParseDate(GetParam(), "household.members[1].birth_date");
  ASSERT_FALSE(parsed.ok()) << GetParam();
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(parsed.status().message()),
              ::testing::StartsWith("household.members[1].birth_date: "));
  const auto bad_request = GetBadRequest(parsed.status());
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "household.members[1].birth_date");
}

INSTANTIATE_TEST_SUITE_P(Malformed, ParseDateRejectsTest,
                         ::testing::Values("2023-02-29", "2023-13-01", "2023-00-10", "2023-04-31",
                                           "2023-01-00", "2023-1-01", "2023-01-1", "2023/01/01",
                                           " 2023-01-01", "2023-01-01 ", "1899-12-31", "2200-01-01",
                                           "", "20230101", "2023-0a-01", "+023-01-01",
                                           "2023-01-01T00:00:00Z"));

TEST(FormatDateTest, ZeroPads) {
  EXPECT_EQ(FormatDate(Day(2024, 2, 9)), "2024-02-09");
  EXPECT_EQ(FormatDate(Day(1900, 1, 1)), "1900-01-01");
  EXPECT_EQ(FormatDate(Day(2023, 12, 31)), "2023-12-31");
}

TEST(FormatDateTest, RoundTripsWithParse) {
  for (const absl::CivilDay day : {Day(2024, 2, 29), Day(1999, 7, 4), Day(2100, 3, 1)}) {
    auto parsed = ParseDate(FormatDate(day), "d");
    ASSERT_TRUE(parsed.ok()) << parsed.status();
    EXPECT_EQ(*parsed, day);
  }
}

TEST(UtcDayTest, UsesUtc) {
  // 2024-03-01T23:30:00Z is already 2024-03-02 in Beijing; UtcDay must not care.
  const absl::Time time =
      absl::FromCivil(absl::CivilSecond(2024, 3, 1, 23, 30, 0), absl::UTCTimeZone());
  EXPECT_EQ(UtcDay(time), Day(2024, 3, 1));
  EXPECT_EQ(UtcDay(time + absl::Minutes(30)), Day(2024, 3, 2));
}

TEST(WholeMonthsBetweenTest, EndOfMonth) {
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 1, 31), Day(2024, 2, 28)), 0);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 1, 31), Day(2024, 2, 29)), 1);
  EXPECT_EQ(WholeMonthsBetween(Day(2023, 1, 31), Day(2023, 2, 28)), 1);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 3, 31), Day(2024, 4, 30)), 1);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 3, 31), Day(2024, 4, 29)), 0);
}

TEST(WholeMonthsBetweenTest, CountsOnceTheDayIsReached) {
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 1, 15), Day(2024, 7, 14)), 5);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 1, 15), Day(2024, 7, 15)), 6);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 1, 15), Day(2024, 7, 16)), 6);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 1, 15), Day(2024, 2, 14)), 0);
}

TEST(WholeMonthsBetweenTest, SameDayIsZero) {
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 5, 5), Day(2024, 5, 5)), 0);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 5, 1), Day(2024, 5, 31)), 0);
}

TEST(WholeMonthsBetweenTest, AcrossYearBoundaries) {
  EXPECT_EQ(WholeMonthsBetween(Day(2023, 12, 15), Day(2024, 1, 14)), 0);
  EXPECT_EQ(WholeMonthsBetween(Day(2023, 12, 15), Day(2024, 1, 15)), 1);
  EXPECT_EQ(WholeMonthsBetween(Day(2023, 11, 30), Day(2024, 2, 29)), 3);
  EXPECT_EQ(WholeMonthsBetween(Day(2020, 6, 1), Day(2024, 6, 1)), 48);
  EXPECT_EQ(WholeMonthsBetween(Day(2020, 6, 2), Day(2024, 6, 1)), 47);
}

TEST(WholeMonthsBetweenTest, NegativeDirection) {
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 7, 15), Day(2024, 1, 15)), -6);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 7, 14), Day(2024, 1, 15)), -5);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 1, 14), Day(2023, 12, 15)), 0);
  EXPECT_EQ(WholeMonthsBetween(Day(2024, 1, 15), Day(2023, 12, 15)), -1);
  EXPECT_LT(WholeMonthsBetween(Day(2024, 7, 20), Day(2024, 1, 10)), 0);
}

}  // namespace
}  // namespace rrmon

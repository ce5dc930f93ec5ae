#include "clients/rrctl/date_text.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace rrmon::rrctl {
namespace {

using ::testing::HasSubstr;

TEST(DateTextTest, DatesNeedTheShapeOnly) {
  EXPECT_EQ(*CheckDateText("2026-11-25", "--start"), "2026-11-25");
  EXPECT_EQ(*CheckDateText(" 2026-11-25\n", "--start"), "2026-11-25");
  // The service decides whether the day exists.
  EXPECT_TRUE(CheckDateText("2026-02-30", "--start").ok());
  for (const char* bad : {"", "2026-1-25", "2026/11/25", "20261125", "2026-11", "2026-11-25T00",
                          "２０２６-11-25", "yesterday"}) {
    absl::StatusOr<std::string> date = CheckDateText(bad, "--start");
    ASSERT_FALSE(date.ok()) << bad;
    EXPECT_THAT(std::string(date.status().message()),
                HasSubstr("is not a date YYYY-MM-DD (e.g. 2026-11-25)"));
    EXPECT_THAT(std::string(date.status().message()), HasSubstr("--start"));
  }
}

TEST(DateTextTest, MonthsAreYearDashMonth) {
  EXPECT_EQ(*CheckMonthText("2026-11", "--month"), "2026-11");
  for (const char* bad : {"", "2026-11-01", "2026-1", "11-2026", "202611"}) {
    absl::StatusOr<std::string> month = CheckMonthText(bad, "--month");
    ASSERT_FALSE(month.ok()) << bad;
    EXPECT_THAT(std::string(month.status().message()), HasSubstr("--month: "));
    EXPECT_THAT(std::string(month.status().message()), HasSubstr("a month YYYY-MM"));
  }
}

}  // namespace
}  // namespace rrmon::rrctl

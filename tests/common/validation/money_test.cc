#include "common/validation/money.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "tests/common/validation/field_error_matchers.h"

namespace rrmon::validation {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST(ParseYuanToFenTest, ParsesAmounts) {
  EXPECT_EQ(ParseYuanToFen("21914", "income").value(), 2191400);
  EXPECT_EQ(ParseYuanToFen("1500.5", "income").value(), 150050);
  EXPECT_EQ(ParseYuanToFen("1500.05", "income").value(), 150005);
  EXPECT_EQ(ParseYuanToFen("-3.25", "income").value(), -325);
  EXPECT_EQ(ParseYuanToFen("0", "income").value(), 0);
  EXPECT_EQ(ParseYuanToFen("-0.01", "income").value(), -1);
  EXPECT_EQ(ParseYuanToFen("0.00", "income").value(), 0);
}

TEST(ParseYuanToFenTest, ParsesInt64Limits) {
  EXPECT_EQ(ParseYuanToFen("92233720368547758.07", "f").value(), kMax);
  EXPECT_EQ(ParseYuanToFen("-92233720368547758.08", "f").value(), kMin);
}

TEST(ParseYuanToFenTest, RejectsOverflow) {
  EXPECT_FIELD_ERROR(ParseYuanToFen("92233720368547758.08", "f").status(), "f");
  EXPECT_FIELD_ERROR(ParseYuanToFen("-92233720368547758.09", "f").status(), "f");
  EXPECT_FIELD_ERROR(ParseYuanToFen("92233720368547759", "f").status(), "f");
  EXPECT_FIELD_ERROR(ParseYuanToFen("99999999999999999999999999", "f").status(), "f");
}

TEST(ParseYuanToFenTest, RejectsMalformed) {
  for (const char* text :
       {"",   "-",     "+1",   "1.",    ".5",  "-.5",  "1.234", "1e3", "1E3", " 1",
        "1 ", "1,000", "1..2", "1.2.3", "--1", "0x10", "１",    "¥1",  "nan", "-inf"}) {
    EXPECT_FIELD_ERROR(ParseYuanToFen(text, "row.income").status(), "row.income") << text;
  }
}

TEST(ParseYuanToFenTest, ThreeDecimalsHaveTheirOwnDescription) {
  const std::string three =
      rrmon::testing::FieldErrorDescription(ParseYuanToFen("1.234", "f").status(), "f");
  const std::string malformed =
      rrmon::testing::FieldErrorDescription(ParseYuanToFen("1e3", "f").status(), "f");
  EXPECT_NE(three, malformed);
}

TEST(FormatFenAsYuanTest, TwoDecimals) {
  EXPECT_EQ(FormatFenAsYuan(2191400), "21914.00");
  EXPECT_EQ(FormatFenAsYuan(-325), "-3.25");
  EXPECT_EQ(FormatFenAsYuan(-5), "-0.05");
  EXPECT_EQ(FormatFenAsYuan(0), "0.00");
  EXPECT_EQ(FormatFenAsYuan(7), "0.07");
  EXPECT_EQ(FormatFenAsYuan(kMax), "92233720368547758.07");
  EXPECT_EQ(FormatFenAsYuan(kMin), "-92233720368547758.08");
}

TEST(FormatFenAsYuanTest, RoundTrips) {
  for (int64_t fen : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{150050}, kMax, kMin}) {
    EXPECT_EQ(ParseYuanToFen(FormatFenAsYuan(fen), "f").value(), fen);
  }
}

TEST(ValidateAmountFenTest, Range) {
  EXPECT_TRUE(ValidateAmountFen(0, "income", 0, kMaxHouseholdAmountFen).ok());
  EXPECT_TRUE(ValidateAmountFen(kMaxHouseholdAmountFen, "income", 0, kMaxHouseholdAmountFen).ok());
  EXPECT_FIELD_ERROR(ValidateAmountFen(-1, "income", 0, kMaxHouseholdAmountFen), "income");
  EXPECT_FIELD_ERROR(
      ValidateAmountFen(kMaxHouseholdAmountFen + 1, "income", 0, kMaxHouseholdAmountFen), "income");
  const std::string description = rrmon::testing::FieldErrorDescription(
      ValidateAmountFen(-1, "income", 0, kMaxHouseholdAmountFen), "income");
  EXPECT_EQ(description, "must be between 0.00 and 100000000.00 yuan");
}

TEST(ValidateAreaCentimuTest, Range) {
  EXPECT_TRUE(ValidateAreaCentimu(0, "area", kMaxHouseholdAreaCentimu).ok());
  EXPECT_TRUE(ValidateAreaCentimu(150, "area", kMaxHouseholdAreaCentimu).ok());
  EXPECT_FIELD_ERROR(ValidateAreaCentimu(-1, "area", kMaxHouseholdAreaCentimu), "area");
  EXPECT_FIELD_ERROR(
      ValidateAreaCentimu(kMaxHouseholdAreaCentimu + 1, "area", kMaxHouseholdAreaCentimu), "area");
}

}  // namespace
}  // namespace rrmon::validation

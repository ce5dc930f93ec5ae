#include "clients/rrctl/money.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace rrmon::rrctl {
namespace {

using ::testing::HasSubstr;

int64_t Fen(const std::string& yuan) {
  absl::StatusOr<int64_t> fen = ParseYuan(yuan, "--funds");
  EXPECT_TRUE(fen.ok()) << yuan << ": " << fen.status();
  return fen.value_or(-1);
}

std::string Error(const std::string& yuan) {
  absl::StatusOr<int64_t> fen = ParseYuan(yuan, "--funds");
  EXPECT_FALSE(fen.ok()) << yuan << " parsed as " << *fen;
  if (fen.ok()) return "";
  EXPECT_EQ(fen.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(fen.status().message());
}

TEST(ParseYuanTest, WholeYuanAndOneOrTwoDecimalsAreExactFen) {
  EXPECT_EQ(Fen("1234.5"), 123450);
  EXPECT_EQ(Fen("1234.50"), 123450);
  EXPECT_EQ(Fen("1234"), 123400);
  EXPECT_EQ(Fen("0"), 0);
  EXPECT_EQ(Fen("0.0"), 0);
  EXPECT_EQ(Fen("0.07"), 7);
  EXPECT_EQ(Fen("0.1"), 10);
  EXPECT_EQ(Fen("007.05"), 705);
  EXPECT_EQ(Fen(" 12.34 "), 1234);
  // A value binary floating point cannot hold: 0.29 * 100 = 28.999999999999996.
  EXPECT_EQ(Fen("0.29"), 29);
  EXPECT_EQ(Fen("1149.99"), 114999);
}

TEST(ParseYuanTest, TheLargestAmountThatFitsIsAcceptedAndOneMoreIsNot) {
  const int64_t max_yuan = (std::numeric_limits<int64_t>::max() - 99) / 100;
  EXPECT_EQ(Fen(std::to_string(max_yuan) + ".99"), max_yuan * 100 + 99);
  EXPECT_THAT(Error(std::to_string(max_yuan + 1)), HasSubstr("too large"));
  EXPECT_THAT(Error("99999999999999999999999999"), HasSubstr("too large"));
}

TEST(ParseYuanTest, RejectsNegativesExtraDecimalsAndNonNumbers) {
  EXPECT_THAT(Error("-1"), HasSubstr("--funds: \"-1\" must not be negative"));
  EXPECT_THAT(Error("-0.5"), HasSubstr("must not be negative"));
  EXPECT_THAT(Error("1.234"), HasSubstr("more than two decimals"));
  EXPECT_THAT(Error("0.001"), HasSubstr("more than two decimals"));
  for (const char* bad : {"", " ", ".", "1.", ".5", "+5", "1,234.00", "1 234", "1e3", "12a",
                          "1.2.3", "一百", "１２", "0x10", "nan"}) {
    EXPECT_THAT(Error(bad), HasSubstr("is not an amount")) << bad;
  }
  EXPECT_THAT(Error("abc"), HasSubstr("give yuan such as 1234.5"));
}

TEST(FormatYuanTest, AlwaysTwoDecimals) {
  EXPECT_EQ(FormatYuan(123450), "1234.50");
  EXPECT_EQ(FormatYuan(7), "0.07");
  EXPECT_EQ(FormatYuan(0), "0.00");
  EXPECT_EQ(FormatYuan(-250), "-2.50");
  EXPECT_EQ(FormatYuan(std::numeric_limits<int64_t>::min()), "-92233720368547758.08");
  for (const char* text : {"0.01", "1.10", "21914.00", "8700.00"}) {
    EXPECT_EQ(FormatYuan(*ParseYuan(text, "x")), text);
  }
}

}  // namespace
}  // namespace rrmon::rrctl

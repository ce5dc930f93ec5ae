#include "services/monitoring/domain/monitoring_line_table.h"

#include <ostream>

#include "common/status/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rrmon::monitoring {
namespace {

using ::testing::HasSubstr;

// Province (53 Yunnan, 65 Xinjiang), prefecture (6542 Tacheng) and county (654221 额敏县)
// lines; the county line comes first to show file order does not matter.
constexpr char kConfig[] = R"(# YEAR REGION_PREFIX YUAN
2024 654221 8000   # 额敏县, county top-up
2023 53 8050
2024 53 8700

# Xinjiang: placeholder figure
2024 65 7500
2024 6542 7800.50
)";

MonitoringLineTable Table() {
  absl::StatusOr<MonitoringLineTable> table = MonitoringLineTable::Parse(kConfig);
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? *std::move(table) : *MonitoringLineTable::Parse("");
}

TEST(MonitoringLineTableTest, ParsesEveryLineInFileOrder) {
  const MonitoringLineTable table = Table();
  ASSERT_EQ(table.lines().size(), 5u);
  EXPECT_EQ(table.lines()[0].region_prefix, "654221");
  EXPECT_EQ(table.lines()[0].year, 2024);
  EXPECT_EQ(table.lines()[0].per_capita_fen, 800000);
  EXPECT_EQ(table.lines()[4].per_capita_fen, 780050);
}

TEST(MonitoringLineTableTest, CountyLineWinsOverPrefectureAndProvince) {
  absl::StatusOr<MonitoringLine> line = Table().Select("654221100201", 2024);
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->region_prefix, "654221");
  EXPECT_EQ(line->year, 2024);
  EXPECT_EQ(line->per_capita_fen, 800000);
}

TEST(MonitoringLineTableTest, PrefectureLineWinsOverProvince) {
  absl::StatusOr<MonitoringLine> line = Table().Select("654202001001", 2024);  // 乌苏市
  ASSERT_TRUE(line.ok()) << line.status();
  EXPECT_EQ(line->region_prefix, "6542");
  EXPECT_EQ(line->per_capita_fen, 780050);
}

TEST(MonitoringLineTableTest, ProvinceLineCoversTheRest) {
  absl::StatusOr<MonitoringLine> urumqi = Table().Select("650102001001", 2024);
  ASSERT_TRUE(urumqi.ok()) << urumqi.status();
  EXPECT_EQ(urumqi->region_prefix, "65");
  EXPECT_EQ(urumqi->per_capita_fen, 750000);
}

TEST(MonitoringLineTableTest, SelectsTheLineOfTheYearAsked) {
  const MonitoringLineTable table = Table();
  absl::StatusOr<MonitoringLine> y2023 = table.Select("530102001001", 2023);
  absl::StatusOr<MonitoringLine> y2024 = table.Select("530102001001", 2024);
  ASSERT_TRUE(y2023.ok() && y2024.ok());
  EXPECT_EQ(y2023->per_capita_fen, 805000);
  EXPECT_EQ(y2023->year, 2023);
  EXPECT_EQ(y2024->per_capita_fen, 870000);
  EXPECT_EQ(y2024->year, 2024);
}

TEST(MonitoringLineTableTest, NeverFallsBackToAnotherYear) {
  const MonitoringLineTable table = Table();
  // Xinjiang has a 2024 line only; Yunnan has 2023 and 2024 but not 2025.
  absl::StatusOr<MonitoringLine> xinjiang = table.Select("654221100201", 2023);
  EXPECT_EQ(xinjiang.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(xinjiang.status().message(), "no monitoring line configured for 654221100201 in 2023");
  EXPECT_EQ(GetErrorReason(xinjiang.status()), "MONITORING_LINE_NOT_CONFIGURED");
  EXPECT_EQ(table.Select("530102001001", 2025).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(MonitoringLineTableTest, RegionWithoutAnyLineFails) {
  absl::StatusOr<MonitoringLine> line = Table().Select("110101001001", 2024);
  EXPECT_EQ(line.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(line.status().message(), HasSubstr("110101001001 in 2024"));
}

TEST(MonitoringLineTableTest, EmptyConfigHasNoLines) {
  absl::StatusOr<MonitoringLineTable> table = MonitoringLineTable::Parse("# nothing yet\n\n");
  ASSERT_TRUE(table.ok());
  EXPECT_TRUE(table->lines().empty());
  EXPECT_EQ(table->Select("530102001001", 2024).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(MonitoringLineTableTest, AcceptsTabsAndWindowsLineEnds) {
  absl::StatusOr<MonitoringLineTable> table =
      MonitoringLineTable::Parse("2024\t53\t8700\r\n2023  53  8050\r\n");
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->lines().size(), 2u);
  EXPECT_EQ(table->lines()[0].per_capita_fen, 870000);
  EXPECT_EQ(table->lines()[1].per_capita_fen, 805000);
}

struct BadConfig {
  const char* text;
  const char* expected;  // in the message
};

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const BadConfig& value, std::ostream* os) { *os << value.text; }

class MonitoringLineTableErrorTest : public ::testing::TestWithParam<BadConfig> {};

TEST_P(MonitoringLineTableErrorTest, NamesTheLine) {
  absl::StatusOr<MonitoringLineTable> table = MonitoringLineTable::Parse(GetParam().text);
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(table.status().message(), HasSubstr(GetParam().expected));
}

INSTANTIATE_TEST_SUITE_P(
    Errors, MonitoringLineTableErrorTest,
    ::testing::Values(
        BadConfig{"2024 53 8700\n2024 53\n", "line 2: expected `YEAR REGION_PREFIX YUAN`"},
        BadConfig{"# header\n2024 53 8700 extra\n", "line 2:"},
        BadConfig{"\n\n24 53 8700\n", "line 3: year"}, BadConfig{"2024x 53 8700\n", "line 1: year"},
        BadConfig{"1899 53 8700\n", "line 1: year"},
        BadConfig{"2024 654200 8000\n", "line 1: "},  // selects no county
        BadConfig{"2024 99 8000\n", "line 1: "},      // not a province
        BadConfig{"2024 5 8000\n", "line 1: "}, BadConfig{"2024 53 8,700\n", "line 1: "},
        BadConfig{"2024 53 8700.123\n", "line 1: "},
        BadConfig{"2024 53 0\n", "line 1: yuan must be positive"},
        BadConfig{"2024 53 -8700\n", "line 1: yuan must be positive"},
        BadConfig{"2024 53 100000001\n", "line 1: yuan must be positive"},
        BadConfig{"2024 53 8700\n# again\n2024 53 8800\n",
                  "line 3: duplicate line for 2024 53 (first on line 1)"}));

TEST(MonitoringLineTableTest, SamePrefixInAnotherYearIsNoDuplicate) {
  EXPECT_TRUE(MonitoringLineTable::Parse("2023 53 8050\n2024 53 8700\n").ok());
  EXPECT_TRUE(MonitoringLineTable::Parse("2024 65 7500\n2024 6542 7800\n").ok());
}

}  // namespace
}  // namespace rrmon::monitoring

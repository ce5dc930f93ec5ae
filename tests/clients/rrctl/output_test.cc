#include "clients/rrctl/output.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "clients/rrctl/display_width.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using ::testing::HasSubstr;
using ::testing::Not;

// The display column where `needle` starts in `line`.
int ColumnOf(const std::string& line, const std::string& needle) {
  const size_t at = line.find(needle);
  EXPECT_NE(at, std::string::npos) << needle << " not in " << line;
  return DisplayWidth(absl::string_view(line).substr(0, at));
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

monitoring::Household SampleHousehold() {
  monitoring::Household household;
  household.set_name("households/0f3a9c");
  household.set_region_code("654201001001");
  household.set_status(monitoring::HOUSEHOLD_STATUS_MONITORED);
  household.set_category(monitoring::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED);
  household.set_poverty_alleviated(true);
  household.set_poverty_alleviation_year(2016);
  household.set_household_size(2);
  auto* head = household.add_members();
  head->set_name("households/0f3a9c/members/m1");
  head->set_full_name("阿依古丽·买买提");
  head->set_id_number("6542**********002X");
  head->set_relation_to_head(monitoring::RELATION_HEAD);
  head->set_sex(monitoring::SEX_FEMALE);
  head->set_birth_date("1985-03-12");
  head->set_health(monitoring::HEALTH_STATUS_HEALTHY);
  head->set_labour_capacity(monitoring::LABOUR_CAPACITY_ORDINARY);
  auto* child = household.add_members();
  child->set_name("households/0f3a9c/members/m2");
  child->set_full_name("Ali");
  child->set_relation_to_head(monitoring::RELATION_CHILD);
  child->set_health(monitoring::HEALTH_STATUS_HEALTHY);
  child->set_labour_capacity(monitoring::LABOUR_CAPACITY_NONE);
  child->set_shares_household(false);
  return household;
}

TEST(OutputTest, ParseOutputFormat) {
  EXPECT_EQ(*ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_EQ(*ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_FALSE(ParseOutputFormat("yaml").ok());
}

TEST(OutputTest, TableAlignsByDisplayWidthWithCjk) {
  const std::string text = FormatTable(
      {"NAME", "ETHNICITY", "X"},
      {{"王小明", "汉族", "1"}, {"Ali", "维吾尔族", "2"}, {"阿依古丽·买买提", "-", "3"}});
  const std::vector<std::string> lines = Lines(text);
  ASSERT_EQ(lines.size(), 4u);
  // Second column: after the widest first cell, 阿依古丽·买买提 (15 columns), and 2 spaces.
  EXPECT_EQ(ColumnOf(lines[0], "ETHNICITY"), 17);
  EXPECT_EQ(ColumnOf(lines[1], "汉族"), 17);
  EXPECT_EQ(ColumnOf(lines[2], "维吾尔族"), 17);
  EXPECT_EQ(ColumnOf(lines[3], "-"), 17);
  // Third column: after ETHNICITY (9 columns, wider than 维吾尔族's 8) and 2 spaces.
  for (const std::string& line : lines) EXPECT_EQ(DisplayWidth(line) - 1, 28) << line;
  EXPECT_THAT(text, Not(HasSubstr(" \n")));
}

TEST(OutputTest, FieldsAreAligned) {
  const std::string text = FormatFields({{"name", "a"}, {"region code", "b"}});
  EXPECT_EQ(text, "name:         a\nregion code:  b\n");
}

TEST(OutputTest, HouseholdShowsFieldsAndMembers) {
  const std::string text = FormatHousehold(SampleHousehold());
  EXPECT_THAT(text, HasSubstr("name:"));
  EXPECT_THAT(text, HasSubstr("households/0f3a9c\n"));
  EXPECT_THAT(text, HasSubstr("monitored"));
  EXPECT_THAT(text, HasSubstr("unstable_alleviated"));
  EXPECT_THAT(text, HasSubstr("yes (2016)"));
  const std::vector<std::string> lines = Lines(text);
  const auto header = std::find_if(lines.begin(), lines.end(), [](const std::string& line) {
    return line.rfind("MEMBER", 0) == 0;
  });
  ASSERT_NE(header, lines.end());
  ASSERT_GE(lines.end() - header, 3);
  const std::string& head_row = *(header + 1);
  const std::string& child_row = *(header + 2);
  EXPECT_THAT(head_row, HasSubstr("阿依古丽·买买提  6542**********002X  head"));
  EXPECT_THAT(head_row, HasSubstr("female  1985-03-12  healthy  ordinary  yes"));
  EXPECT_EQ(head_row.rfind("m1", 0), 0u);
  // Columns line up in display width although the names differ in bytes and columns.
  EXPECT_EQ(ColumnOf(*header, "RELATION"), ColumnOf(head_row, "head"));
  EXPECT_EQ(ColumnOf(*header, "RELATION"), ColumnOf(child_row, "child"));
  EXPECT_EQ(ColumnOf(*header, "SHARES"), ColumnOf(head_row, "yes"));
  EXPECT_EQ(ColumnOf(*header, "SHARES"), DisplayWidth(child_row) - 2);  // ends in "no"
  EXPECT_EQ(child_row.substr(child_row.size() - 2), "no");
}

TEST(OutputTest, ListShowsOneLinePerHouseholdAndTheNextPage) {
  monitoring::Household second;
  second.set_name("households/b2");
  second.set_region_code("654202001001");
  second.set_status(monitoring::HOUSEHOLD_STATUS_REGISTERED);
  second.set_household_size(1);
  const std::string text = FormatHouseholdList({SampleHousehold(), second}, "NEXT123");
  const std::vector<std::string> lines = Lines(text);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_THAT(lines[0], HasSubstr("NAME"));
  EXPECT_THAT(lines[1], HasSubstr("households/0f3a9c  654201001001  monitored"));
  EXPECT_THAT(lines[1], HasSubstr("阿依古丽·买买提"));
  EXPECT_THAT(lines[2], HasSubstr("registered"));
  EXPECT_EQ(ColumnOf(lines[0], "HEAD"), ColumnOf(lines[1], "阿依古丽"));
  EXPECT_EQ(lines[3], "next page: NEXT123");
  EXPECT_THAT(FormatHouseholdList({}, ""), Not(HasSubstr("next page")));
}

TEST(OutputTest, JsonUsesProtoFieldNames) {
  const std::string json = FormatJson(SampleHousehold());
  EXPECT_THAT(json, HasSubstr("\"region_code\": \"654201001001\""));
  EXPECT_THAT(json, HasSubstr("\"relation_to_head\": \"RELATION_HEAD\""));
  EXPECT_THAT(json, HasSubstr("\"full_name\": \"阿依古丽·买买提\""));
  EXPECT_THAT(json, Not(HasSubstr("regionCode")));
  EXPECT_EQ(json.back(), '\n');
}

}  // namespace
}  // namespace rrmon::rrctl

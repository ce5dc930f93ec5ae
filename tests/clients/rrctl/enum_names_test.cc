#include "clients/rrctl/enum_names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "rrmon/monitoring/v1/household.pb.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(EnumNamesTest, PrefixComesFromTheUnspecifiedValue) {
  EXPECT_EQ(EnumValuePrefix(*monitoring::Relation_descriptor()), "RELATION_");
  EXPECT_EQ(EnumValuePrefix(*monitoring::MonitoringCategory_descriptor()), "MONITORING_CATEGORY_");
  EXPECT_EQ(EnumValuePrefix(*monitoring::HealthStatus_descriptor()), "HEALTH_STATUS_");
}

TEST(EnumNamesTest, SpellingIsTheLowercaseSuffix) {
  EXPECT_EQ(EnumValueSpelling(*monitoring::Relation_descriptor(), monitoring::RELATION_HEAD),
            "head");
  EXPECT_EQ(
      EnumValueSpelling(*monitoring::Relation_descriptor(), monitoring::RELATION_CHILD_IN_LAW),
      "child_in_law");
  EXPECT_EQ(EnumValueSpelling(*monitoring::LabourCapacity_descriptor(),
                              monitoring::LABOUR_CAPACITY_WEAK_OR_PARTIAL),
            "weak_or_partial");
  EXPECT_EQ(EnumValueSpelling(*monitoring::Relation_descriptor(), 0), "unspecified");
  // A value from a newer server that this build does not know.
  EXPECT_EQ(EnumValueSpelling(*monitoring::Relation_descriptor(), 99), "99");
}

TEST(EnumNamesTest, AllowedSpellingsFollowTheProtoWithoutUnspecified) {
  EXPECT_THAT(AllowedEnumSpellings(*monitoring::HealthStatus_descriptor()),
              ElementsAre("healthy", "chronic_illness", "serious_illness", "disability"));
  EXPECT_THAT(AllowedEnumSpellings(*monitoring::LabourCapacity_descriptor()),
              ElementsAre("skilled", "ordinary", "weak_or_partial", "lost", "none"));
  EXPECT_THAT(AllowedEnumSpellings(*monitoring::HouseholdStatus_descriptor()),
              ElementsAre("registered", "under_identification", "monitored", "risk_eliminated"));
  // Every value of every enum round-trips through its spelling.
  for (const auto* descriptor :
       {monitoring::Relation_descriptor(), monitoring::HealthStatus_descriptor(),
        monitoring::LabourCapacity_descriptor(), monitoring::SchoolingStage_descriptor(),
        monitoring::MonitoringCategory_descriptor(), monitoring::HouseholdStatus_descriptor()}) {
    for (const std::string& spelling : AllowedEnumSpellings(*descriptor)) {
      auto parsed = ParseEnumSpelling(*descriptor, spelling, "x");
      ASSERT_TRUE(parsed.ok()) << descriptor->name() << " " << spelling;
      EXPECT_EQ(EnumValueSpelling(*descriptor, *parsed), spelling);
    }
  }
}

TEST(EnumNamesTest, ParsingIsForgivingAboutCaseDashesAndFullNames) {
  const auto& schooling = *monitoring::SchoolingStage_descriptor();
  EXPECT_EQ(*ParseEnumSpelling(schooling, "not_in_school", "schooling"),
            monitoring::SCHOOLING_STAGE_NOT_IN_SCHOOL);
  EXPECT_EQ(*ParseEnumSpelling(schooling, "Junior-Secondary", "schooling"),
            monitoring::SCHOOLING_STAGE_JUNIOR_SECONDARY);
  EXPECT_EQ(*ParseEnumSpelling(schooling, "SCHOOLING_STAGE_TERTIARY", "schooling"),
            monitoring::SCHOOLING_STAGE_TERTIARY);
}

TEST(EnumNamesTest, UnknownOrUnspecifiedValueListsTheAllowedOnes) {
  const auto& relation = *monitoring::Relation_descriptor();
  auto boss = ParseEnumSpelling(relation, "boss", "relation");
  ASSERT_FALSE(boss.ok());
  EXPECT_EQ(boss.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(boss.status().message()),
              HasSubstr("relation: unknown value \"boss\"; allowed: head, spouse, child, "
                        "child_in_law, grandchild, parent, parent_in_law, grandparent, sibling, "
                        "other"));
  EXPECT_FALSE(ParseEnumSpelling(relation, "unspecified", "relation").ok());
  EXPECT_FALSE(ParseEnumSpelling(relation, "RELATION_UNSPECIFIED", "relation").ok());
  EXPECT_FALSE(ParseEnumSpelling(relation, "", "relation").ok());
}

TEST(EnumNamesTest, ChoicesTextForHelp) {
  EXPECT_EQ(EnumChoicesText(*monitoring::MonitoringCategory_descriptor()),
            "unstable_alleviated|marginal_at_risk|sudden_hardship");
}

}  // namespace
}  // namespace rrmon::rrctl

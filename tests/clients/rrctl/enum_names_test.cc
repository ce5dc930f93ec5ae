#include "clients/rrctl/enum_names.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_replace.h"
#include "rrmon/common/v1/common.pb.h"
#include "rrmon/monitoring/v1/household.pb.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

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

TEST(EnumNamesTest, WorkflowEnumsRoundTrip) {
  for (const auto* descriptor :
       {monitoring::SignalSource_descriptor(), monitoring::RiskType_descriptor(),
        monitoring::CaseKind_descriptor(), monitoring::CaseStep_descriptor(),
        monitoring::StepOutcome_descriptor(), monitoring::MeasureType_descriptor(),
        monitoring::MeasureStatus_descriptor(), monitoring::HousingSafetyGrade_descriptor(),
        monitoring::IncomeSource_descriptor(), monitoring::RiskFinding_descriptor(),
        monitoring::AlertKind_descriptor(), rrmon::common::v1::Role_descriptor()}) {
    ASSERT_GT(descriptor->value_count(), 1) << descriptor->name();
    for (int i = 0; i < descriptor->value_count(); ++i) {
      const int number = descriptor->value(i)->number();
      if (number == 0) continue;
      // Lower case, capitals and dashes all come back to the same value.
      const std::string spelling = EnumValueSpelling(*descriptor, number);
      for (const std::string& typed :
           {spelling, EnumValueLabel(*descriptor, number),
            absl::StrReplaceAll(spelling, {{"_", "-"}}), descriptor->value(i)->name()}) {
        auto parsed = ParseEnumSpelling(*descriptor, typed, "x");
        ASSERT_TRUE(parsed.ok()) << descriptor->name() << " " << typed;
        EXPECT_EQ(*parsed, number) << descriptor->name() << " " << typed;
      }
    }
  }
}

TEST(EnumNamesTest, TheSpellingsTheWorkflowCommandsDocument) {
  EXPECT_THAT(AllowedEnumSpellings(*monitoring::SignalSource_descriptor()),
              ElementsAre("self_report", "cadre_visit", "department_alert", "peer_service"));
  EXPECT_THAT(AllowedEnumSpellings(*monitoring::StepOutcome_descriptor()),
              ElementsAre("completed", "returned", "rejected"));
  EXPECT_THAT(AllowedEnumSpellings(*monitoring::MeasureStatus_descriptor()),
              ElementsAre("planned", "in_effect", "done", "cancelled"));
  EXPECT_THAT(AllowedEnumSpellings(*monitoring::HousingSafetyGrade_descriptor()),
              ElementsAre("a", "b", "c", "d"));
  EXPECT_EQ(*ParseEnumSpelling(*monitoring::SignalSource_descriptor(), "self-report", "--source"),
            monitoring::SIGNAL_SOURCE_SELF_REPORT);
  EXPECT_EQ(*ParseEnumSpelling(*monitoring::MonitoringCategory_descriptor(), "unstable-alleviated",
                               "--category"),
            monitoring::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED);
  EXPECT_EQ(*ParseEnumSpelling(*monitoring::HousingSafetyGrade_descriptor(), "C", "--grade"),
            monitoring::HOUSING_SAFETY_GRADE_C);
}

TEST(EnumNamesTest, OutputFormsAndRepeatedValues) {
  EXPECT_EQ(EnumText(monitoring::MEASURE_STATUS_IN_EFFECT), "in_effect");
  EXPECT_EQ(EnumText(monitoring::MEASURE_STATUS_UNSPECIFIED), "-");
  EXPECT_EQ(EnumLabel(monitoring::CASE_STEP_HOME_VERIFICATION), "HOME_VERIFICATION");
  EXPECT_EQ(EnumLabel(monitoring::HOUSING_SAFETY_GRADE_B), "B");
  EXPECT_EQ(EnumLabel(monitoring::CASE_STEP_UNSPECIFIED), "-");
  EXPECT_EQ(EnumWords(monitoring::INCOME_SOURCE_EMPLOYMENT_SERVICE), "employment service");
  EXPECT_EQ(EnumText(rrmon::common::v1::ROLE_TOWNSHIP_OFFICER), "township_officer");

  monitoring::RiskSignal signal;
  EXPECT_EQ(EnumListText<monitoring::RiskType>(signal.risk_types()), "-");
  signal.add_risk_types(monitoring::RISK_TYPE_ILLNESS);
  signal.add_risk_types(monitoring::RISK_TYPE_LACK_OF_LABOUR);
  EXPECT_EQ(EnumListText<monitoring::RiskType>(signal.risk_types()), "illness, lack_of_labour");

  auto parsed = ParseEnumSpellings(*monitoring::RiskType_descriptor(), {"illness", "Out-Of-School"},
                                   "--risk-type");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(*parsed,
              ElementsAre(monitoring::RISK_TYPE_ILLNESS, monitoring::RISK_TYPE_OUT_OF_SCHOOL));
  auto bad =
      ParseEnumSpellings(*monitoring::RiskType_descriptor(), {"illness", "poverty"}, "--risk-type");
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(std::string(bad.status().message()),
              HasSubstr("--risk-type: unknown value \"poverty\"; allowed: illness, disability"));
}

}  // namespace
}  // namespace rrmon::rrctl

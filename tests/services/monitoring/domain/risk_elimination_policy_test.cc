#include "services/monitoring/domain/risk_elimination_policy.h"

#include <functional>
#include <ostream>
#include <string>

#include "common/status/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rrmon::monitoring {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

const absl::CivilDay kToday(2026, 11, 24);
constexpr int64_t kLine = 800000;

v1::HouseholdMember Member(v1::LabourCapacity capacity) {
  v1::HouseholdMember member;
  member.set_labour_capacity(capacity);
  return member;
}

v1::AssistanceMeasure Measure(v1::MeasureType type, v1::MeasureStatus status) {
  v1::AssistanceMeasure measure;
  measure.set_type(type);
  measure.set_status(status);
  return measure;
}

// A household meeting every condition, identified exactly 6 months ago, with one
// month-end figure exactly on the line.
EliminationInputs Passing() {
  EliminationInputs inputs;
  inputs.household.set_category(v1::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED);
  *inputs.household.add_members() = Member(v1::LABOUR_CAPACITY_ORDINARY);
  *inputs.household.add_members() = Member(v1::LABOUR_CAPACITY_NONE);
  inputs.identified_on = absl::CivilDay(2026, 5, 24);
  inputs.measures = {Measure(v1::MEASURE_TYPE_EMPLOYMENT, v1::MEASURE_STATUS_IN_EFFECT),
                     Measure(v1::MEASURE_TYPE_MEDICAL, v1::MEASURE_STATUS_PLANNED)};
  inputs.per_capita_last_months_fen = {810000, 820000, kLine, 830000, 850000, 900000};
  inputs.line_fen = kLine;
  inputs.unavoidable_spending_resolved = true;
  for (v1::GuaranteeCheck* check :
       {inputs.guarantees.mutable_food(), inputs.guarantees.mutable_clothing(),
        inputs.guarantees.mutable_compulsory_schooling(), inputs.guarantees.mutable_basic_medical(),
        inputs.guarantees.mutable_drinking_water()}) {
    check->set_holds(true);
  }
  inputs.guarantees.set_housing_grade(v1::HOUSING_SAFETY_GRADE_B);
  return inputs;
}

RiskEliminationPolicy Policy(EliminationPolicyConfig config = {}) {
  absl::StatusOr<RiskEliminationPolicy> policy = RiskEliminationPolicy::Create(config);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return *std::move(policy);
}

std::vector<std::string> Subjects(const absl::Status& status) {
  std::vector<std::string> subjects;
  const google::rpc::PreconditionFailure failure = GetPreconditionFailure(status);
  for (const auto& violation : failure.violations()) {
    subjects.push_back(violation.subject());
  }
  return subjects;
}

std::string Description(const absl::Status& status) {
  const auto failure = GetPreconditionFailure(status);
  return failure.violations().empty() ? std::string() : failure.violations(0).description();
}

TEST(RiskEliminationPolicyTest, PassesWhenEveryConditionHolds) {
  EXPECT_TRUE(Policy().Check(Passing(), kToday).ok());
}

TEST(RiskEliminationPolicyTest, FailureIsAStructuredPrecondition) {
  EliminationInputs inputs = Passing();
  inputs.unavoidable_spending_resolved = false;
  const absl::Status status = Policy().Check(inputs, kToday);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetErrorReason(status), "ELIMINATION_CONDITIONS_NOT_MET");
  EXPECT_THAT(status.message(), HasSubstr("SPENDING_RESOLVED"));
  const auto failure = GetPreconditionFailure(status);
  ASSERT_EQ(failure.violations_size(), 1);
  EXPECT_EQ(failure.violations(0).type(), "ELIMINATION_POLICY");
  EXPECT_EQ(failure.violations(0).subject(), "SPENDING_RESOLVED");
  EXPECT_FALSE(failure.violations(0).description().empty());
}

struct SingleFailure {
  const char* name;
  std::function<void(EliminationInputs&)> breaks;
  const char* subject;
  const char* description;  // a part of it
};

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const SingleFailure& value, std::ostream* os) { *os << value.name; }

class SingleFailureTest : public ::testing::TestWithParam<SingleFailure> {};

TEST_P(SingleFailureTest, YieldsExactlyThatViolation) {
  EliminationInputs inputs = Passing();
  GetParam().breaks(inputs);
  const absl::Status status = Policy().Check(inputs, kToday);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Subjects(status), ElementsAre(GetParam().subject));
  EXPECT_THAT(Description(status), HasSubstr(GetParam().description));
}

INSTANTIATE_TEST_SUITE_P(
    EachCondition, SingleFailureTest,
    ::testing::Values(
        SingleFailure{"OneDayShortOfSixMonths",
                      [](EliminationInputs& in) { in.identified_on = absl::CivilDay(2026, 5, 25); },
                      kMonitoredLongEnough, "monitored 5 months since 2026-05-25; 6 required"},
        SingleFailure{"IdentifiedInTheFuture",
                      [](EliminationInputs& in) { in.identified_on = absl::CivilDay(2027, 1, 1); },
                      kMonitoredLongEnough, "identified on 2027-01-01, after today; 6 required"},
        SingleFailure{"NoMeasures", [](EliminationInputs& in) { in.measures.clear(); },
                      kMeasureInEffect, "no measure in effect or done among 0 measures"},
        SingleFailure{"OnlyPlannedAndCancelled",
                      [](EliminationInputs& in) {
                        in.measures = {
                            Measure(v1::MEASURE_TYPE_INDUSTRY, v1::MEASURE_STATUS_PLANNED),
                            Measure(v1::MEASURE_TYPE_EMPLOYMENT, v1::MEASURE_STATUS_CANCELLED)};
                      },
                      kMeasureInEffect, "among 2 measures"},
        SingleFailure{"OneMonthOneFenBelowTheLine",
                      [](EliminationInputs& in) { in.per_capita_last_months_fen[3] = kLine - 1; },
                      kIncomeStablyAboveLine,
                      "below the line of 8000.00 yuan at 1 month of the last 6 (lowest 7999.99 "
                      "yuan)"},
        SingleFailure{"NewestMonthBelow",
                      [](EliminationInputs& in) { in.per_capita_last_months_fen.back() = -500; },
                      kIncomeStablyAboveLine, "lowest -5.00 yuan"},
        SingleFailure{"FewerFiguresThanStableMonths",
                      [](EliminationInputs& in) {
                        in.per_capita_last_months_fen.erase(in.per_capita_last_months_fen.begin());
                      },
                      kIncomeStablyAboveLine, "known for 5 months; 6 required"},
        SingleFailure{"NoFigures",
                      [](EliminationInputs& in) { in.per_capita_last_months_fen.clear(); },
                      kIncomeStablyAboveLine, "known for 0 months"},
        SingleFailure{"SpendingUnresolved",
                      [](EliminationInputs& in) { in.unavoidable_spending_resolved = false; },
                      kSpendingResolved, "not resolved"},
        SingleFailure{"Food",
                      [](EliminationInputs& in) { in.guarantees.mutable_food()->set_holds(false); },
                      kGuaranteesHold, "guarantees not holding: food"},
        SingleFailure{
            "Clothing",
            [](EliminationInputs& in) { in.guarantees.mutable_clothing()->set_holds(false); },
            kGuaranteesHold, "clothing"},
        SingleFailure{"Schooling",
                      [](EliminationInputs& in) {
                        in.guarantees.mutable_compulsory_schooling()->set_holds(false);
                      },
                      kGuaranteesHold, "compulsory schooling"},
        SingleFailure{
            "Medical",
            [](EliminationInputs& in) { in.guarantees.mutable_basic_medical()->set_holds(false); },
            kGuaranteesHold, "basic medical insurance"},
        SingleFailure{
            "Water",
            [](EliminationInputs& in) { in.guarantees.mutable_drinking_water()->set_holds(false); },
            kGuaranteesHold, "drinking water"},
        SingleFailure{"HousingC",
                      [](EliminationInputs& in) {
                        in.guarantees.set_housing_grade(v1::HOUSING_SAFETY_GRADE_C);
                      },
                      kGuaranteesHold, "housing (HOUSING_SAFETY_GRADE_C)"},
        SingleFailure{"HousingD",
                      [](EliminationInputs& in) {
                        in.guarantees.set_housing_grade(v1::HOUSING_SAFETY_GRADE_D);
                      },
                      kGuaranteesHold, "HOUSING_SAFETY_GRADE_D"},
        SingleFailure{"HousingNotAppraised",
                      [](EliminationInputs& in) {
                        in.guarantees.set_housing_grade(v1::HOUSING_SAFETY_GRADE_UNSPECIFIED);
                      },
                      kGuaranteesHold, "HOUSING_SAFETY_GRADE_UNSPECIFIED"},
        SingleFailure{"NoOneCanWork",
                      [](EliminationInputs& in) {
                        in.household.mutable_members(0)->set_labour_capacity(
                            v1::LABOUR_CAPACITY_LOST);
                      },
                      kHasLabour,
                      "none of the 2 members sharing the household can work "
                      "(LABOUR_CAPACITY_LOST, LABOUR_CAPACITY_NONE)"},
        SingleFailure{"WorkerDoesNotShareTheHousehold",
                      [](EliminationInputs& in) {
                        in.household.mutable_members(0)->set_shares_household(false);
                      },
                      kHasLabour, "none of the 1 members"},
        SingleFailure{
            "LabourNotGiven",
            [](EliminationInputs& in) { in.household.mutable_members(0)->clear_labour_capacity(); },
            kHasLabour, "LABOUR_CAPACITY_UNSPECIFIED"}),
    [](const ::testing::TestParamInfo<SingleFailure>& info) { return info.param.name; });

TEST(RiskEliminationPolicyTest, SixMonthsIsMeasuredByDayOfMonth) {
  EliminationInputs inputs = Passing();
  inputs.identified_on = absl::CivilDay(2026, 5, 31);
  // 2026-11-30 is the last day of November: six whole months from 2026-05-31.
  EXPECT_TRUE(Policy().Check(inputs, absl::CivilDay(2026, 11, 30)).ok());
  EXPECT_THAT(Subjects(Policy().Check(inputs, absl::CivilDay(2026, 11, 29))),
              ElementsAre(kMonitoredLongEnough));
}

TEST(RiskEliminationPolicyTest, DoneMeasureCounts) {
  EliminationInputs inputs = Passing();
  inputs.measures = {Measure(v1::MEASURE_TYPE_HOUSING, v1::MEASURE_STATUS_DONE)};
  EXPECT_TRUE(Policy().Check(inputs, kToday).ok());
}

TEST(RiskEliminationPolicyTest, OnlyTheLastStableMonthsCount) {
  EliminationInputs inputs = Passing();
  // An older month below the line, before the last six, does not matter.
  inputs.per_capita_last_months_fen.insert(inputs.per_capita_last_months_fen.begin(), 100);
  EXPECT_TRUE(Policy().Check(inputs, kToday).ok());
}

TEST(RiskEliminationPolicyTest, WeakLabourCounts) {
  EliminationInputs inputs = Passing();
  inputs.household.mutable_members(0)->set_labour_capacity(v1::LABOUR_CAPACITY_WEAK_OR_PARTIAL);
  EXPECT_TRUE(Policy().Check(inputs, kToday).ok());
}

TEST(RiskEliminationPolicyTest, ReportsEveryFailedConditionInOrder) {
  EliminationInputs inputs = Passing();
  inputs.identified_on = absl::CivilDay(2026, 9, 1);
  inputs.measures.clear();
  inputs.per_capita_last_months_fen[0] = 0;
  inputs.unavoidable_spending_resolved = false;
  inputs.guarantees.set_housing_grade(v1::HOUSING_SAFETY_GRADE_D);
  inputs.household.mutable_members(0)->set_labour_capacity(v1::LABOUR_CAPACITY_NONE);
  const absl::Status status = Policy().Check(inputs, kToday);
  EXPECT_THAT(Subjects(status),
              ElementsAre(kMonitoredLongEnough, kMeasureInEffect, kIncomeStablyAboveLine,
                          kSpendingResolved, kGuaranteesHold, kHasLabour));
  EXPECT_THAT(status.message(), HasSubstr("MONITORED_LONG_ENOUGH, MEASURE_IN_EFFECT"));
}

TEST(RiskEliminationPolicyTest, SeveralGuaranteesAreOneViolation) {
  EliminationInputs inputs = Passing();
  inputs.guarantees.mutable_food()->set_holds(false);
  inputs.guarantees.set_housing_grade(v1::HOUSING_SAFETY_GRADE_C);
  const absl::Status status = Policy().Check(inputs, kToday);
  EXPECT_THAT(Subjects(status), ElementsAre(kGuaranteesHold));
  EXPECT_EQ(Description(status), "guarantees not holding: food, housing (HOUSING_SAFETY_GRADE_C)");
}

TEST(RiskEliminationPolicyTest, SuddenHardshipUsesItsOwnMinimumWhereConfigured) {
  EliminationPolicyConfig config;
  config.min_months_sudden_hardship = 3;
  EliminationInputs inputs = Passing();
  inputs.household.set_category(v1::MONITORING_CATEGORY_SUDDEN_HARDSHIP);
  inputs.identified_on = absl::CivilDay(2026, 8, 24);  // exactly 3 months
  EXPECT_TRUE(Policy(config).Check(inputs, kToday).ok());

  inputs.identified_on = absl::CivilDay(2026, 8, 25);
  const absl::Status short_of_three = Policy(config).Check(inputs, kToday);
  EXPECT_THAT(Subjects(short_of_three), ElementsAre(kMonitoredLongEnough));
  EXPECT_THAT(Description(short_of_three),
              HasSubstr("monitored 2 months since 2026-08-25; 3 required for sudden severe"));

  // Without the configured minimum, sudden hardship waits like everyone else.
  inputs.identified_on = absl::CivilDay(2026, 8, 24);
  EXPECT_THAT(Subjects(Policy().Check(inputs, kToday)), ElementsAre(kMonitoredLongEnough));
}

TEST(RiskEliminationPolicyTest, SuddenHardshipMinimumDoesNotApplyToOtherCategories) {
  EliminationPolicyConfig config;
  config.min_months_sudden_hardship = 3;
  EliminationInputs inputs = Passing();
  inputs.household.set_category(v1::MONITORING_CATEGORY_MARGINAL_AT_RISK);
  inputs.identified_on = absl::CivilDay(2026, 8, 24);
  const absl::Status status = Policy(config).Check(inputs, kToday);
  EXPECT_THAT(Subjects(status), ElementsAre(kMonitoredLongEnough));
  EXPECT_THAT(Description(status), HasSubstr("monitored 3 months since 2026-08-24; 6 required"));
}

TEST(RiskEliminationPolicyTest, ConfiguredStableMonths) {
  EliminationPolicyConfig config;
  config.stable_months = 3;
  EliminationInputs inputs = Passing();
  inputs.per_capita_last_months_fen = {100, kLine, kLine, kLine};
  EXPECT_TRUE(Policy(config).Check(inputs, kToday).ok());
  inputs.per_capita_last_months_fen = {kLine, kLine};
  EXPECT_THAT(Subjects(Policy(config).Check(inputs, kToday)), ElementsAre(kIncomeStablyAboveLine));
}

TEST(RiskEliminationPolicyTest, CreateRejectsMeaninglessConfig) {
  EliminationPolicyConfig no_stable;
  no_stable.stable_months = 0;
  EXPECT_EQ(RiskEliminationPolicy::Create(no_stable).status().code(),
            absl::StatusCode::kInvalidArgument);
  EliminationPolicyConfig negative;
  negative.min_months_monitored = -1;
  EXPECT_EQ(RiskEliminationPolicy::Create(negative).status().code(),
            absl::StatusCode::kInvalidArgument);
  EliminationPolicyConfig sudden;
  sudden.min_months_sudden_hardship = 121;
  EXPECT_EQ(RiskEliminationPolicy::Create(sudden).status().code(),
            absl::StatusCode::kInvalidArgument);
  EliminationPolicyConfig zero_minimum;
  zero_minimum.min_months_sudden_hardship = 0;
  EXPECT_TRUE(RiskEliminationPolicy::Create(zero_minimum).ok());
}

}  // namespace
}  // namespace rrmon::monitoring

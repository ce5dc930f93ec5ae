#include "services/monitoring/domain/measure_policy.h"

#include <functional>
#include <ostream>
#include <set>
#include <string>
#include <utility>

#include "common/status/status_details.h"
#include "common/validation/money.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rrmon::monitoring {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

v1::HouseholdMember Member(v1::LabourCapacity capacity) {
  v1::HouseholdMember member;
  member.set_labour_capacity(capacity);
  return member;
}

v1::Household WithLabour() {
  v1::Household household;
  *household.add_members() = Member(v1::LABOUR_CAPACITY_ORDINARY);
  *household.add_members() = Member(v1::LABOUR_CAPACITY_NONE);
  return household;
}

// An elderly couple: one lost the ability to work, the other never given.
v1::Household WithoutLabour() {
  v1::Household household;
  *household.add_members() = Member(v1::LABOUR_CAPACITY_LOST);
  *household.add_members() = Member(v1::LABOUR_CAPACITY_UNSPECIFIED);
  return household;
}

v1::AssistanceMeasure Measure(v1::MeasureType type,
                              v1::MeasureStatus status = v1::MEASURE_STATUS_IN_EFFECT,
                              const std::string& name = "") {
  v1::AssistanceMeasure measure;
  measure.set_name(name);
  measure.set_type(type);
  measure.set_status(status);
  return measure;
}

TEST(LabourTest, WhoCanWork) {
  EXPECT_TRUE(CanWork(v1::LABOUR_CAPACITY_SKILLED));
  EXPECT_TRUE(CanWork(v1::LABOUR_CAPACITY_ORDINARY));
  EXPECT_TRUE(CanWork(v1::LABOUR_CAPACITY_WEAK_OR_PARTIAL));
  EXPECT_FALSE(CanWork(v1::LABOUR_CAPACITY_LOST));
  EXPECT_FALSE(CanWork(v1::LABOUR_CAPACITY_NONE));
  EXPECT_FALSE(CanWork(v1::LABOUR_CAPACITY_UNSPECIFIED));
  EXPECT_TRUE(HasMemberAbleToWork(WithLabour()));
  EXPECT_FALSE(HasMemberAbleToWork(WithoutLabour()));
  EXPECT_FALSE(HasMemberAbleToWork(v1::Household()));
  v1::Household away = WithLabour();
  away.mutable_members(0)->set_shares_household(false);
  EXPECT_FALSE(HasMemberAbleToWork(away));
}

TEST(MeasureWarningsTest, WorkingHouseholdWithDevelopmentHelpFits) {
  EXPECT_THAT(MeasureWarnings(WithLabour(), {Measure(v1::MEASURE_TYPE_INDUSTRY),
                                             Measure(v1::MEASURE_TYPE_MEDICAL)}),
              IsEmpty());
  // A plan still empty is not this policy's concern for a household that can work.
  EXPECT_THAT(MeasureWarnings(WithLabour(), {}), IsEmpty());
}

TEST(MeasureWarningsTest, NoLabourNeedsSocialAssistance) {
  EXPECT_THAT(MeasureWarnings(WithoutLabour(), {}),
              ElementsAre(AllOf(HasSubstr("no member sharing the household can work"),
                                HasSubstr("MEASURE_TYPE_SOCIAL_ASSISTANCE"))));
  EXPECT_THAT(MeasureWarnings(WithoutLabour(), {Measure(v1::MEASURE_TYPE_MEDICAL)}),
              ElementsAre(HasSubstr("needs a social assistance measure")));
  EXPECT_THAT(MeasureWarnings(WithoutLabour(), {Measure(v1::MEASURE_TYPE_SOCIAL_ASSISTANCE)}),
              IsEmpty());
  // Planned counts; cancelled does not.
  EXPECT_THAT(MeasureWarnings(WithoutLabour(), {Measure(v1::MEASURE_TYPE_SOCIAL_ASSISTANCE,
                                                        v1::MEASURE_STATUS_PLANNED)}),
              IsEmpty());
  EXPECT_THAT(MeasureWarnings(WithoutLabour(), {Measure(v1::MEASURE_TYPE_SOCIAL_ASSISTANCE,
                                                        v1::MEASURE_STATUS_CANCELLED)}),
              ElementsAre(HasSubstr("needs a social assistance measure")));
}

TEST(MeasureWarningsTest, WorkerWhoDoesNotShareTheHouseholdDoesNotCount) {
  v1::Household household = WithLabour();
  household.mutable_members(0)->set_shares_household(false);
  EXPECT_THAT(MeasureWarnings(household, {}),
              ElementsAre(HasSubstr("needs a social assistance measure")));
}

TEST(MeasureWarningsTest, DevelopmentHelpForNoLabourWarnsPerMeasure) {
  const std::vector<v1::AssistanceMeasure> measures = {
      Measure(v1::MEASURE_TYPE_SOCIAL_ASSISTANCE),
      Measure(v1::MEASURE_TYPE_EMPLOYMENT, v1::MEASURE_STATUS_PLANNED, "households/h1/measures/m2"),
      Measure(v1::MEASURE_TYPE_MICROCREDIT),
      Measure(v1::MEASURE_TYPE_INDUSTRY, v1::MEASURE_STATUS_CANCELLED),
      Measure(v1::MEASURE_TYPE_MEDICAL)};
  EXPECT_THAT(
      MeasureWarnings(WithoutLabour(), measures),
      ElementsAre(
          "households/h1/measures/m2 (MEASURE_TYPE_EMPLOYMENT) is development help, but no "
          "member sharing the household can work",
          "measure #3 (MEASURE_TYPE_MICROCREDIT) is development help, but no member sharing "
          "the household can work"));
}

TEST(MeasureWarningsTest, EveryDevelopmentTypeWarnsForNoLabour) {
  for (v1::MeasureType type : {v1::MEASURE_TYPE_INDUSTRY, v1::MEASURE_TYPE_EMPLOYMENT,
                               v1::MEASURE_TYPE_PUBLIC_WELFARE_JOB, v1::MEASURE_TYPE_MICROCREDIT}) {
    EXPECT_TRUE(IsDevelopmentMeasure(type));
    EXPECT_THAT(MeasureWarnings(WithoutLabour(),
                                {Measure(v1::MEASURE_TYPE_SOCIAL_ASSISTANCE), Measure(type)}),
                ElementsAre(HasSubstr(v1::MeasureType_Name(type))));
  }
  for (v1::MeasureType type :
       {v1::MEASURE_TYPE_MEDICAL, v1::MEASURE_TYPE_EDUCATION, v1::MEASURE_TYPE_HOUSING,
        v1::MEASURE_TYPE_DRINKING_WATER, v1::MEASURE_TYPE_SOCIAL_ASSISTANCE,
        v1::MEASURE_TYPE_CONSUMPTION, v1::MEASURE_TYPE_SOCIAL_SUPPORT, v1::MEASURE_TYPE_OTHER}) {
    EXPECT_FALSE(IsDevelopmentMeasure(type)) << v1::MeasureType_Name(type);
  }
}

TEST(MeasureWarningsTest, LabourWithOnlySocialAssistanceGetsSofterWarning) {
  EXPECT_THAT(MeasureWarnings(WithLabour(), {Measure(v1::MEASURE_TYPE_SOCIAL_ASSISTANCE)}),
              ElementsAre(HasSubstr("development help (industry, employment, public-welfare "
                                    "job, microcredit) is preferred")));
  // A cancelled development measure does not count as help.
  EXPECT_THAT(MeasureWarnings(WithLabour(),
                              {Measure(v1::MEASURE_TYPE_SOCIAL_ASSISTANCE),
                               Measure(v1::MEASURE_TYPE_EMPLOYMENT, v1::MEASURE_STATUS_CANCELLED)}),
              ElementsAre(HasSubstr("is preferred")));
  EXPECT_THAT(MeasureWarnings(WithLabour(), {Measure(v1::MEASURE_TYPE_SOCIAL_ASSISTANCE),
                                             Measure(v1::MEASURE_TYPE_PUBLIC_WELFARE_JOB)}),
              IsEmpty());
}

v1::AssistanceMeasure ValidMeasure() {
  v1::AssistanceMeasure measure;
  measure.set_type(v1::MEASURE_TYPE_INDUSTRY);
  measure.set_description("发放基础母羊 10 只，技术员每月入户指导");
  measure.set_responsible_unit("额敏县农业农村局");
  measure.set_responsible_person("阿依古丽·买买提");
  measure.set_funds_fen(1'500'000);
  measure.set_start_date("2026-03-01");
  measure.set_status(v1::MEASURE_STATUS_IN_EFFECT);
  return measure;
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad_request = GetBadRequest(status);
  for (const auto& violation : bad_request.field_violations()) {
    fields.push_back(violation.field());
  }
  return fields;
}

TEST(ValidateMeasureTest, AcceptsValidMeasures) {
  EXPECT_TRUE(ValidateMeasure(ValidMeasure(), "measure").ok());
  v1::AssistanceMeasure measure = ValidMeasure();
  measure.set_end_date("2026-03-01");  // a one-day measure
  measure.set_funds_fen(0);
  measure.set_description(std::string(500, 'x'));
  measure.set_responsible_unit(std::string(100, 'u'));
  measure.set_responsible_person(std::string(100, 'p'));
  EXPECT_TRUE(ValidateMeasure(measure, "measure").ok());
  measure.set_funds_fen(validation::kMaxMeasureFundsFen);
  EXPECT_TRUE(ValidateMeasure(measure, "measure").ok());
}

struct BadMeasure {
  const char* name;
  std::function<void(v1::AssistanceMeasure&)> breaks;
  const char* field;
};

// Names the case in failure messages instead of dumping its bytes.
void PrintTo(const BadMeasure& value, std::ostream* os) { *os << value.name; }

class ValidateMeasureFieldTest : public ::testing::TestWithParam<BadMeasure> {};

TEST_P(ValidateMeasureFieldTest, NamesTheField) {
  v1::AssistanceMeasure measure = ValidMeasure();
  GetParam().breaks(measure);
  const absl::Status status = ValidateMeasure(measure, "measure");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(status), ElementsAre(GetParam().field));
}

INSTANTIATE_TEST_SUITE_P(
    EachField, ValidateMeasureFieldTest,
    ::testing::Values(
        BadMeasure{"TypeMissing", [](auto& m) { m.clear_type(); }, "measure.type"},
        BadMeasure{"TypeUnknown", [](auto& m) { m.set_type(static_cast<v1::MeasureType>(99)); },
                   "measure.type"},
        BadMeasure{"StatusMissing", [](auto& m) { m.clear_status(); }, "measure.status"},
        BadMeasure{"StatusUnknown",
                   [](auto& m) { m.set_status(static_cast<v1::MeasureStatus>(42)); },
                   "measure.status"},
        BadMeasure{"DescriptionEmpty", [](auto& m) { m.clear_description(); },
                   "measure.description"},
        BadMeasure{"DescriptionBlank", [](auto& m) { m.set_description("   "); },
                   "measure.description"},
        BadMeasure{"DescriptionTooLong", [](auto& m) { m.set_description(std::string(501, 'x')); },
                   "measure.description"},
        BadMeasure{"UnitMissing", [](auto& m) { m.clear_responsible_unit(); },
                   "measure.responsible_unit"},
        BadMeasure{"UnitTooLong", [](auto& m) { m.set_responsible_unit(std::string(101, 'u')); },
                   "measure.responsible_unit"},
        BadMeasure{"PersonMissing", [](auto& m) { m.clear_responsible_person(); },
                   "measure.responsible_person"},
        BadMeasure{"PersonTooLong",
                   [](auto& m) { m.set_responsible_person(std::string(101, 'p')); },
                   "measure.responsible_person"},
        BadMeasure{"FundsNegative", [](auto& m) { m.set_funds_fen(-1); }, "measure.funds_fen"},
        BadMeasure{"FundsTooLarge",
                   [](auto& m) { m.set_funds_fen(validation::kMaxMeasureFundsFen + 1); },
                   "measure.funds_fen"},
        BadMeasure{"StartMissing", [](auto& m) { m.clear_start_date(); }, "measure.start_date"},
        BadMeasure{"StartNotADay", [](auto& m) { m.set_start_date("2026-02-30"); },
                   "measure.start_date"},
        BadMeasure{"EndNotADay", [](auto& m) { m.set_end_date("2026/12/31"); }, "measure.end_date"},
        BadMeasure{"EndBeforeStart", [](auto& m) { m.set_end_date("2026-02-28"); },
                   "measure.end_date"}),
    [](const ::testing::TestParamInfo<BadMeasure>& info) { return info.param.name; });

TEST(ValidateMeasureTest, ReportsEveryBadFieldAtOnce) {
  v1::AssistanceMeasure measure;
  measure.set_funds_fen(-1);
  measure.set_end_date("2026-01-01");
  EXPECT_THAT(Fields(ValidateMeasure(measure, "")),
              UnorderedElementsAre("type", "status", "description", "responsible_unit",
                                   "responsible_person", "funds_fen", "start_date"));
}

// Every (from, to) pair of real statuses: exactly the forward moves are allowed.
TEST(CheckMeasureStatusChangeTest, StatusMovesForwardOnly) {
  using S = v1::MeasureStatus;
  const S all[] = {v1::MEASURE_STATUS_PLANNED, v1::MEASURE_STATUS_IN_EFFECT,
                   v1::MEASURE_STATUS_DONE, v1::MEASURE_STATUS_CANCELLED};
  const std::set<std::pair<S, S>> forward = {
      {v1::MEASURE_STATUS_PLANNED, v1::MEASURE_STATUS_IN_EFFECT},
      {v1::MEASURE_STATUS_PLANNED, v1::MEASURE_STATUS_DONE},
      {v1::MEASURE_STATUS_PLANNED, v1::MEASURE_STATUS_CANCELLED},
      {v1::MEASURE_STATUS_IN_EFFECT, v1::MEASURE_STATUS_DONE},
      {v1::MEASURE_STATUS_IN_EFFECT, v1::MEASURE_STATUS_CANCELLED},
  };
  for (S from : all) {
    for (S to : all) {
      const absl::Status status = CheckMeasureStatusChange(from, to);
      const bool allowed = from == to || forward.count({from, to}) > 0;
      EXPECT_EQ(status.ok(), allowed)
          << v1::MeasureStatus_Name(from) << " -> " << v1::MeasureStatus_Name(to);
      if (!allowed) {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_EQ(GetErrorReason(status), "MEASURE_STATUS_CHANGE_NOT_ALLOWED");
      }
    }
  }
}

}  // namespace
}  // namespace rrmon::monitoring

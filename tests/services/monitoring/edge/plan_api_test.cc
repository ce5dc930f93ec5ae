// 一户一策 measures, declared income, guarantees and AssessHousehold end to end: real gRPC
// over loopback, a real SQLite file, a real Redis, the monitoring lines from a config
// file, and the server's fake clock.

#include <string>
#include <tuple>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/monitoring/monitoring_test_env.h"
#include "tests/support/http_get.h"

namespace rrmon::monitoring::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

constexpr char kCounty[] = "654201";
constexpr char kPrefecture[] = "6542";

v1::AssistanceMeasure Measure(v1::MeasureType type, const std::string& start_date) {
  v1::AssistanceMeasure measure;
  measure.set_type(type);
  measure.set_description("发展庭院养殖, 提供 5 只基础母羊");
  measure.set_responsible_unit("额敏县农业农村局");
  measure.set_responsible_person("李干部");
  measure.set_funds_fen(1500000);
  measure.set_start_date(start_date);
  return measure;
}

class PlanApiTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = MonitoringTestEnv::Start(); }

  std::string Today() const { return FormatDate(UtcDay(env_->clock().Now())); }
  std::string Month(int months_from_now) const {
    const absl::CivilMonth month = absl::CivilMonth(UtcDay(env_->clock().Now())) + months_from_now;
    return absl::FormatCivilTime(month).substr(0, 7);
  }
  std::unique_ptr<grpc::ClientContext> Cadre() const {
    return env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty);
  }

  v1::Household NewHousehold(int seed, bool nobody_can_work = false) {
    v1::CreateHouseholdRequest request;
    *request.mutable_household() = SampleHousehold(seed);
    if (nobody_can_work) {
      for (auto& member : *request.mutable_household()->mutable_members()) {
        member.set_labour_capacity(v1::LABOUR_CAPACITY_LOST);
      }
    }
    v1::Household created;
    const grpc::Status status = env_->stub().CreateHousehold(Cadre().get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  grpc::Status AddMeasure(const std::string& household, const v1::AssistanceMeasure& measure,
                          v1::AssistanceMeasureResponse* response,
                          const std::string& request_id = "") {
    v1::CreateAssistanceMeasureRequest request;
    request.set_parent(household);
    *request.mutable_measure() = measure;
    request.set_request_id(request_id);
    return env_->stub().CreateAssistanceMeasure(Cadre().get(), request, response);
  }

  grpc::Status UpdateMeasure(const v1::AssistanceMeasure& measure,
                             const std::vector<std::string>& paths,
                             v1::AssistanceMeasureResponse* response) {
    v1::UpdateAssistanceMeasureRequest request;
    *request.mutable_measure() = measure;
    for (const auto& path : paths) request.mutable_update_mask()->add_paths(path);
    request.set_reason("按计划推进");
    return env_->stub().UpdateAssistanceMeasure(Cadre().get(), request, response);
  }

  v1::ListAssistanceMeasuresResponse ListMeasures(v1::ListAssistanceMeasuresRequest request) {
    v1::ListAssistanceMeasuresResponse response;
    const grpc::Status status = env_->stub().ListAssistanceMeasures(
        env_->Context(Role::ROLE_COUNTY_OFFICER, kPrefecture).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  grpc::Status SetIncome(const std::string& household, const std::string& month, int64_t wage_fen,
                         v1::IncomeRecord* stored, const std::string& etag = "",
                         const std::string& reason = "") {
    v1::SetIncomeRecordRequest request;
    request.set_parent(household);
    request.mutable_income_record()->set_month(month);
    request.mutable_income_record()->set_wage_income_fen(wage_fen);
    request.mutable_income_record()->set_transfer_income_fen(10000);
    request.set_etag(etag);
    request.set_reason(reason);
    return env_->stub().SetIncomeRecord(Cadre().get(), request, stored);
  }

  v1::Guarantees AllHold(const std::string& household) {
    v1::Guarantees guarantees;
    guarantees.set_name(household + "/guarantees");
    for (v1::GuaranteeCheck* check :
         {guarantees.mutable_food(), guarantees.mutable_clothing(),
          guarantees.mutable_compulsory_schooling(), guarantees.mutable_basic_medical(),
          guarantees.mutable_drinking_water()}) {
      check->set_holds(true);
    }
    guarantees.set_housing_grade(v1::HOUSING_SAFETY_GRADE_A);
    guarantees.set_checked_date(Today());
    return guarantees;
  }

  grpc::Status Assess(const std::string& household, v1::Assessment* assessment,
                      const std::string& as_of = "") {
    v1::AssessHouseholdRequest request;
    request.set_name(household);
    request.set_as_of_date(as_of);
    return env_->stub().AssessHousehold(Cadre().get(), request, assessment);
  }

  std::unique_ptr<MonitoringTestEnv> env_;
};

TEST_F(PlanApiTest, MeasuresAreCreatedListedAndMoveForwardOnly) {
  const v1::Household household = NewHousehold(1);

  v1::AssistanceMeasureResponse created;
  ASSERT_TRUE(
      AddMeasure(household.name(), Measure(v1::MEASURE_TYPE_INDUSTRY, Today()), &created, "m-1")
          .ok());
  const v1::AssistanceMeasure& measure = created.measure();
  EXPECT_THAT(measure.name(), HasSubstr(household.name() + "/measures/"));
  EXPECT_EQ(measure.status(), v1::MEASURE_STATUS_PLANNED) << "status defaults to planned";
  EXPECT_EQ(measure.funds_fen(), 1500000);
  EXPECT_THAT(created.plan_warnings(), IsEmpty()) << "someone can work: industry help fits";

  // The same request id replays; reused with another body it is refused.
  v1::AssistanceMeasureResponse replayed;
  ASSERT_TRUE(
      AddMeasure(household.name(), Measure(v1::MEASURE_TYPE_INDUSTRY, Today()), &replayed, "m-1")
          .ok());
  EXPECT_EQ(replayed.measure().name(), measure.name());
  EXPECT_EQ(
      AddMeasure(household.name(), Measure(v1::MEASURE_TYPE_EDUCATION, Today()), &replayed, "m-1")
          .error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);

  v1::GetAssistanceMeasureRequest get;
  get.set_name(measure.name());
  v1::AssistanceMeasure read;
  ASSERT_TRUE(env_->stub().GetAssistanceMeasure(Cadre().get(), get, &read).ok());
  EXPECT_EQ(read.etag(), measure.etag());

  // PLANNED → IN_EFFECT → DONE; never back.
  v1::AssistanceMeasure change = measure;
  change.set_status(v1::MEASURE_STATUS_IN_EFFECT);
  v1::AssistanceMeasureResponse updated;
  ASSERT_TRUE(UpdateMeasure(change, {"status"}, &updated).ok());
  EXPECT_EQ(updated.measure().status(), v1::MEASURE_STATUS_IN_EFFECT);
  EXPECT_NE(updated.measure().etag(), measure.etag());
  EXPECT_EQ(UpdateMeasure(change, {"status"}, &updated).error_code(), grpc::StatusCode::ABORTED)
      << "the etag read before the change is stale";
  change = updated.measure();
  change.set_status(v1::MEASURE_STATUS_DONE);
  change.set_end_date(Today());
  ASSERT_TRUE(UpdateMeasure(change, {"status", "end_date"}, &updated).ok());
  change = updated.measure();
  change.set_status(v1::MEASURE_STATUS_IN_EFFECT);
  const grpc::Status backwards = UpdateMeasure(change, {"status"}, &updated);
  EXPECT_EQ(backwards.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReasonOf(backwards), "MEASURE_STATUS_CHANGE_NOT_ALLOWED");

  // Lists: per household and across the region, with filters and pages.
  for (int i = 0; i < 3; ++i) {
    v1::AssistanceMeasureResponse more;
    ASSERT_TRUE(
        AddMeasure(household.name(), Measure(v1::MEASURE_TYPE_EMPLOYMENT, Today()), &more).ok());
  }
  const v1::Household other = NewHousehold(2);
  v1::AssistanceMeasureResponse elsewhere;
  ASSERT_TRUE(
      AddMeasure(other.name(), Measure(v1::MEASURE_TYPE_EMPLOYMENT, Today()), &elsewhere).ok());

  v1::ListAssistanceMeasuresRequest own;
  own.set_parent(household.name());
  EXPECT_THAT(ListMeasures(own).measures(), SizeIs(4));
  v1::ListAssistanceMeasuresRequest region;
  region.set_parent("households/-");
  region.set_type(v1::MEASURE_TYPE_EMPLOYMENT);
  region.set_page_size(2);
  std::vector<std::string> names;
  while (true) {
    const v1::ListAssistanceMeasuresResponse page = ListMeasures(region);
    for (const auto& m : page.measures()) names.push_back(m.name());
    if (page.next_page_token().empty()) break;
    region.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(names, SizeIs(4)) << "three employment measures here, one in the other household";
  region.clear_page_token();
  region.set_region_prefix("654202");
  v1::ListAssistanceMeasuresResponse outside;
  EXPECT_EQ(env_->stub()
                .ListAssistanceMeasures(env_->Context(Role::ROLE_COUNTY_OFFICER, kCounty).get(),
                                        region, &outside)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PlanApiTest, ReplayedMeasureIsAuthorisedLikeTheFirstCall) {
  const v1::Household household = NewHousehold(20);
  v1::CreateAssistanceMeasureRequest request;
  request.set_parent(household.name());
  *request.mutable_measure() = Measure(v1::MEASURE_TYPE_INDUSTRY, Today());
  request.set_request_id("measure-replay-1");
  v1::AssistanceMeasureResponse first;
  ASSERT_TRUE(env_->stub().CreateAssistanceMeasure(Cadre().get(), request, &first).ok());
  // Outside the region the household does not exist; other roles may not plan at all.
  for (const auto& [role, region, code] :
       std::vector<std::tuple<Role, std::string, grpc::StatusCode>>{
           {Role::ROLE_VILLAGE_CADRE, "654202", grpc::StatusCode::NOT_FOUND},
           {Role::ROLE_COUNTY_OFFICER, "6540", grpc::StatusCode::NOT_FOUND},
           {Role::ROLE_ANALYST, kPrefecture, grpc::StatusCode::PERMISSION_DENIED},
           {Role::ROLE_SERVICE, kPrefecture, grpc::StatusCode::PERMISSION_DENIED}}) {
    SCOPED_TRACE(absl::StrCat(rrmon::common::v1::Role_Name(role), " of ", region));
    v1::AssistanceMeasureResponse replayed;
    EXPECT_EQ(env_->stub()
                  .CreateAssistanceMeasure(env_->Context(role, region).get(), request, &replayed)
                  .error_code(),
              code);
    EXPECT_FALSE(replayed.has_measure());
  }
  v1::AssistanceMeasureResponse again;
  ASSERT_TRUE(env_->stub().CreateAssistanceMeasure(Cadre().get(), request, &again).ok());
  EXPECT_EQ(again.measure().name(), first.measure().name());
}

// Region-wide lists (`households/-`) show the records of live households in their current
// region: a deleted household's measures, cases and signals drop out unless show_deleted
// is asked for, and a household that moves takes its records to the new region's lists.
TEST_F(PlanApiTest, RegionListsFollowTheHouseholdAndLeaveOutDeletedOnes) {
  const v1::Household kept = NewHousehold(21);
  const v1::Household deleted = NewHousehold(22);
  for (const v1::Household* household : {&kept, &deleted}) {
    v1::AssistanceMeasureResponse response;
    ASSERT_TRUE(
        AddMeasure(household->name(), Measure(v1::MEASURE_TYPE_INDUSTRY, Today()), &response).ok());
    v1::ReportRiskSignalRequest report;
    report.set_parent(household->name());
    auto* signal = report.mutable_risk_signal();
    signal->set_signal_id("list-" + household->name().substr(11));
    signal->set_source(v1::SIGNAL_SOURCE_CADRE_VISIT);
    signal->add_risk_types(v1::RISK_TYPE_ILLNESS);
    signal->set_occurred_date(Today());
    v1::RiskSignal stored;
    const grpc::Status status = env_->stub().ReportRiskSignal(Cadre().get(), report, &stored);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  ASSERT_TRUE(env_->DeleteHousehold(deleted.name()).ok());

  // What a region-wide list of each kind shows, as household names, for a caller.
  const auto listed = [&](Role role, const std::string& region, bool show_deleted) {
    std::vector<std::string> measures, cases, signals;
    v1::ListAssistanceMeasuresRequest measure_request;
    measure_request.set_parent("households/-");
    measure_request.set_show_deleted(show_deleted);
    v1::ListAssistanceMeasuresResponse measure_page;
    EXPECT_TRUE(env_->stub()
                    .ListAssistanceMeasures(env_->Context(role, region).get(), measure_request,
                                            &measure_page)
                    .ok());
    for (const auto& m : measure_page.measures()) {
      measures.push_back(m.name().substr(0, m.name().find("/measures/")));
    }
    v1::ListCasesRequest case_request;
    case_request.set_parent("households/-");
    case_request.set_show_deleted(show_deleted);
    v1::ListCasesResponse case_page;
    EXPECT_TRUE(
        env_->stub().ListCases(env_->Context(role, region).get(), case_request, &case_page).ok());
    for (const auto& c : case_page.cases())
      cases.push_back(c.name().substr(0, c.name().find("/cases/")));
    v1::ListRiskSignalsRequest signal_request;
    signal_request.set_parent("households/-");
    signal_request.set_show_deleted(show_deleted);
    v1::ListRiskSignalsResponse signal_page;
    EXPECT_TRUE(
        env_->stub()
            .ListRiskSignals(env_->Context(role, region).get(), signal_request, &signal_page)
            .ok());
    for (const auto& signal : signal_page.risk_signals()) {
      signals.push_back(signal.name().substr(0, signal.name().find("/riskSignals/")));
    }
    return std::vector<std::vector<std::string>>{measures, cases, signals};
  };
  using Lists = std::vector<std::vector<std::string>>;
  const std::vector<std::string> only_kept = {kept.name()};
  EXPECT_EQ(listed(Role::ROLE_COUNTY_OFFICER, kCounty, false),
            (Lists{only_kept, only_kept, only_kept}));
  const auto with_deleted = listed(Role::ROLE_COUNTY_OFFICER, kCounty, true);
  for (const auto& names : with_deleted) {
    EXPECT_THAT(names, UnorderedElementsAre(kept.name(), deleted.name()));
  }
  // A named household still lists its own records, deleted or not.
  v1::ListAssistanceMeasuresRequest own;
  own.set_parent(deleted.name());
  EXPECT_THAT(ListMeasures(own).measures(), SizeIs(1));

  // The kept household moves to 乌苏市 (654202): its records go with it.
  v1::UpdateHouseholdRequest move;
  move.mutable_household()->set_name(kept.name());
  move.mutable_household()->set_region_code("654202001001");
  move.mutable_update_mask()->add_paths("region_code");
  move.set_reason("搬迁");
  v1::Household moved;
  ASSERT_TRUE(env_->stub()
                  .UpdateHousehold(env_->Context(Role::ROLE_COUNTY_OFFICER, kPrefecture).get(),
                                   move, &moved)
                  .ok());
  const std::vector<std::string> none;
  EXPECT_EQ(listed(Role::ROLE_VILLAGE_CADRE, kCounty, false), (Lists{none, none, none}))
      << "the old county no longer sees the moved household's records";
  EXPECT_EQ(listed(Role::ROLE_VILLAGE_CADRE, "654202", false),
            (Lists{only_kept, only_kept, only_kept}))
      << "the new county sees them";
  EXPECT_EQ(listed(Role::ROLE_COUNTY_OFFICER, kPrefecture, false),
            (Lists{only_kept, only_kept, only_kept}));
}

TEST_F(PlanApiTest, BadMeasuresAreRefusedNamingTheFieldAndNothingIsStored) {
  const v1::Household household = NewHousehold(3);
  v1::AssistanceMeasure bad = Measure(v1::MEASURE_TYPE_UNSPECIFIED, "2026-02-30");
  bad.set_description("");
  bad.set_funds_fen(-5);
  v1::AssistanceMeasureResponse response;
  const grpc::Status status = AddMeasure(household.name(), bad, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("measure.type", "measure.description", "measure.funds_fen",
                                   "measure.start_date"));
  v1::AssistanceMeasure ends_early = Measure(v1::MEASURE_TYPE_MEDICAL, Today());
  ends_early.set_end_date("2020-01-01");
  EXPECT_THAT(ViolatedFields(AddMeasure(household.name(), ends_early, &response)),
              ElementsAre("measure.end_date"));
  EXPECT_EQ(AddMeasure("households/0000000000000000", Measure(v1::MEASURE_TYPE_MEDICAL, Today()),
                       &response)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::ListAssistanceMeasuresRequest list;
  list.set_parent(household.name());
  EXPECT_THAT(ListMeasures(list).measures(), IsEmpty());
}

TEST_F(PlanApiTest, PlanWarningsAdviseSocialAssistanceWhenNoOneCanWork) {
  const v1::Household household = NewHousehold(4, /*nobody_can_work=*/true);
  v1::AssistanceMeasureResponse industry;
  ASSERT_TRUE(
      AddMeasure(household.name(), Measure(v1::MEASURE_TYPE_INDUSTRY, Today()), &industry).ok());
  EXPECT_THAT(industry.plan_warnings(), SizeIs(2))
      << "no social assistance, and a development measure that cannot help";

  v1::AssistanceMeasureResponse assistance;
  ASSERT_TRUE(AddMeasure(household.name(), Measure(v1::MEASURE_TYPE_SOCIAL_ASSISTANCE, Today()),
                         &assistance)
                  .ok());
  EXPECT_THAT(assistance.plan_warnings(), SizeIs(1)) << "only the industry measure remains odd";

  v1::AssistanceMeasure cancel = industry.measure();
  cancel.set_status(v1::MEASURE_STATUS_CANCELLED);
  v1::AssistanceMeasureResponse cancelled;
  ASSERT_TRUE(UpdateMeasure(cancel, {"status"}, &cancelled).ok());
  EXPECT_THAT(cancelled.plan_warnings(), IsEmpty());

  v1::ListAssistanceMeasuresRequest list;
  list.set_parent(household.name());
  EXPECT_THAT(ListMeasures(list).plan_warnings(), IsEmpty());
}

TEST_F(PlanApiTest, IncomeRecordsAreCorrectedOnlyDeliberately) {
  const v1::Household household = NewHousehold(5);
  v1::IncomeRecord first;
  ASSERT_TRUE(SetIncome(household.name(), Month(-1), 200000, &first).ok());
  EXPECT_EQ(first.name(), household.name() + "/incomeRecords/" + Month(-1));

  v1::IncomeRecord again;
  const grpc::Status exists = SetIncome(household.name(), Month(-1), 250000, &again);
  EXPECT_EQ(exists.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ErrorReasonOf(exists), "INCOME_RECORD_EXISTS");
  EXPECT_EQ(SetIncome(household.name(), Month(-1), 250000, &again, "99", "更正").error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_THAT(ViolatedFields(SetIncome(household.name(), Month(-1), 250000, &again, first.etag())),
              ElementsAre("reason"));
  ASSERT_TRUE(
      SetIncome(household.name(), Month(-1), 250000, &again, first.etag(), "工资单更正").ok());
  EXPECT_EQ(again.wage_income_fen(), 250000);

  EXPECT_THAT(ViolatedFields(SetIncome(household.name(), Month(1), 1, &again)),
              ElementsAre("income_record.month"));
  EXPECT_THAT(ViolatedFields(SetIncome(household.name(), "2026-13", 1, &again)),
              ElementsAre("income_record.month"));
  EXPECT_THAT(ViolatedFields(SetIncome(household.name(), Month(-2), -1, &again)),
              ElementsAre("income_record.wage_income_fen"));

  ASSERT_TRUE(SetIncome(household.name(), Month(-3), 100000, &again).ok());
  v1::ListIncomeRecordsRequest list;
  list.set_parent(household.name());
  v1::ListIncomeRecordsResponse records;
  ASSERT_TRUE(env_->stub().ListIncomeRecords(Cadre().get(), list, &records).ok());
  ASSERT_THAT(records.income_records(), SizeIs(2));
  EXPECT_EQ(records.income_records(0).month(), Month(-3)) << "oldest first";
  EXPECT_EQ(records.income_records(1).wage_income_fen(), 250000);
  list.set_start_month(Month(-2));
  ASSERT_TRUE(env_->stub().ListIncomeRecords(Cadre().get(), list, &records).ok());
  EXPECT_THAT(records.income_records(), SizeIs(1));

  // Income is personal data: analysts and peer services do not read it.
  EXPECT_EQ(env_->stub()
                .ListIncomeRecords(env_->Context(Role::ROLE_ANALYST, kCounty).get(), list, &records)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PlanApiTest, GuaranteesAreCheckedAndVersioned) {
  const v1::Household household = NewHousehold(6);
  v1::GetGuaranteesRequest get;
  get.set_name(household.name() + "/guarantees");
  v1::Guarantees read;
  EXPECT_EQ(env_->stub().GetGuarantees(Cadre().get(), get, &read).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::UpdateGuaranteesRequest update;
  *update.mutable_guarantees() = AllHold(household.name());
  update.mutable_guarantees()->set_housing_grade(v1::HOUSING_SAFETY_GRADE_C);
  update.mutable_guarantees()->set_housing_note("墙体开裂, 已列入危房改造");
  v1::Guarantees stored;
  ASSERT_TRUE(env_->stub().UpdateGuarantees(Cadre().get(), update, &stored).ok());
  ASSERT_TRUE(env_->stub().GetGuarantees(Cadre().get(), get, &read).ok());
  EXPECT_EQ(read.housing_grade(), v1::HOUSING_SAFETY_GRADE_C);
  EXPECT_EQ(read.etag(), stored.etag());

  update.mutable_guarantees()->set_etag("7");
  EXPECT_EQ(env_->stub().UpdateGuarantees(Cadre().get(), update, &stored).error_code(),
            grpc::StatusCode::ABORTED);
  update.mutable_guarantees()->set_etag(read.etag());
  update.mutable_guarantees()->set_checked_date("");
  EXPECT_THAT(ViolatedFields(env_->stub().UpdateGuarantees(Cadre().get(), update, &stored)),
              ElementsAre("guarantees.checked_date"));
}

TEST_F(PlanApiTest, AssessmentComputesPerCapitaIncomeAgainstTheMostSpecificLine) {
  const v1::Household household = NewHousehold(7);  // two people sharing the household
  v1::UpdateGuaranteesRequest guarantees;
  *guarantees.mutable_guarantees() = AllHold(household.name());
  v1::Guarantees stored;
  ASSERT_TRUE(env_->stub().UpdateGuarantees(Cadre().get(), guarantees, &stored).ok());
  // Twelve full months before this one: 500 yuan wages + 100 yuan transfers a month.
  for (int i = 1; i <= 12; ++i) {
    v1::IncomeRecord record;
    ASSERT_TRUE(SetIncome(household.name(), Month(-i), 50000, &record).ok());
  }
  // This month's figures are incomplete and do not count.
  v1::IncomeRecord current;
  ASSERT_TRUE(SetIncome(household.name(), Month(0), 9000000, &current).ok());

  v1::Assessment assessment;
  ASSERT_TRUE(Assess(household.name(), &assessment).ok());
  EXPECT_EQ(assessment.as_of_date(), Today());
  EXPECT_EQ(assessment.period_start_month(), Month(-12));
  EXPECT_EQ(assessment.period_end_month(), Month(-1));
  EXPECT_EQ(assessment.wage_income().amount_fen(), 600000);
  EXPECT_EQ(assessment.wage_income().source(), v1::INCOME_SOURCE_DECLARED);
  EXPECT_EQ(assessment.operating_income().source(), v1::INCOME_SOURCE_DECLARED);
  EXPECT_EQ(assessment.transfer_income().amount_fen(), 120000);
  EXPECT_EQ(assessment.household_size(), 2);
  EXPECT_EQ(assessment.per_capita_net_income_fen(), (600000 + 120000) / 2);
  // Tacheng's own line (6542) is more specific than Xinjiang's (65).
  EXPECT_EQ(assessment.monitoring_line_region(), "6542");
  EXPECT_EQ(assessment.monitoring_line_year(),
            static_cast<int>(UtcDay(env_->clock().Now()).year()));
  EXPECT_TRUE(assessment.at_risk());
  EXPECT_THAT(assessment.findings(), ElementsAre(v1::RISK_FINDING_INCOME_BELOW_LINE));

  // A day in the future is refused; a region without a configured line is a
  // precondition, not a guess.
  EXPECT_THAT(ViolatedFields(Assess(household.name(), &assessment, "2999-01-01")),
              ElementsAre("as_of_date"));
  v1::CreateHouseholdRequest beijing;
  *beijing.mutable_household() = SampleHousehold(8, "110101001001");
  v1::Household far;
  ASSERT_TRUE(
      env_->stub()
          .CreateHousehold(env_->Context(Role::ROLE_COUNTY_OFFICER, "11").get(), beijing, &far)
          .ok());
  v1::AssessHouseholdRequest request;
  request.set_name(far.name());
  const grpc::Status no_line = env_->stub().AssessHousehold(
      env_->Context(Role::ROLE_COUNTY_OFFICER, "11").get(), request, &assessment);
  EXPECT_EQ(no_line.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReasonOf(no_line), "MONITORING_LINE_NOT_CONFIGURED");
}

TEST_F(PlanApiTest, MeasureGaugesCountByStatus) {
  env_ = MonitoringTestEnv::Start({.with_metrics_endpoint = true});
  const v1::Household household = NewHousehold(9);
  v1::AssistanceMeasureResponse response;
  ASSERT_TRUE(
      AddMeasure(household.name(), Measure(v1::MEASURE_TYPE_MEDICAL, Today()), &response).ok());
  v1::AssistanceMeasure in_effect = Measure(v1::MEASURE_TYPE_EDUCATION, Today());
  in_effect.set_status(v1::MEASURE_STATUS_IN_EFFECT);
  ASSERT_TRUE(AddMeasure(household.name(), in_effect, &response).ok());
  ASSERT_TRUE(AddMeasure(household.name(), in_effect, &response).ok());

  ASSERT_TRUE(env_->server().gauges().Refresh().ok());
  auto metrics = rrmon::testing::HttpGet(env_->server().metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(*metrics, HasSubstr("rrmon_monitoring_measures{status=\"planned\"} 1"));
  EXPECT_THAT(*metrics, HasSubstr("rrmon_monitoring_measures{status=\"in_effect\"} 2"));
  EXPECT_THAT(*metrics, HasSubstr("rrmon_monitoring_measures{status=\"cancelled\"} 0"));
}

}  // namespace
}  // namespace rrmon::monitoring::testing

// Risk signals and cases end to end: real gRPC over loopback, a real SQLite file, a real
// Redis (the household cache must follow status changes made by cases), and the fake
// clock of the server standing in for the days a procedure takes.

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/monitoring/usecases/case_registry.h"
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

v1::RiskSignal Signal(const std::string& signal_id, const std::string& occurred_date,
                      v1::RiskType type = v1::RISK_TYPE_ILLNESS) {
  v1::RiskSignal signal;
  signal.set_signal_id(signal_id);
  signal.set_source(v1::SIGNAL_SOURCE_DEPARTMENT_ALERT);
  signal.set_source_detail("塔城市医疗保障局");
  signal.add_risk_types(type);
  signal.set_evidence("住院自付费用超过 3 万元");
  signal.set_occurred_date(occurred_date);
  return signal;
}

v1::Determination Unstable() {
  v1::Determination determination;
  determination.set_category(v1::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED);
  determination.add_risk_types(v1::RISK_TYPE_ILLNESS);
  determination.set_primary_risk_type(v1::RISK_TYPE_ILLNESS);
  return determination;
}

class CaseApiTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = MonitoringTestEnv::Start(); }

  std::string Today() const { return FormatDate(UtcDay(env_->clock().Now())); }
  std::string DaysFromToday(int days) const {
    return FormatDate(UtcDay(env_->clock().Now()) + days);
  }
  void AdvanceDays(int days) { env_->clock().Advance(absl::Hours(24 * days)); }

  v1::Household NewHousehold(int seed) {
    v1::CreateHouseholdRequest request;
    *request.mutable_household() = SampleHousehold(seed);
    v1::Household created;
    const grpc::Status status = env_->stub().CreateHousehold(
        env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  v1::Household GetHousehold(const std::string& name) {
    v1::GetHouseholdRequest request;
    request.set_name(name);
    v1::Household household;
    const grpc::Status status = env_->stub().GetHousehold(
        env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty).get(), request, &household);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return household;
  }

  grpc::Status Report(const std::string& household, const v1::RiskSignal& signal,
                      v1::RiskSignal* stored, Role role = Role::ROLE_VILLAGE_CADRE) {
    v1::ReportRiskSignalRequest request;
    request.set_parent(household);
    *request.mutable_risk_signal() = signal;
    return env_->stub().ReportRiskSignal(env_->Context(role, kCounty).get(), request, stored);
  }

  v1::Case GetCase(const std::string& name) {
    v1::GetCaseRequest request;
    request.set_name(name);
    v1::Case c;
    const grpc::Status status =
        env_->stub().GetCase(env_->Context(Role::ROLE_COUNTY_OFFICER, kCounty).get(), request, &c);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return c;
  }

  // Decides the current step of `c` with its current etag.
  grpc::Status Decide(const v1::Case& c, Role role, v1::DecideCaseStepRequest request,
                      v1::Case* next) {
    request.set_name(c.name());
    if (request.etag().empty()) request.set_etag(c.etag());
    if (request.outcome() == v1::STEP_OUTCOME_UNSPECIFIED) {
      request.set_outcome(v1::STEP_OUTCOME_COMPLETED);
    }
    return env_->stub().DecideCaseStep(env_->Context(role, kCounty).get(), request, next);
  }

  // Completes the current step with the right role and evidence; the notice of a village
  // review runs from today for five days, and the clock moves past its end first.
  v1::Case Complete(const v1::Case& c) {
    v1::DecideCaseStepRequest request;
    const Role role = CompleteStepEvidence(*env_, c.step(), Unstable, request);
    v1::Case next;
    const grpc::Status status = Decide(c, role, request, &next);
    EXPECT_TRUE(status.ok()) << v1::CaseStep_Name(c.step()) << ": " << status.error_message();
    return next;
  }

  // Makes a monitored household eligible for risk elimination: ~6.5 months pass, a
  // medical measure is in effect, the guarantees hold, and 18 months of declared wages
  // (3,000 yuan a month for two people: 18,000 yuan per person a year) lie above the line.
  void MeetEliminationConditions(const std::string& household) {
    AdvanceDays(200);
    auto context = [&] { return env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty); };
    v1::CreateAssistanceMeasureRequest measure;
    measure.set_parent(household);
    measure.mutable_measure()->set_type(v1::MEASURE_TYPE_MEDICAL);
    measure.mutable_measure()->set_description("大病医疗救助, 慢病签约服务");
    measure.mutable_measure()->set_responsible_unit("塔城市医疗保障局");
    measure.mutable_measure()->set_responsible_person("王医生");
    measure.mutable_measure()->set_funds_fen(500000);
    measure.mutable_measure()->set_start_date(DaysFromToday(-150));
    measure.mutable_measure()->set_status(v1::MEASURE_STATUS_IN_EFFECT);
    v1::AssistanceMeasureResponse created;
    grpc::Status status = env_->stub().CreateAssistanceMeasure(context().get(), measure, &created);
    ASSERT_TRUE(status.ok()) << status.error_message();

    v1::UpdateGuaranteesRequest guarantees;
    v1::Guarantees* checked = guarantees.mutable_guarantees();
    checked->set_name(household + "/guarantees");
    for (v1::GuaranteeCheck* check :
         {checked->mutable_food(), checked->mutable_clothing(),
          checked->mutable_compulsory_schooling(), checked->mutable_basic_medical(),
          checked->mutable_drinking_water()}) {
      check->set_holds(true);
    }
    checked->set_housing_grade(v1::HOUSING_SAFETY_GRADE_B);
    checked->set_checked_date(Today());
    v1::Guarantees stored;
    status = env_->stub().UpdateGuarantees(context().get(), guarantees, &stored);
    ASSERT_TRUE(status.ok()) << status.error_message();

    const absl::CivilMonth this_month(UtcDay(env_->clock().Now()));
    for (absl::CivilMonth month = this_month - 18; month < this_month; ++month) {
      v1::SetIncomeRecordRequest income;
      income.set_parent(household);
      income.mutable_income_record()->set_month(absl::FormatCivilTime(month).substr(0, 7));
      income.mutable_income_record()->set_wage_income_fen(300000);
      v1::IncomeRecord record;
      status = env_->stub().SetIncomeRecord(context().get(), income, &record);
      ASSERT_TRUE(status.ok()) << status.error_message();
    }
  }

  std::vector<v1::RiskSignal> ListSignals(const std::string& parent) {
    v1::ListRiskSignalsRequest request;
    request.set_parent(parent);
    v1::ListRiskSignalsResponse response;
    const grpc::Status status = env_->stub().ListRiskSignals(
        env_->Context(Role::ROLE_COUNTY_OFFICER, kPrefecture).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.risk_signals().begin(), response.risk_signals().end()};
  }

  std::vector<v1::Case> ListCases(v1::ListCasesRequest request) {
    std::vector<v1::Case> all;
    while (true) {
      v1::ListCasesResponse response;
      const grpc::Status status = env_->stub().ListCases(
          env_->Context(Role::ROLE_COUNTY_OFFICER, kPrefecture).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) return all;
      all.insert(all.end(), response.cases().begin(), response.cases().end());
      if (response.next_page_token().empty()) return all;
      request.set_page_token(response.next_page_token());
    }
  }

  std::unique_ptr<MonitoringTestEnv> env_;
};

TEST_F(CaseApiTest, HouseholdGoesThroughIdentificationEliminationAndReentry) {
  const v1::Household household = NewHousehold(1);
  ASSERT_EQ(GetHousehold(household.name()).status(), v1::HOUSEHOLD_STATUS_REGISTERED);

  // A signal opens an identification case; the household (read through Redis) follows.
  v1::RiskSignal signal;
  ASSERT_TRUE(Report(household.name(), Signal("medical-2026-001", Today()), &signal).ok());
  EXPECT_EQ(signal.name(), household.name() + "/riskSignals/medical-2026-001");
  ASSERT_THAT(signal.case_(), HasSubstr(household.name() + "/cases/"));
  v1::Household under = GetHousehold(household.name());
  EXPECT_EQ(under.status(), v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION);
  EXPECT_NE(under.etag(), household.etag());

  // The same signal again is stored once; another body under the same id is refused.
  v1::RiskSignal again;
  ASSERT_TRUE(Report(household.name(), Signal("medical-2026-001", Today()), &again).ok());
  EXPECT_EQ(again.case_(), signal.case_());
  EXPECT_THAT(ListSignals(household.name()), SizeIs(1));
  const grpc::Status reused =
      Report(household.name(), Signal("medical-2026-001", Today(), v1::RISK_TYPE_ACCIDENT), &again);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(reused), ElementsAre("risk_signal.signal_id"));

  // A second signal joins the open case.
  v1::RiskSignal second;
  ASSERT_TRUE(Report(household.name(), Signal("visit-7", Today(), v1::RISK_TYPE_DISABILITY),
                     &second, Role::ROLE_TOWNSHIP_OFFICER)
                  .ok());
  EXPECT_EQ(second.case_(), signal.case_());

  v1::Case c = GetCase(signal.case_());
  EXPECT_EQ(c.kind(), v1::CASE_KIND_IDENTIFICATION);
  EXPECT_EQ(c.step(), v1::CASE_STEP_HOME_VERIFICATION);
  EXPECT_THAT(c.risk_signals(), ElementsAre(signal.name(), second.name()));
  EXPECT_THAT(env_->AuditActionsOf(c.name()),
              ElementsAre("OpenIdentificationCase", "JoinIdentificationCase"));

  // The wrong role for the step.
  v1::Case next;
  v1::DecideCaseStepRequest by_township;
  by_township.mutable_home_verification()->set_authorization_signed(true);
  by_township.mutable_home_verification()->set_visit_date(Today());
  EXPECT_EQ(Decide(c, Role::ROLE_TOWNSHIP_OFFICER, by_township, &next).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  c = Complete(c);
  ASSERT_EQ(c.step(), v1::CASE_STEP_DATA_MATCHING);

  // A stale etag.
  v1::DecideCaseStepRequest stale;
  stale.set_etag("1");
  stale.mutable_data_matching()->add_matched_sources("医保");
  EXPECT_EQ(Decide(c, Role::ROLE_TOWNSHIP_OFFICER, stale, &next).error_code(),
            grpc::StatusCode::ABORTED);

  c = Complete(c);
  ASSERT_EQ(c.step(), v1::CASE_STEP_VILLAGE_REVIEW);

  // Out of order: the village concludes without its public notice.
  v1::DecideCaseStepRequest no_notice;
  *no_notice.mutable_determination() = Unstable();
  const grpc::Status early = Decide(c, Role::ROLE_VILLAGE_CADRE, no_notice, &next);
  EXPECT_EQ(early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(PreconditionSubjects(early), ElementsAre("public_notice"));

  // RETURNED goes back one step; the township matches again.
  v1::DecideCaseStepRequest returned;
  returned.set_outcome(v1::STEP_OUTCOME_RETURNED);
  returned.set_reason("医保数据不全, 需重新比对");
  ASSERT_TRUE(Decide(c, Role::ROLE_VILLAGE_CADRE, returned, &c).ok());
  EXPECT_EQ(c.step(), v1::CASE_STEP_DATA_MATCHING);
  c = Complete(c);
  ASSERT_EQ(c.step(), v1::CASE_STEP_VILLAGE_REVIEW);

  c = Complete(c);  // five days of notice pass
  ASSERT_EQ(c.step(), v1::CASE_STEP_TOWNSHIP_REVIEW);
  c = Complete(c);
  ASSERT_EQ(c.step(), v1::CASE_STEP_COUNTY_APPROVAL);
  c = Complete(c);
  ASSERT_EQ(c.step(), v1::CASE_STEP_APPROVED);
  EXPECT_TRUE(c.has_close_time());

  v1::Household monitored = GetHousehold(household.name());
  EXPECT_EQ(monitored.status(), v1::HOUSEHOLD_STATUS_MONITORED);
  EXPECT_EQ(monitored.category(), v1::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED);
  EXPECT_EQ(monitored.identification_date(), Today());
  EXPECT_EQ(monitored.primary_risk_type(), v1::RISK_TYPE_ILLNESS);
  EXPECT_THAT(monitored.risk_types(), ElementsAre(v1::RISK_TYPE_ILLNESS));

  // A signal about a monitored household informs the monitoring and opens no case.
  v1::RiskSignal informs;
  ASSERT_TRUE(Report(household.name(),
                     Signal("job-loss-1", Today(), v1::RISK_TYPE_UNSTABLE_EMPLOYMENT), &informs,
                     Role::ROLE_SERVICE)
                  .ok());
  EXPECT_THAT(informs.case_(), IsEmpty());
  EXPECT_EQ(GetHousehold(household.name()).status(), v1::HOUSEHOLD_STATUS_MONITORED);

  // The elimination policy refuses a proposal made too early, naming every condition
  // that fails; nothing is opened.
  v1::ProposeRiskEliminationRequest premature;
  premature.set_parent(household.name());
  premature.set_reason("收入已恢复");
  v1::Case refused;
  const grpc::Status too_early = env_->stub().ProposeRiskElimination(
      env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), premature, &refused);
  EXPECT_EQ(too_early.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(PreconditionSubjects(too_early),
              UnorderedElementsAre("MONITORED_LONG_ENOUGH", "MEASURE_IN_EFFECT",
                                   "INCOME_STABLY_ABOVE_LINE", "GUARANTEES_HOLD"));
  v1::ListCasesRequest open_cases;
  open_cases.set_parent(household.name());
  open_cases.set_open_only(true);
  EXPECT_THAT(ListCases(open_cases), IsEmpty());

  ASSERT_NO_FATAL_FAILURE(MeetEliminationConditions(household.name()));

  // Elimination: four steps.
  v1::ProposeRiskEliminationRequest propose;
  propose.set_parent(household.name());
  propose.set_reason("家庭收入稳定超过监测线, 医疗费用已报销");
  propose.set_request_id("propose-1");
  v1::Case elimination;
  ASSERT_TRUE(env_->stub()
                  .ProposeRiskElimination(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(),
                                          propose, &elimination)
                  .ok());
  EXPECT_EQ(elimination.kind(), v1::CASE_KIND_ELIMINATION);
  EXPECT_EQ(elimination.step(), v1::CASE_STEP_ELIMINATION_PROPOSAL);
  v1::Case replayed;
  ASSERT_TRUE(env_->stub()
                  .ProposeRiskElimination(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(),
                                          propose, &replayed)
                  .ok());
  EXPECT_EQ(replayed.name(), elimination.name()) << "request_id replays the first result";
  // A replay from outside the household's region learns nothing of the case, not even
  // that the household exists.
  for (const std::string& region : {std::string("654202"), std::string("6540")}) {
    v1::Case outside;
    const grpc::Status status = env_->stub().ProposeRiskElimination(
        env_->Context(Role::ROLE_VILLAGE_CADRE, region).get(), propose, &outside);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << region;
    EXPECT_EQ(ErrorReasonOf(status), "RESOURCE_NOT_FOUND") << region;
    EXPECT_THAT(outside.name(), IsEmpty()) << region;
  }
  for (const Role role : {Role::ROLE_ANALYST, Role::ROLE_SERVICE}) {
    v1::Case outside;
    EXPECT_EQ(env_->stub()
                  .ProposeRiskElimination(env_->Context(role, kCounty).get(), propose, &outside)
                  .error_code(),
              grpc::StatusCode::PERMISSION_DENIED);
  }
  propose.set_request_id("propose-2");
  EXPECT_EQ(env_->stub()
                .ProposeRiskElimination(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(),
                                        propose, &replayed)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION)
      << "a case is already open";

  elimination = Complete(elimination);
  ASSERT_EQ(elimination.step(), v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW);
  elimination = Complete(elimination);
  ASSERT_EQ(elimination.step(), v1::CASE_STEP_ELIMINATION_TOWNSHIP_CHECK);
  elimination = Complete(elimination);
  ASSERT_EQ(elimination.step(), v1::CASE_STEP_ELIMINATION_COUNTY_APPROVAL);
  elimination = Complete(elimination);
  ASSERT_EQ(elimination.step(), v1::CASE_STEP_APPROVED);
  v1::Household eliminated = GetHousehold(household.name());
  EXPECT_EQ(eliminated.status(), v1::HOUSEHOLD_STATUS_RISK_ELIMINATED);
  EXPECT_EQ(eliminated.category(), v1::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED);
  EXPECT_EQ(eliminated.risk_elimination_date(), Today());

  // Re-entry: a new risk opens a new identification.
  v1::RiskSignal reentry;
  ASSERT_TRUE(Report(household.name(),
                     Signal("disaster-3", Today(), v1::RISK_TYPE_NATURAL_DISASTER), &reentry)
                  .ok());
  ASSERT_FALSE(reentry.case_().empty());
  EXPECT_NE(reentry.case_(), signal.case_());
  EXPECT_EQ(GetCase(reentry.case_()).step(), v1::CASE_STEP_HOME_VERIFICATION);
  EXPECT_EQ(GetHousehold(household.name()).status(), v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION);

  EXPECT_THAT(ListSignals(household.name()), SizeIs(4));
  v1::ListCasesRequest all_cases;
  all_cases.set_parent(household.name());
  EXPECT_THAT(ListCases(all_cases), SizeIs(3));
  all_cases.set_open_only(true);
  const auto open = ListCases(all_cases);
  ASSERT_THAT(open, SizeIs(1));
  EXPECT_EQ(open[0].name(), reentry.case_());
}

// An idempotent replay answers only a caller who could have made the first call: region,
// then the role of the step that was decided (OWASP API1, broken object-level
// authorisation, if the request log answered first).
TEST_F(CaseApiTest, ReplayedDecisionsAreAuthorisedLikeTheFirstCall) {
  const v1::Household household = NewHousehold(8);
  v1::RiskSignal signal;
  ASSERT_TRUE(Report(household.name(), Signal("replay-1", Today()), &signal).ok());
  v1::Case c = GetCase(signal.case_());
  while (c.step() != v1::CASE_STEP_COUNTY_APPROVAL) c = Complete(c);

  v1::DecideCaseStepRequest approve;
  approve.set_name(c.name());
  approve.set_etag(c.etag());
  approve.set_outcome(v1::STEP_OUTCOME_COMPLETED);
  approve.set_request_id("approve-1");
  *approve.mutable_determination() = Unstable();
  v1::Case approved;
  ASSERT_TRUE(env_->stub()
                  .DecideCaseStep(env_->Context(Role::ROLE_COUNTY_OFFICER, kCounty).get(), approve,
                                  &approved)
                  .ok());
  ASSERT_EQ(approved.step(), v1::CASE_STEP_APPROVED);

  struct Outsider {
    Role role;
    std::string region;
    grpc::StatusCode code;
    std::string reason;
  };
  const std::vector<Outsider> outsiders = {
      // Outside the household's region it does not exist: nothing about it leaks.
      {Role::ROLE_COUNTY_OFFICER, "6540", grpc::StatusCode::NOT_FOUND, "RESOURCE_NOT_FOUND"},
      {Role::ROLE_COUNTY_OFFICER, "654202", grpc::StatusCode::NOT_FOUND, "RESOURCE_NOT_FOUND"},
      // Case handlers of the right region whose role does not approve at the county.
      {Role::ROLE_TOWNSHIP_OFFICER, kCounty, grpc::StatusCode::PERMISSION_DENIED,
       "ROLE_NOT_ALLOWED_AT_STEP"},
      {Role::ROLE_VILLAGE_CADRE, kCounty, grpc::StatusCode::PERMISSION_DENIED,
       "ROLE_NOT_ALLOWED_AT_STEP"},
      // Roles that decide nothing.
      {Role::ROLE_ANALYST, kPrefecture, grpc::StatusCode::PERMISSION_DENIED, "ROLE_NOT_ALLOWED"},
      {Role::ROLE_SERVICE, kPrefecture, grpc::StatusCode::PERMISSION_DENIED, "ROLE_NOT_ALLOWED"},
  };
  for (const Outsider& outsider : outsiders) {
    SCOPED_TRACE(
        absl::StrCat(rrmon::common::v1::Role_Name(outsider.role), " of ", outsider.region));
    v1::Case replayed;
    const grpc::Status status = env_->stub().DecideCaseStep(
        env_->Context(outsider.role, outsider.region).get(), approve, &replayed);
    EXPECT_EQ(status.error_code(), outsider.code);
    EXPECT_EQ(ErrorReasonOf(status), outsider.reason);
    EXPECT_THAT(replayed.history(), IsEmpty()) << "nothing of the case comes back";
  }
  v1::Case replayed;
  ASSERT_TRUE(env_->stub()
                  .DecideCaseStep(env_->Context(Role::ROLE_COUNTY_OFFICER, kPrefecture).get(),
                                  approve, &replayed)
                  .ok())
      << "a county officer whose region covers the household could have made the call";
  EXPECT_EQ(replayed.etag(), approved.etag());
  EXPECT_EQ(replayed.history_size(), approved.history_size());

  EXPECT_EQ(GetCase(signal.case_()).etag(), approved.etag()) << "no replay changed the case";
}

TEST_F(CaseApiTest, NoticeDatedBeforeTheCaseOpenedIsRefused) {
  const v1::Household household = NewHousehold(9);
  v1::RiskSignal signal;
  ASSERT_TRUE(Report(household.name(), Signal("old-notice-1", Today()), &signal).ok());
  v1::Case c = GetCase(signal.case_());
  while (c.step() != v1::CASE_STEP_VILLAGE_REVIEW) c = Complete(c);

  v1::DecideCaseStepRequest request;
  request.mutable_public_notice()->set_start_date("2020-01-01");
  request.mutable_public_notice()->set_end_date("2020-01-10");
  *request.mutable_determination() = Unstable();
  v1::Case next;
  const grpc::Status status = Decide(c, Role::ROLE_VILLAGE_CADRE, request, &next);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReasonOf(status), "STEP_REQUIREMENTS_NOT_MET");
  EXPECT_THAT(PreconditionSubjects(status), ElementsAre("public_notice.start_date"));
  EXPECT_EQ(GetCase(c.name()).step(), v1::CASE_STEP_VILLAGE_REVIEW) << "the case did not move";
}

TEST_F(CaseApiTest, RejectedIdentificationRestoresTheEarlierStatus) {
  const v1::Household household = NewHousehold(2);
  v1::RiskSignal signal;
  ASSERT_TRUE(Report(household.name(), Signal("s-1", Today()), &signal).ok());
  v1::Case c = GetCase(signal.case_());

  v1::DecideCaseStepRequest reject;
  reject.set_outcome(v1::STEP_OUTCOME_REJECTED);
  reject.set_reason("入户核实: 收入稳定, 无返贫风险");
  ASSERT_TRUE(Decide(c, Role::ROLE_VILLAGE_CADRE, reject, &c).ok());
  EXPECT_EQ(c.step(), v1::CASE_STEP_REJECTED);
  const v1::Household after = GetHousehold(household.name());
  EXPECT_EQ(after.status(), v1::HOUSEHOLD_STATUS_REGISTERED);
  EXPECT_EQ(after.category(), v1::MONITORING_CATEGORY_UNSPECIFIED);

  // A closed case takes no more decisions, and only monitored households are eliminated.
  v1::Case next;
  EXPECT_EQ(Decide(c, Role::ROLE_VILLAGE_CADRE, reject, &next).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::ProposeRiskEliminationRequest propose;
  propose.set_parent(household.name());
  propose.set_reason("无风险");
  EXPECT_EQ(env_->stub()
                .ProposeRiskElimination(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(),
                                        propose, &next)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(CaseApiTest, OverdueCasesAppearOnlyAfterTheirDueTime) {
  env_ = MonitoringTestEnv::Start({.with_metrics_endpoint = true});
  const v1::Household household = NewHousehold(3);
  v1::RiskSignal signal;
  ASSERT_TRUE(Report(household.name(), Signal("s-overdue", Today()), &signal).ok());

  v1::ListCasesRequest overdue;
  overdue.set_parent("households/-");
  overdue.set_overdue_only(true);
  EXPECT_THAT(ListCases(overdue), IsEmpty());
  EXPECT_FALSE(GetCase(signal.case_()).overdue());

  const std::string series =
      "rrmon_monitoring_overdue_cases{kind=\"identification\",step=\"home_verification\"}";
  ASSERT_TRUE(env_->server().gauges().Refresh().ok());
  auto metrics = rrmon::testing::HttpGet(env_->server().metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(*metrics, HasSubstr(series + " 0"));
  EXPECT_THAT(*metrics, HasSubstr("rrmon_monitoring_cases{kind=\"identification\","
                                  "step=\"home_verification\"} 1"));

  AdvanceDays(4);  // home verification has three days
  const auto late = ListCases(overdue);
  ASSERT_THAT(late, SizeIs(1));
  EXPECT_EQ(late[0].name(), signal.case_());
  EXPECT_TRUE(late[0].overdue());
  EXPECT_TRUE(GetCase(signal.case_()).overdue());

  ASSERT_TRUE(env_->server().gauges().Refresh().ok());
  metrics = rrmon::testing::HttpGet(env_->server().metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(*metrics, HasSubstr(series + " 1"));
}

TEST_F(CaseApiTest, SignalsAreValidatedAndScoped) {
  const v1::Household household = NewHousehold(4);
  v1::RiskSignal bad;
  bad.set_signal_id("bad id!");
  bad.add_risk_types(v1::RISK_TYPE_OTHER);
  bad.add_risk_types(v1::RISK_TYPE_OTHER);
  bad.set_occurred_date(DaysFromToday(1));
  v1::RiskSignal stored;
  const grpc::Status status = Report(household.name(), bad, &stored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              UnorderedElementsAre("risk_signal.signal_id", "risk_signal.source",
                                   "risk_signal.risk_types[1]", "risk_signal.evidence",
                                   "risk_signal.occurred_date"));
  EXPECT_THAT(ListSignals("households/-"), IsEmpty()) << "nothing stored";

  // Another county's officer may not report on, or read, this household: to them it does
  // not exist.
  v1::ReportRiskSignalRequest request;
  request.set_parent(household.name());
  *request.mutable_risk_signal() = Signal("s-1", Today());
  EXPECT_EQ(env_->stub()
                .ReportRiskSignal(env_->Context(Role::ROLE_COUNTY_OFFICER, "654202").get(), request,
                                  &stored)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  // Analysts read aggregates only.
  v1::ListCasesRequest cases;
  cases.set_parent("households/-");
  v1::ListCasesResponse response;
  EXPECT_EQ(env_->stub()
                .ListCases(env_->Context(Role::ROLE_ANALYST, kCounty).get(), cases, &response)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(CaseApiTest, RegionWideListsPage) {
  for (int seed = 10; seed < 13; ++seed) {
    const v1::Household household = NewHousehold(seed);
    v1::RiskSignal signal;
    ASSERT_TRUE(Report(household.name(), Signal(absl::StrCat("s-", seed), Today()), &signal).ok());
  }
  v1::ListCasesRequest request;
  request.set_parent("households/-");
  request.set_page_size(2);
  request.set_kind(v1::CASE_KIND_IDENTIFICATION);
  EXPECT_THAT(ListCases(request), SizeIs(3));
  request.set_kind(v1::CASE_KIND_ELIMINATION);
  EXPECT_THAT(ListCases(request), IsEmpty());
  EXPECT_THAT(ListSignals("households/-"), SizeIs(3));
}

// The pure signal checks, without a server.
TEST(ValidateRiskSignalTest, AcceptsAWellFormedSignalAndNeedsEvidenceForOther) {
  const absl::CivilDay today(2026, 11, 24);
  EXPECT_TRUE(ValidateRiskSignal(Signal("a-1", "2026-11-24"), today, "risk_signal").ok());
  v1::RiskSignal other = Signal("a-2", "2026-11-01", v1::RISK_TYPE_OTHER);
  other.clear_evidence();
  const absl::Status status = ValidateRiskSignal(other, today, "risk_signal");
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetBadRequest(status).field_violations(0).field(), "risk_signal.evidence");
  EXPECT_FALSE(ValidateRiskSignal(Signal("a-3", "2026-11-25"), today, "risk_signal").ok());
  EXPECT_FALSE(ValidateRiskSignal(Signal("", "2026-11-24"), today, "risk_signal").ok());
  v1::RiskSignal long_evidence = Signal("a-4", "2026-11-24");
  long_evidence.set_evidence(std::string(2001, 'x'));
  EXPECT_FALSE(ValidateRiskSignal(long_evidence, today, "risk_signal").ok());
}

}  // namespace
}  // namespace rrmon::monitoring::testing

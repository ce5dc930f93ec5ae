// GetMonitoringStatistics end to end, fed through the public API only: the seed report's
// figures (244 households and 748 people under assistance, 1,149 measures) must come back
// exactly, with distractors that must not be counted, and a cached answer must follow
// every change. Real gRPC, SQLite and Redis; the fake clock stands in for the notice days.

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/time/civil_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/monitoring/monitoring_test_env.h"
#include "tests/support/id_numbers.h"

namespace rrmon::monitoring::testing {
namespace {

using ::testing::HasSubstr;

constexpr char kPrefecture[] = "6542";
constexpr int kMonitoredHouseholds = 244;
constexpr int kMonitoredPeople = 748;
constexpr int kMeasures = 1149;

// Villages of two counties: 塔城市 (654201) and 额敏县 (654221).
const char* const kVillages[] = {"654201001001", "654201001002", "654221100201", "654221100202"};

constexpr v1::MonitoringCategory kCategories[] = {v1::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED,
                                                  v1::MONITORING_CATEGORY_MARGINAL_AT_RISK,
                                                  v1::MONITORING_CATEGORY_SUDDEN_HARDSHIP};
constexpr v1::RiskType kPrimaryRisks[] = {
    v1::RISK_TYPE_ILLNESS, v1::RISK_TYPE_DISABILITY, v1::RISK_TYPE_SCHOOLING_COSTS,
    v1::RISK_TYPE_UNSTABLE_EMPLOYMENT, v1::RISK_TYPE_LACK_OF_LABOUR};

// 748 = 244 × 3 + 16: sixteen households of four, the rest of three.
int SizeOf(int index) { return index < kMonitoredPeople - 3 * kMonitoredHouseholds ? 4 : 3; }
// 1,149 = 244 × 4 + 173.
int MeasuresOf(int index) { return index < kMeasures - 4 * kMonitoredHouseholds ? 5 : 4; }

// A household of `size` people; every ID number in the fixture is distinct (the birth
// day differs per household, the sequence per member).
v1::Household FixtureHousehold(int index, int size) {
  v1::Household household;
  household.set_region_code(kVillages[index % 4]);
  household.set_address(absl::StrCat("第 ", index, " 号"));
  household.set_poverty_alleviated(true);
  household.set_poverty_alleviation_year(2019);
  const std::string birth = absl::FormatCivilTime(absl::CivilDay(1960, 1, 1) + index);
  const std::string birth_digits = birth.substr(0, 4) + birth.substr(5, 2) + birth.substr(8, 2);
  for (int m = 0; m < size; ++m) {
    v1::HouseholdMember* member = household.add_members();
    static const char* const kNames[] = {"热依汗古丽·艾力", "艾力·买买提",    "古丽娜尔·艾力",
                                         "阿不都·艾力",     "Айдос Серікұлы", "巴特尔"};
    member->set_full_name(kNames[m % 6]);
    member->set_id_number(rrmon::testing::MakeIdNumber("654201", birth_digits, 100 + m));
    member->set_relation_to_head(m == 0 ? v1::RELATION_HEAD : v1::RELATION_CHILD);
    member->set_ethnicity("维吾尔族");
    member->set_health(v1::HEALTH_STATUS_HEALTHY);
    member->set_labour_capacity(v1::LABOUR_CAPACITY_ORDINARY);
  }
  return household;
}

class StatisticsApiTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = MonitoringTestEnv::Start(); }

  std::string Today() const { return FormatDate(UtcDay(env_->clock().Now())); }
  std::unique_ptr<grpc::ClientContext> As(Role role) const {
    return env_->Context(role, kPrefecture);
  }

  v1::Household Create(const v1::Household& household) {
    v1::CreateHouseholdRequest request;
    *request.mutable_household() = household;
    v1::Household created;
    const grpc::Status status =
        env_->stub().CreateHousehold(As(Role::ROLE_VILLAGE_CADRE).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  v1::Case OpenCase(const v1::Household& household, int index) {
    v1::ReportRiskSignalRequest request;
    request.set_parent(household.name());
    v1::RiskSignal* signal = request.mutable_risk_signal();
    signal->set_signal_id(absl::StrCat("visit-", index));
    signal->set_source(v1::SIGNAL_SOURCE_CADRE_VISIT);
    signal->add_risk_types(kPrimaryRisks[index % 5]);
    signal->set_evidence("入户走访发现");
    signal->set_occurred_date(Today());
    v1::RiskSignal stored;
    const grpc::Status status =
        env_->stub().ReportRiskSignal(As(Role::ROLE_VILLAGE_CADRE).get(), request, &stored);
    EXPECT_TRUE(status.ok()) << status.error_message();
    v1::GetCaseRequest get;
    get.set_name(stored.case_());
    v1::Case c;
    EXPECT_TRUE(env_->stub().GetCase(As(Role::ROLE_VILLAGE_CADRE).get(), get, &c).ok());
    return c;
  }

  v1::Case Decide(const v1::Case& c, Role role, v1::DecideCaseStepRequest request) {
    request.set_name(c.name());
    request.set_etag(c.etag());
    request.set_outcome(v1::STEP_OUTCOME_COMPLETED);
    v1::Case next;
    const grpc::Status status = env_->stub().DecideCaseStep(As(role).get(), request, &next);
    EXPECT_TRUE(status.ok()) << v1::CaseStep_Name(c.step()) << ": " << status.error_message();
    return next;
  }

  void AddMeasure(const v1::Household& household, v1::MeasureType type, v1::MeasureStatus status,
                  int64_t funds_fen) {
    v1::CreateAssistanceMeasureRequest request;
    request.set_parent(household.name());
    v1::AssistanceMeasure* measure = request.mutable_measure();
    measure->set_type(type);
    measure->set_description("一户一策帮扶措施");
    measure->set_responsible_unit("乡镇人民政府");
    measure->set_responsible_person("包户干部");
    measure->set_funds_fen(funds_fen);
    measure->set_start_date(Today());
    measure->set_status(status);
    v1::AssistanceMeasureResponse response;
    const grpc::Status result = env_->stub().CreateAssistanceMeasure(
        As(Role::ROLE_VILLAGE_CADRE).get(), request, &response);
    ASSERT_TRUE(result.ok()) << result.error_message();
  }

  v1::MonitoringStatistics Statistics(const std::string& region_prefix = "") {
    v1::GetMonitoringStatisticsRequest request;
    request.set_region_prefix(region_prefix);
    v1::MonitoringStatistics statistics;
    const grpc::Status status =
        env_->stub().GetMonitoringStatistics(As(Role::ROLE_ANALYST).get(), request, &statistics);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return statistics;
  }

  // Registers the fixture and drives every household through identification, in
  // lockstep so one advance of the clock covers every public notice.
  void BuildFixture() {
    std::vector<v1::Household> households;
    std::vector<v1::Case> cases;
    for (int i = 0; i < kMonitoredHouseholds; ++i) {
      households.push_back(Create(FixtureHousehold(i, SizeOf(i))));
      cases.push_back(OpenCase(households.back(), i));
    }
    v1::DecideCaseStepRequest home;
    home.mutable_home_verification()->set_authorization_signed(true);
    home.mutable_home_verification()->set_authorization_reference("授权书");
    home.mutable_home_verification()->set_visit_date(Today());
    for (auto& c : cases) c = Decide(c, Role::ROLE_VILLAGE_CADRE, home);
    v1::DecideCaseStepRequest matching;
    matching.mutable_data_matching()->add_matched_sources("民政");
    for (auto& c : cases) c = Decide(c, Role::ROLE_TOWNSHIP_OFFICER, matching);
    v1::DecideCaseStepRequest notice;
    notice.mutable_public_notice()->set_start_date(Today());
    notice.mutable_public_notice()->set_end_date(FormatDate(UtcDay(env_->clock().Now()) + 4));
    env_->clock().Advance(absl::Hours(24 * 5));
    for (size_t i = 0; i < cases.size(); ++i) {
      v1::DecideCaseStepRequest review = notice;
      v1::Determination* determination = review.mutable_determination();
      determination->set_category(kCategories[i % 3]);
      determination->add_risk_types(kPrimaryRisks[i % 5]);
      determination->set_primary_risk_type(kPrimaryRisks[i % 5]);
      cases[i] = Decide(cases[i], Role::ROLE_VILLAGE_CADRE, review);
    }
    for (auto& c : cases) c = Decide(c, Role::ROLE_TOWNSHIP_OFFICER, {});
    for (size_t i = 0; i < cases.size(); ++i) {
      v1::DecideCaseStepRequest approval;
      v1::Determination* determination = approval.mutable_determination();
      determination->set_category(kCategories[i % 3]);
      determination->add_risk_types(kPrimaryRisks[i % 5]);
      determination->set_primary_risk_type(kPrimaryRisks[i % 5]);
      cases[i] = Decide(cases[i], Role::ROLE_COUNTY_OFFICER, approval);
      ASSERT_EQ(cases[i].step(), v1::CASE_STEP_APPROVED);
    }
    for (int i = 0; i < kMonitoredHouseholds; ++i) {
      for (int m = 0; m < MeasuresOf(i); ++m) {
        ASSERT_NO_FATAL_FAILURE(AddMeasure(
            households[i], m % 2 == 0 ? v1::MEASURE_TYPE_INDUSTRY : v1::MEASURE_TYPE_MEDICAL,
            m == 0 ? v1::MEASURE_STATUS_DONE : v1::MEASURE_STATUS_IN_EFFECT, 100000));
      }
    }
    // Distractors: two registered households (one with a planned measure), a cancelled
    // measure of a monitored household, a deleted household, and a household of another
    // prefecture (Ili, 6540) that the region prefix must leave out.
    const v1::Household registered = Create(FixtureHousehold(1000, 2));
    Create(FixtureHousehold(1001, 2));
    ASSERT_NO_FATAL_FAILURE(
        AddMeasure(registered, v1::MEASURE_TYPE_EDUCATION, v1::MEASURE_STATUS_PLANNED, 50000));
    ASSERT_NO_FATAL_FAILURE(
        AddMeasure(households[0], v1::MEASURE_TYPE_HOUSING, v1::MEASURE_STATUS_CANCELLED, 900000));
    const v1::Household deleted = Create(FixtureHousehold(1002, 5));
    v1::DeleteHouseholdRequest remove;
    remove.set_name(deleted.name());
    remove.set_reason("重复登记");
    v1::Household removed;
    ASSERT_TRUE(
        env_->stub().DeleteHousehold(As(Role::ROLE_COUNTY_OFFICER).get(), remove, &removed).ok());
    v1::CreateHouseholdRequest ili;
    *ili.mutable_household() = FixtureHousehold(1003, 6);
    ili.mutable_household()->set_region_code("654002001001");
    v1::Household other;
    ASSERT_TRUE(
        env_->stub()
            .CreateHousehold(env_->Context(Role::ROLE_COUNTY_OFFICER, "65").get(), ili, &other)
            .ok());
    monitored_ = households;
  }

  std::unique_ptr<MonitoringTestEnv> env_;
  std::vector<v1::Household> monitored_;
};

TEST_F(StatisticsApiTest, ReproducesTheSeedReportFigures) {
  ASSERT_NO_FATAL_FAILURE(BuildFixture());
  const v1::MonitoringStatistics statistics = Statistics();

  EXPECT_EQ(statistics.region_prefix(), kPrefecture);
  EXPECT_EQ(statistics.as_of_date(), Today());
  EXPECT_EQ(statistics.monitored().households(), kMonitoredHouseholds);
  EXPECT_EQ(statistics.monitored().people(), kMonitoredPeople);
  EXPECT_EQ(statistics.monitored_measures(), kMeasures);
  EXPECT_EQ(statistics.registered().households(), kMonitoredHouseholds + 2);
  EXPECT_EQ(statistics.registered().people(), kMonitoredPeople + 4);

  std::map<int, int64_t> by_category;
  int64_t category_people = 0;
  for (const auto& row : statistics.monitored_by_category()) {
    by_category[row.category()] = row.count().households();
    category_people += row.count().people();
  }
  // 244 households cycling over three categories: 82, 81, 81.
  EXPECT_EQ(by_category[v1::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED], 82);
  EXPECT_EQ(by_category[v1::MONITORING_CATEGORY_MARGINAL_AT_RISK], 81);
  EXPECT_EQ(by_category[v1::MONITORING_CATEGORY_SUDDEN_HARDSHIP], 81);
  EXPECT_EQ(category_people, kMonitoredPeople);

  std::map<int, int64_t> by_risk;
  for (const auto& row : statistics.monitored_by_primary_risk_type()) {
    by_risk[row.risk_type()] = row.count().households();
  }
  EXPECT_EQ(by_risk[v1::RISK_TYPE_ILLNESS], 49);  // indexes 0, 5, …, 240
  EXPECT_EQ(by_risk[v1::RISK_TYPE_LACK_OF_LABOUR], 48);

  std::map<int, int64_t> by_status;
  for (const auto& row : statistics.measures_by_status()) by_status[row.status()] = row.measures();
  EXPECT_EQ(by_status[v1::MEASURE_STATUS_DONE], kMonitoredHouseholds);
  EXPECT_EQ(by_status[v1::MEASURE_STATUS_IN_EFFECT], kMeasures - kMonitoredHouseholds);
  EXPECT_EQ(by_status[v1::MEASURE_STATUS_PLANNED], 1);
  EXPECT_EQ(by_status[v1::MEASURE_STATUS_CANCELLED], 1);
  int64_t by_type_total = 0;
  int64_t funds_total = 0;
  for (const auto& row : statistics.measures_by_type()) {
    by_type_total += row.measures();
    funds_total += row.funds_fen();
  }
  EXPECT_EQ(by_type_total, kMeasures + 1) << "cancelled excluded, the planned one counted";
  EXPECT_EQ(funds_total, int64_t{kMeasures} * 100000 + 50000);
  EXPECT_EQ(statistics.overdue_cases(), 0);

  // One county of the two.
  const v1::MonitoringStatistics county = Statistics("654221");
  EXPECT_EQ(county.monitored().households(), kMonitoredHouseholds / 2);
}

TEST_F(StatisticsApiTest, CachedStatisticsFollowEveryChange) {
  v1::Household household = Create(FixtureHousehold(1, 3));
  EXPECT_EQ(Statistics().registered().households(), 1);
  EXPECT_EQ(Statistics().measures_by_status_size(), 0);

  ASSERT_NO_FATAL_FAILURE(
      AddMeasure(household, v1::MEASURE_TYPE_EDUCATION, v1::MEASURE_STATUS_PLANNED, 1000));
  ASSERT_EQ(Statistics().measures_by_status_size(), 1) << "a new measure invalidates the cache";
  Create(FixtureHousehold(2, 3));
  EXPECT_EQ(Statistics().registered().households(), 2) << "a new household too";
  OpenCase(household, 1);
  const v1::MonitoringStatistics with_case = Statistics();
  ASSERT_EQ(with_case.open_cases_by_step_size(), 1) << "and a new case";
  EXPECT_EQ(with_case.open_cases_by_step(0).step(), v1::CASE_STEP_HOME_VERIFICATION);

  // Redis gone: the numbers still come, from the database.
  ASSERT_TRUE(env_->redis()->Stop().ok());
  Create(FixtureHousehold(3, 3));
  EXPECT_EQ(Statistics().registered().households(), 3);
}

// An analyst asking about a village of one household cannot read that household's risk;
// the county officer who handles it can.
TEST(StatisticsDisclosureTest, AnalystsGetSmallCellsWithheld) {
  auto env = MonitoringTestEnv::Start({.with_redis = false, .analyst_min_cell_size = 5});
  v1::CreateHouseholdRequest create;
  *create.mutable_household() = SampleHousehold(1, "654201001001");
  v1::Household created;
  ASSERT_TRUE(
      env->stub()
          .CreateHousehold(env->Context(Role::ROLE_VILLAGE_CADRE, "654201").get(), create, &created)
          .ok());
  v1::GetMonitoringStatisticsRequest request;
  request.set_region_prefix("654201001001");
  v1::MonitoringStatistics seen_by_analyst, seen_by_officer;
  ASSERT_TRUE(env->stub()
                  .GetMonitoringStatistics(env->Context(Role::ROLE_ANALYST, "6542").get(), request,
                                           &seen_by_analyst)
                  .ok());
  EXPECT_EQ(seen_by_analyst.min_cell_size(), 5);
  EXPECT_TRUE(seen_by_analyst.registered().suppressed());
  EXPECT_EQ(seen_by_analyst.registered().households(), 0);
  EXPECT_EQ(seen_by_analyst.registered().people(), 0);
  ASSERT_EQ(seen_by_analyst.by_status_size(), 1);
  EXPECT_TRUE(seen_by_analyst.by_status(0).count().suppressed());
  EXPECT_EQ(seen_by_analyst.by_status(0).count().households(), 0);

  ASSERT_TRUE(env->stub()
                  .GetMonitoringStatistics(env->Context(Role::ROLE_COUNTY_OFFICER, "654201").get(),
                                           request, &seen_by_officer)
                  .ok());
  EXPECT_EQ(seen_by_officer.min_cell_size(), 0);
  EXPECT_FALSE(seen_by_officer.registered().suppressed());
  EXPECT_EQ(seen_by_officer.registered().households(), 1);
  EXPECT_EQ(seen_by_officer.registered().people(), 2);
}

TEST_F(StatisticsApiTest, RequestsAreValidatedAndScoped) {
  v1::GetMonitoringStatisticsRequest request;
  v1::MonitoringStatistics statistics;
  request.set_region_prefix("65x2");
  grpc::Status status =
      env_->stub().GetMonitoringStatistics(As(Role::ROLE_ANALYST).get(), request, &statistics);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("region_prefix"));
  request.set_region_prefix("6540");
  EXPECT_EQ(env_->stub()
                .GetMonitoringStatistics(As(Role::ROLE_ANALYST).get(), request, &statistics)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  request.clear_region_prefix();
  request.set_as_of_date("2999-01-01");
  status = env_->stub().GetMonitoringStatistics(As(Role::ROLE_ANALYST).get(), request, &statistics);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("as_of_date"));
}

}  // namespace
}  // namespace rrmon::monitoring::testing

// The statistics the database maintains (sqlite_statistics_schema.h) against a full
// recount, after random sequences of everything that changes them, made through the API
// of a real server: households created, moved, resized by member changes, deleted and
// restored; signals opening and joining cases; case steps completed, returned and
// rejected through identification and elimination; measures created and changed; days
// passing. After each sequence, every level of region and several days must agree.

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/time/civil_date.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "services/monitoring/storage/sqlite_schema.h"
#include "services/monitoring/storage/sqlite_statistics_repository.h"
#include "tests/services/monitoring/monitoring_test_env.h"
#include "tests/support/id_numbers.h"

namespace rrmon::monitoring::testing {
namespace {

constexpr char kPrefecture[] = "6542";
// Two townships of 塔城市 and one of 乌苏市.
const std::vector<std::string> kVillages = {"654201001001", "654201001002", "654201002003",
                                            "654202003004"};

class StatisticsCountsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = MonitoringTestEnv::Start();
    SqliteOptions options;
    options.path = env_->database_path();
    auto database = SqliteDatabase::Open(options, MonitoringSqliteMigrations());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    statistics_ = std::make_unique<SqliteStatisticsRepository>(*database_);
  }

  std::unique_ptr<grpc::ClientContext> As(Role role) const {
    return env_->Context(role, kPrefecture);
  }
  absl::CivilDay Today() const { return UtcDay(env_->clock().Now()); }
  void AdvanceDays(int days) { env_->clock().Advance(absl::Hours(24 * days)); }
  int Between(int low, int high) { return std::uniform_int_distribution<int>(low, high)(random_); }
  template <typename T>
  const T& Pick(const std::vector<T>& items) {
    return items[static_cast<size_t>(Between(0, static_cast<int>(items.size()) - 1))];
  }

  std::optional<v1::Household> Get(const std::string& name) {
    v1::GetHouseholdRequest request;
    request.set_name(name);
    v1::Household household;
    if (!env_->stub().GetHousehold(As(Role::ROLE_COUNTY_OFFICER).get(), request, &household).ok()) {
      return std::nullopt;
    }
    return household;
  }

  std::optional<v1::Case> OpenCase(const std::string& household) {
    v1::ListCasesRequest request;
    request.set_parent(household);
    request.set_open_only(true);
    v1::ListCasesResponse response;
    if (!env_->stub().ListCases(As(Role::ROLE_COUNTY_OFFICER).get(), request, &response).ok() ||
        response.cases().empty()) {
      return std::nullopt;
    }
    return response.cases(0);
  }

  void Create() {
    v1::CreateHouseholdRequest request;
    *request.mutable_household() = SampleHousehold(++seed_, Pick(kVillages));
    v1::Household created;
    if (Count(
            env_->stub().CreateHousehold(As(Role::ROLE_VILLAGE_CADRE).get(), request, &created))) {
      households_.push_back(created.name());
    }
  }

  void Move(const std::string& name) {
    std::optional<v1::Household> household = Get(name);
    if (!household.has_value()) return;
    v1::UpdateHouseholdRequest request;
    *request.mutable_household() = *household;
    request.mutable_household()->set_region_code(Pick(kVillages));
    request.mutable_update_mask()->add_paths("region_code");
    request.set_reason("搬迁");
    v1::Household updated;
    Count(env_->stub().UpdateHousehold(As(Role::ROLE_TOWNSHIP_OFFICER).get(), request, &updated));
  }

  void AddMember(const std::string& name) {
    v1::CreateHouseholdMemberRequest request;
    request.set_parent(name);
    v1::HouseholdMember* member = request.mutable_member();
    member->set_full_name("叶尔兰·努尔兰");
    member->set_id_number(rrmon::testing::MakeIdNumber("654201", "20100402", ++people_ % 1000));
    member->set_relation_to_head(v1::RELATION_CHILD);
    member->set_ethnicity("哈萨克族");
    member->set_health(v1::HEALTH_STATUS_HEALTHY);
    member->set_labour_capacity(v1::LABOUR_CAPACITY_NONE);
    member->set_schooling_stage(v1::SCHOOLING_STAGE_PRIMARY);
    v1::HouseholdMember created;
    Count(
        env_->stub().CreateHouseholdMember(As(Role::ROLE_VILLAGE_CADRE).get(), request, &created));
  }

  void RemoveMember(const std::string& name) {
    std::optional<v1::Household> household = Get(name);
    if (!household.has_value() || household->members_size() < 2) return;
    v1::DeleteHouseholdMemberRequest request;
    request.set_name(household->members(household->members_size() - 1).name());
    request.set_reason("外嫁");
    v1::DeleteHouseholdMemberResponse response;
    Count(
        env_->stub().DeleteHouseholdMember(As(Role::ROLE_VILLAGE_CADRE).get(), request, &response));
  }

  void DeleteOrRestore(const std::string& name) {
    if (deleted_.contains(name)) {
      v1::UndeleteHouseholdRequest request;
      request.set_name(name);
      request.set_reason("误删恢复");
      v1::Household restored;
      if (Count(env_->stub().UndeleteHousehold(As(Role::ROLE_TOWNSHIP_OFFICER).get(), request,
                                               &restored))) {
        deleted_.erase(name);
      }
    } else if (Count(env_->DeleteHousehold(name, kPrefecture))) {
      deleted_.insert(name);
    }
  }

  void ReportSignal(const std::string& name) {
    v1::ReportRiskSignalRequest request;
    request.set_parent(name);
    v1::RiskSignal* signal = request.mutable_risk_signal();
    signal->set_signal_id(absl::StrCat("signal-", ++signals_));
    signal->set_source(v1::SIGNAL_SOURCE_DEPARTMENT_ALERT);
    signal->set_source_detail("塔城市医疗保障局");
    signal->add_risk_types(static_cast<v1::RiskType>(Between(1, 5)));
    signal->set_evidence("住院自付费用超过 3 万元");
    signal->set_occurred_date(FormatDate(Today()));
    v1::RiskSignal stored;
    if (Count(
            env_->stub().ReportRiskSignal(As(Role::ROLE_VILLAGE_CADRE).get(), request, &stored))) {
      NoteCase(name);
    }
  }

  v1::Determination RandomDetermination() {
    v1::Determination determination;
    determination.set_category(static_cast<v1::MonitoringCategory>(Between(1, 3)));
    const auto risk = static_cast<v1::RiskType>(Between(1, 5));
    determination.add_risk_types(risk);
    determination.set_primary_risk_type(risk);
    return determination;
  }

  void NoteCase(const std::string& name) {
    if (std::find(in_cases_.begin(), in_cases_.end(), name) == in_cases_.end()) {
      in_cases_.push_back(name);
    }
  }

  // Completes the open case's step with its evidence (most of the time), or returns or
  // rejects it.
  void Decide(const std::string& name) {
    std::optional<v1::Case> c = OpenCase(name);
    if (!c.has_value()) {
      std::erase(in_cases_, name);
      return;
    }
    v1::DecideCaseStepRequest request;
    request.set_name(c->name());
    request.set_etag(c->etag());
    const int roll = Between(0, 19);
    request.set_outcome(roll < 17   ? v1::STEP_OUTCOME_COMPLETED
                        : roll < 19 ? v1::STEP_OUTCOME_RETURNED
                                    : v1::STEP_OUTCOME_REJECTED);
    if (request.outcome() != v1::STEP_OUTCOME_COMPLETED) request.set_reason("材料不全");
    const Role role = CompleteStepEvidence(
        *env_, c->step(), [&] { return RandomDetermination(); }, request);
    v1::Case next;
    Count(env_->stub().DecideCaseStep(As(role).get(), request, &next));
  }

  v1::AssistanceMeasure RandomMeasure() {
    v1::AssistanceMeasure measure;
    measure.set_type(static_cast<v1::MeasureType>(Between(1, 12)));
    measure.set_description("发放基础母牛2头");
    measure.set_responsible_unit("县农业农村局");
    measure.set_responsible_person("吐尔逊·艾力");
    measure.set_funds_fen(int64_t{100} * Between(0, 20'000));
    // Some start next month: not counted on today's figures yet.
    measure.set_start_date(FormatDate(Today() + Between(-200, 40)));
    measure.set_status(static_cast<v1::MeasureStatus>(Between(1, 3)));
    return measure;
  }

  void AddMeasure(const std::string& name) {
    v1::CreateAssistanceMeasureRequest request;
    request.set_parent(name);
    *request.mutable_measure() = RandomMeasure();
    v1::AssistanceMeasureResponse created;
    if (Count(env_->stub().CreateAssistanceMeasure(As(Role::ROLE_VILLAGE_CADRE).get(), request,
                                                   &created))) {
      measures_.push_back(created.measure().name());
    }
  }

  void ChangeMeasure() {
    if (measures_.empty()) return;
    v1::GetAssistanceMeasureRequest get;
    get.set_name(Pick(measures_));
    v1::AssistanceMeasure measure;
    if (!env_->stub()
             .GetAssistanceMeasure(As(Role::ROLE_COUNTY_OFFICER).get(), get, &measure)
             .ok()) {
      return;
    }
    v1::UpdateAssistanceMeasureRequest request;
    *request.mutable_measure() = measure;
    const int roll = Between(0, 2);
    if (roll == 0) {
      request.mutable_measure()->set_status(static_cast<v1::MeasureStatus>(Between(2, 4)));
      request.mutable_update_mask()->add_paths("status");
    } else if (roll == 1) {
      request.mutable_measure()->set_funds_fen(int64_t{100} * Between(0, 20'000));
      request.mutable_measure()->set_type(static_cast<v1::MeasureType>(Between(1, 12)));
      request.mutable_update_mask()->add_paths("funds_fen");
      request.mutable_update_mask()->add_paths("type");
    } else {
      request.mutable_measure()->set_start_date(FormatDate(Today() + Between(-30, 30)));
      request.mutable_update_mask()->add_paths("start_date");
    }
    request.set_reason("调整");
    v1::AssistanceMeasureResponse updated;
    Count(env_->stub().UpdateAssistanceMeasure(As(Role::ROLE_VILLAGE_CADRE).get(), request,
                                               &updated));
  }

  // Makes a monitored household eligible (a medical measure in effect, the guarantees, 18
  // months of wages above the line; the six months of monitoring pass with the clock)
  // and proposes its risk elimination.
  void ProposeElimination(const std::string& name) {
    std::optional<v1::Household> household = Get(name);
    if (!household.has_value() || household->status() != v1::HOUSEHOLD_STATUS_MONITORED) return;
    AdvanceDays(190);
    v1::CreateAssistanceMeasureRequest measure;
    measure.set_parent(name);
    *measure.mutable_measure() = RandomMeasure();
    measure.mutable_measure()->set_type(v1::MEASURE_TYPE_MEDICAL);
    measure.mutable_measure()->set_status(v1::MEASURE_STATUS_IN_EFFECT);
    measure.mutable_measure()->set_start_date(FormatDate(Today() - 150));
    v1::AssistanceMeasureResponse created;
    Count(env_->stub().CreateAssistanceMeasure(As(Role::ROLE_VILLAGE_CADRE).get(), measure,
                                               &created));
    v1::UpdateGuaranteesRequest guarantees;
    v1::Guarantees* checked = guarantees.mutable_guarantees();
    checked->set_name(name + "/guarantees");
    for (v1::GuaranteeCheck* check :
         {checked->mutable_food(), checked->mutable_clothing(),
          checked->mutable_compulsory_schooling(), checked->mutable_basic_medical(),
          checked->mutable_drinking_water()}) {
      check->set_holds(true);
    }
    checked->set_housing_grade(v1::HOUSING_SAFETY_GRADE_B);
    checked->set_checked_date(FormatDate(Today()));
    v1::Guarantees stored;
    Count(env_->stub().UpdateGuarantees(As(Role::ROLE_VILLAGE_CADRE).get(), guarantees, &stored));
    const absl::CivilMonth this_month(Today());
    for (absl::CivilMonth month = this_month - 18; month < this_month; ++month) {
      v1::SetIncomeRecordRequest income;
      income.set_parent(name);
      income.mutable_income_record()->set_month(absl::FormatCivilTime(month).substr(0, 7));
      income.mutable_income_record()->set_wage_income_fen(600000);
      v1::IncomeRecord record;
      Count(env_->stub().SetIncomeRecord(As(Role::ROLE_VILLAGE_CADRE).get(), income, &record));
    }
    v1::ProposeRiskEliminationRequest propose;
    propose.set_parent(name);
    propose.set_reason("家庭收入稳定超过监测线");
    v1::Case elimination;
    if (Count(env_->stub().ProposeRiskElimination(As(Role::ROLE_VILLAGE_CADRE).get(), propose,
                                                  &elimination))) {
      NoteCase(name);
    }
  }

  // Days pass; every other time the counts catch up with the clock (as the server's
  // task does every few minutes), so the sequences compare flags both behind and caught
  // up.
  void PassDays(int days) {
    AdvanceDays(days);
    if (++days_passed_ % 2 == 0) {
      EXPECT_TRUE(statistics_->AdvanceCounts(env_->clock().Now()).ok());
    }
  }

  void RandomStep() {
    if (households_.empty() || Between(0, 9) == 0) return Create();
    const std::string name = Pick(households_);
    switch (Between(0, 13)) {
      case 0:
        return Move(name);
      case 1:
        return AddMember(name);
      case 2:
        return RemoveMember(name);
      case 3:
        return DeleteOrRestore(name);
      case 4:
        return ReportSignal(name);
      case 5:
        return AddMeasure(name);
      case 6:
        return ChangeMeasure();
      case 7:
        return ProposeElimination(name);
      case 8:
        return PassDays(Between(1, 20));
      default:  // cases take many steps: mostly those of households with one open
        if (!in_cases_.empty() && Between(0, 4) > 0) return Decide(std::string(Pick(in_cases_)));
        return Decide(name);
    }
  }

  bool Count(const grpc::Status& status) {
    if (status.ok()) ++succeeded_;
    return status.ok();
  }

  // Every level of the region, today, a day a month back and the last day of last year.
  void ExpectCountsMatchARecount(int sequence) {
    const int64_t now_micros = absl::ToUnixMicros(env_->clock().Now());
    const std::vector<absl::CivilDay> days = {Today(), Today() - 30,
                                              absl::CivilDay(Today().year() - 1, 12, 31)};
    for (const std::string prefix :
         {"65", "6542", "654201", "654201001", "654201001001", "654202", "654221"}) {
      for (const absl::CivilDay day : days) {
        const StatisticsQuery query{prefix, day, now_micros};
        auto maintained = statistics_->Compute(query);
        auto recounted = statistics_->Recount(query);
        ASSERT_TRUE(maintained.ok()) << maintained.status();
        ASSERT_TRUE(recounted.ok()) << recounted.status();
        std::string difference;
        google::protobuf::util::MessageDifferencer differencer;
        differencer.ReportDifferencesToString(&difference);
        EXPECT_TRUE(differencer.Compare(*maintained, *recounted))
            << "sequence " << sequence << ", " << prefix << " on " << FormatDate(day) << ":\n"
            << difference;
        if (prefix == std::string("65") && day == Today()) last_province_ = *recounted;
      }
    }
  }

  std::unique_ptr<MonitoringTestEnv> env_;
  std::unique_ptr<SqliteDatabase> database_;
  std::unique_ptr<SqliteStatisticsRepository> statistics_;
  std::mt19937 random_{20261202};
  std::vector<std::string> households_;
  std::vector<std::string> measures_;
  std::set<std::string> deleted_;
  // Households that had a case opened (some still open), in the order they did: a set
  // ordered by name would follow the server's random ids and make the sequence differ
  // from run to run.
  std::vector<std::string> in_cases_;
  int seed_ = 0;
  int people_ = 0;
  int signals_ = 0;
  int succeeded_ = 0;
  int days_passed_ = 0;
  v1::MonitoringStatistics last_province_;
};

TEST_F(StatisticsCountsTest, MaintainedCountsEqualARecountAfterRandomSequences) {
  int64_t most_monitored = 0;
  int64_t most_eliminated = 0;
  int64_t most_open = 0;
  for (int sequence = 0; sequence < 8; ++sequence) {
    for (int step = 0; step < 80; ++step) RandomStep();
    ASSERT_NO_FATAL_FAILURE(ExpectCountsMatchARecount(sequence));
    most_monitored = std::max(most_monitored, last_province_.monitored().households());
    most_eliminated = std::max(most_eliminated, last_province_.eliminations());
    for (const auto& step : last_province_.open_cases_by_step()) {
      most_open = std::max(most_open, step.cases());
    }
  }
  // The sequences reached what they are meant to exercise.
  RecordProperty("succeeded", succeeded_);
  EXPECT_GT(succeeded_, 400);
  EXPECT_GT(last_province_.registered().households(), 10);
  EXPECT_GT(most_monitored, 0);
  EXPECT_GT(most_open, 0);
  EXPECT_GT(most_eliminated, 0);
}

}  // namespace
}  // namespace rrmon::monitoring::testing

// WatchAlerts end to end: a township app watching its region over real gRPC sees new
// signals, assessments that find risk and steps that fall overdue, nothing of other
// regions, and its stream ends cleanly when the server shuts down; hundreds of streams
// are served at once without a thread each.

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/time/civil_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/monitoring/edge/alert_stream.h"
#include "tests/services/monitoring/monitoring_test_env.h"
#include "tests/support/wait_until.h"

namespace rrmon::monitoring::testing {
namespace {

using ::testing::Contains;

constexpr char kCounty[] = "654201";

class AlertsApiTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = MonitoringTestEnv::Start(); }

  std::string Today() const { return FormatDate(UtcDay(env_->clock().Now())); }

  v1::Household NewHousehold(int seed, const std::string& village) {
    v1::CreateHouseholdRequest request;
    *request.mutable_household() = SampleHousehold(seed, village);
    v1::Household created;
    const grpc::Status status = env_->stub().CreateHousehold(
        env_->Context(Role::ROLE_COUNTY_OFFICER, "6542").get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  v1::RiskSignal Report(const v1::Household& household, const std::string& signal_id) {
    v1::ReportRiskSignalRequest request;
    request.set_parent(household.name());
    request.mutable_risk_signal()->set_signal_id(signal_id);
    request.mutable_risk_signal()->set_source(v1::SIGNAL_SOURCE_SELF_REPORT);
    request.mutable_risk_signal()->add_risk_types(v1::RISK_TYPE_NATURAL_DISASTER);
    request.mutable_risk_signal()->set_evidence("冰雹致棉花绝收");
    request.mutable_risk_signal()->set_occurred_date(Today());
    v1::RiskSignal stored;
    const grpc::Status status = env_->stub().ReportRiskSignal(
        env_->Context(Role::ROLE_COUNTY_OFFICER, "6542").get(), request, &stored);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return stored;
  }

  // Opens a watch and waits until the server has set it up (initial metadata).
  std::unique_ptr<grpc::ClientReader<v1::Alert>> Watch(grpc::ClientContext& context,
                                                       const std::string& region_prefix) {
    v1::WatchAlertsRequest request;
    request.set_region_prefix(region_prefix);
    auto reader = env_->stub().WatchAlerts(&context, request);
    reader->WaitForInitialMetadata();
    return reader;
  }

  std::unique_ptr<MonitoringTestEnv> env_;
};

TEST_F(AlertsApiTest, WatchersSeeSignalsAssessmentsAndOverdueStepsOfTheirRegion) {
  const v1::Household here = NewHousehold(1, "654201001001");
  const v1::Household elsewhere = NewHousehold(2, "654221100201");

  auto context = env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty);
  auto reader = Watch(*context, "");  // the caller's whole region: 654201

  Report(elsewhere, "hail-1");  // another county: not for this watcher
  const v1::RiskSignal signal = Report(here, "hail-2");
  v1::Alert alert;
  ASSERT_TRUE(reader->Read(&alert));
  EXPECT_EQ(alert.kind(), v1::ALERT_KIND_RISK_SIGNAL);
  EXPECT_EQ(alert.household(), here.name());
  EXPECT_EQ(alert.region_code(), "654201001001");
  EXPECT_EQ(alert.risk_signal(), signal.name());
  EXPECT_EQ(alert.case_(), signal.case_());
  EXPECT_EQ(alert.dropped_before(), 0);

  // No income declared and no guarantees checked: the assessment finds risk.
  v1::AssessHouseholdRequest assess;
  assess.set_name(here.name());
  v1::Assessment assessment;
  ASSERT_TRUE(env_->stub()
                  .AssessHousehold(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), assess,
                                   &assessment)
                  .ok());
  ASSERT_TRUE(assessment.at_risk());
  ASSERT_TRUE(reader->Read(&alert));
  EXPECT_EQ(alert.kind(), v1::ALERT_KIND_ASSESSED_AT_RISK);
  EXPECT_EQ(alert.household(), here.name());
  EXPECT_THAT(alert.findings(), Contains(v1::RISK_FINDING_INCOME_BELOW_LINE));

  // Home verification is due in three days; on the fourth both open cases are overdue,
  // and this watcher hears of its own only.
  env_->clock().Advance(absl::Hours(24 * 4));
  ASSERT_TRUE(env_->server().overdue_scanner().ScanOnce().ok());
  ASSERT_TRUE(reader->Read(&alert));
  EXPECT_EQ(alert.kind(), v1::ALERT_KIND_STEP_OVERDUE);
  EXPECT_EQ(alert.case_(), signal.case_());
  EXPECT_EQ(alert.step(), v1::CASE_STEP_HOME_VERIFICATION);
  ASSERT_TRUE(env_->server().overdue_scanner().ScanOnce().ok());  // announced once only

  // Shutdown ends the stream cleanly, with nothing more delivered.
  env_->server().Shutdown();
  EXPECT_FALSE(reader->Read(&alert));
  const grpc::Status finished = reader->Finish();
  EXPECT_TRUE(finished.ok()) << finished.error_code() << " " << finished.error_message();
}

TEST_F(AlertsApiTest, WatchesAreScopedToTheCallersRegion) {
  auto context = env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty);
  v1::WatchAlertsRequest request;
  request.set_region_prefix("654221");
  auto reader = env_->stub().WatchAlerts(context.get(), request);
  v1::Alert alert;
  EXPECT_FALSE(reader->Read(&alert));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::PERMISSION_DENIED);

  auto bad_context = env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty);
  request.set_region_prefix("65420");
  auto bad = env_->stub().WatchAlerts(bad_context.get(), request);
  EXPECT_FALSE(bad->Read(&alert));
  EXPECT_EQ(bad->Finish().error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  grpc::ClientContext anonymous;
  anonymous.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  request.clear_region_prefix();
  auto unauthenticated = env_->stub().WatchAlerts(&anonymous, request);
  EXPECT_FALSE(unauthenticated->Read(&alert));
  EXPECT_EQ(unauthenticated->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

// Each stream holds a handler thread of the synchronous server, so their number is
// capped; a stream that ends frees its place.
class AlertsApiLimitTest : public AlertsApiTest {
 protected:
  void SetUp() override { env_ = MonitoringTestEnv::Start({.max_alert_streams = 1}); }
};

TEST_F(AlertsApiLimitTest, StreamsBeyondTheLimitAreRefusedUntilOneEnds) {
  const v1::Household household = NewHousehold(1, "654201001001");
  auto first_context = env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty);
  auto first = Watch(*first_context, "");

  auto second_context = env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty);
  auto second = Watch(*second_context, "");
  v1::Alert alert;
  EXPECT_FALSE(second->Read(&alert));
  const grpc::Status refused = second->Finish();
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(ErrorReasonOf(refused), "ALERT_STREAMS_EXHAUSTED");

  first_context->TryCancel();
  first->Finish();
  // The server notices the cancellation within its poll interval; then a watch fits. A
  // watch counts as admitted only when it delivers an alert published after it opened,
  // so neither a refusal nor a timeout can pass for one.
  bool admitted = false;
  for (int attempt = 0; attempt < 100 && !admitted; ++attempt) {
    auto context = env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    auto third = Watch(*context, "");
    const v1::RiskSignal signal = Report(household, "s-" + std::to_string(attempt));
    if (third->Read(&alert)) {
      EXPECT_EQ(alert.risk_signal(), signal.name());
      admitted = true;
      context->TryCancel();
      third->Finish();
      break;
    }
    EXPECT_EQ(third->Finish().error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
    absl::SleepFor(absl::Milliseconds(200));  // the cancelled stream ends asynchronously
  }
  EXPECT_TRUE(admitted);
}

// A client of one watch on gRPC's callback API, so hundreds of streams need no thread on
// the client side either.
class WatchReader final : public grpc::ClientReadReactor<v1::Alert> {
 public:
  WatchReader(v1::MonitoringService::Stub& stub, std::unique_ptr<grpc::ClientContext> context,
              const std::string& region_prefix)
      : context_(std::move(context)) {
    request_.set_region_prefix(region_prefix);
    stub.async()->WatchAlerts(context_.get(), &request_, this);
    StartRead(&alert_);
    StartCall();
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the end: OnDone follows
    {
      absl::MutexLock lock(&mutex_);
      received_.push_back(alert_.risk_signal());
    }
    StartRead(&alert_);
  }
  void OnDone(const grpc::Status& status) override {
    absl::MutexLock lock(&mutex_);
    status_ = status;
  }

  size_t received() const {
    absl::MutexLock lock(&mutex_);
    return received_.size();
  }
  std::vector<std::string> signals() const {
    absl::MutexLock lock(&mutex_);
    return received_;
  }
  std::optional<grpc::Status> status() const {
    absl::MutexLock lock(&mutex_);
    return status_;
  }

 private:
  std::unique_ptr<grpc::ClientContext> context_;
  v1::WatchAlertsRequest request_;
  v1::Alert alert_;
  mutable absl::Mutex mutex_;
  std::vector<std::string> received_ ABSL_GUARDED_BY(mutex_);
  std::optional<grpc::Status> status_ ABSL_GUARDED_BY(mutex_);
};

// Several hundred dashboards watching one server: every stream gets every alert of its
// region, unary calls are still served alongside, and shutdown ends every stream with OK.
TEST_F(AlertsApiTest, HundredsOfStreamsWithoutAThreadEach) {
  constexpr int kStreams = 400;
  env_ = MonitoringTestEnv::Start({.max_alert_streams = 1000});
  const v1::Household household = NewHousehold(11, "654201001001");
  std::vector<std::unique_ptr<WatchReader>> readers;
  for (int i = 0; i < kStreams; ++i) {
    auto context = env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(120));
    readers.push_back(std::make_unique<WatchReader>(env_->stub(), std::move(context), ""));
  }
  ASSERT_TRUE(rrmon::testing::WaitUntil([&] {
    return env_->server().alert_hub().subscriber_count() == kStreams;
  })) << env_->server().alert_hub().subscriber_count()
      << " streams subscribed";

  const v1::RiskSignal first = Report(household, "many-1");
  const v1::RiskSignal second = Report(household, "many-2");
  ASSERT_TRUE(rrmon::testing::WaitUntil([&] {
    for (const auto& reader : readers) {
      if (reader->received() < 2) return false;
    }
    return true;
  })) << "not every stream got both alerts";
  for (const auto& reader : readers) {
    EXPECT_EQ(reader->signals(), (std::vector<std::string>{first.name(), second.name()}));
  }

  // Unary calls are served while the streams are open.
  v1::GetHouseholdRequest get;
  get.set_name(household.name());
  v1::Household read;
  EXPECT_TRUE(
      env_->stub()
          .GetHousehold(env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty).get(), get, &read)
          .ok());

  const absl::Time shutdown_at = absl::Now();
  env_->server().Shutdown();
  ASSERT_TRUE(rrmon::testing::WaitUntil([&] {
    for (const auto& reader : readers) {
      if (!reader->status().has_value()) return false;
    }
    return true;
  })) << "a stream did not end at shutdown";
  EXPECT_LT(absl::Now() - shutdown_at, absl::Seconds(5));
  for (const auto& reader : readers) EXPECT_TRUE(reader->status()->ok());
  EXPECT_EQ(env_->server().alert_hub().subscriber_count(), 0u);
}

}  // namespace
}  // namespace rrmon::monitoring::testing

// Overdue-step alerts against the real SQLite repository: cases are opened and moved on
// with the real workflow, and a fake clock stands in for the days a step takes.

#include "services/monitoring/usecases/overdue_alert_scanner.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/api/audit_record.h"
#include "common/storage/sqlite_database.h"
#include "common/time/civil_date.h"
#include "common/time/clock.h"
#include "common/time/timestamp.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"
#include "services/monitoring/domain/case_workflow.h"
#include "services/monitoring/storage/sqlite_case_repository.h"
#include "services/monitoring/storage/sqlite_household_repository.h"
#include "tests/support/temp_dir.h"
#include "tests/support/wait_until.h"

namespace rrmon::monitoring {
namespace {

using rrmon::common::v1::Role;

constexpr char kVillage[] = "654201001001";

std::vector<v1::Alert> Drain(AlertHub::Subscription& subscription) {
  std::vector<v1::Alert> alerts;
  while (std::optional<v1::Alert> alert = subscription.Next(absl::ZeroDuration())) {
    alerts.push_back(*std::move(alert));
  }
  return alerts;
}

class OverdueAlertScannerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = SqliteDatabase::Open({.path = dir_.File("monitoring.db"), .pool_size = 2},
                                         MonitoringSqliteMigrations());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    households_ = std::make_unique<SqliteHouseholdRepository>(*database_);
    cases_ = std::make_unique<SqliteCaseRepository>(*database_);
    scanner_ = std::make_unique<OverdueAlertScanner>(*cases_, hub_, clock_);
    reader_ = hub_.Subscribe("654201");
  }

  // A registered household in `village` with an identification case opened now.
  StoredCase OpenCase(const std::string& household_id, const std::string& village = kVillage) {
    v1::Household household;
    household.set_name("households/" + household_id);
    household.set_region_code(village);
    household.set_status(v1::HOUSEHOLD_STATUS_REGISTERED);
    household.set_etag(EtagOf(1));
    const absl::StatusOr<WriteResult> inserted =
        households_->Insert(household,
                            NewAuditRecord(clock_.Now(), "tester", Role::ROLE_VILLAGE_CADRE,
                                           "CreateHousehold", household.name(), ""),
                            std::nullopt, household.name());
    EXPECT_TRUE(inserted.ok()) << inserted.status();

    StoredCase stored;
    stored.household_id = household_id;
    stored.region_code = village;
    stored.prior_status = v1::HOUSEHOLD_STATUS_REGISTERED;
    stored.record = workflow_.OpenIdentification(clock_.Now());
    stored.record.set_name(household.name() + "/cases/c1");
    stored.record.set_etag(EtagOf(1));
    CaseChange change;
    change.case_after = stored;
    const absl::StatusOr<CaseWriteResult> applied = cases_->Apply(change);
    EXPECT_TRUE(applied.ok()) << applied.status();
    return stored;
  }

  // Completes home verification: the case moves on to data matching, due anew.
  StoredCase CompleteHomeVerification(StoredCase stored) {
    StepDecision decision;
    decision.outcome = v1::STEP_OUTCOME_COMPLETED;
    auto* visit = decision.evidence_and_determination.mutable_home_verification();
    visit->set_authorization_signed(true);
    visit->set_visit_date(FormatDate(UtcDay(clock_.Now())));
    const auth::Principal cadre{"cadre-1", Role::ROLE_VILLAGE_CADRE, "654201"};
    absl::StatusOr<v1::Case> next =
        workflow_.Decide(stored.record, decision, cadre, stored.region_code, clock_.Now());
    EXPECT_TRUE(next.ok()) << next.status();
    const int64_t revision = *RevisionOf(stored.record.etag());
    next->set_etag(EtagOf(revision + 1));
    stored.record = *next;
    CaseChange change;
    change.case_after = stored;
    change.expected_case_revision = revision;
    const absl::StatusOr<CaseWriteResult> applied = cases_->Apply(change);
    EXPECT_TRUE(applied.ok()) << applied.status();
    return stored;
  }

  absl::Duration StepLimit(v1::CaseStep step) const {
    return workflow_.policy().step_limits.at(static_cast<int>(step));
  }

  rrmon::testing::TempDir dir_;
  FakeClock clock_{absl::FromCivil(absl::CivilSecond(2024, 3, 4, 9, 0, 0), absl::UTCTimeZone())};
  CaseWorkflow workflow_{WorkflowPolicy::Default()};
  prometheus::Registry registry_;
  AlertHub hub_{registry_, {}};
  std::unique_ptr<SqliteDatabase> database_;
  std::unique_ptr<SqliteHouseholdRepository> households_;
  std::unique_ptr<SqliteCaseRepository> cases_;
  std::unique_ptr<OverdueAlertScanner> scanner_;
  std::shared_ptr<AlertHub::Subscription> reader_;
};

TEST_F(OverdueAlertScannerTest, AnnouncesEachOverdueStepOnce) {
  StoredCase opened = OpenCase("h1");

  // Not yet due, and due at the instant itself is still on time.
  ASSERT_TRUE(scanner_->ScanOnce().ok());
  EXPECT_TRUE(Drain(*reader_).empty());
  clock_.Advance(StepLimit(v1::CASE_STEP_HOME_VERIFICATION));
  ASSERT_TRUE(scanner_->ScanOnce().ok());
  EXPECT_TRUE(Drain(*reader_).empty());

  clock_.Advance(absl::Seconds(1));
  ASSERT_TRUE(scanner_->ScanOnce().ok());
  const std::vector<v1::Alert> alerts = Drain(*reader_);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].kind(), v1::ALERT_KIND_STEP_OVERDUE);
  EXPECT_EQ(alerts[0].household(), "households/h1");
  EXPECT_EQ(alerts[0].region_code(), kVillage);
  EXPECT_EQ(alerts[0].case_(), "households/h1/cases/c1");
  EXPECT_EQ(alerts[0].step(), v1::CASE_STEP_HOME_VERIFICATION);
  // When the step fell due, not when the scan ran.
  EXPECT_EQ(FromTimestamp(alerts[0].time()), FromTimestamp(opened.record.step_due_time()));
  EXPECT_TRUE(alerts[0].risk_signal().empty());
  EXPECT_TRUE(alerts[0].findings().empty());

  // Still overdue a day later: no second alert.
  clock_.Advance(absl::Hours(24));
  ASSERT_TRUE(scanner_->ScanOnce().ok());
  ASSERT_TRUE(scanner_->ScanOnce().ok());
  EXPECT_TRUE(Drain(*reader_).empty());
}

TEST_F(OverdueAlertScannerTest, TheNextStepFallingOverdueIsANewAlert) {
  StoredCase opened = OpenCase("h1");
  clock_.Advance(StepLimit(v1::CASE_STEP_HOME_VERIFICATION) + absl::Minutes(1));
  ASSERT_TRUE(scanner_->ScanOnce().ok());
  ASSERT_EQ(Drain(*reader_).size(), 1u);

  StoredCase matching = CompleteHomeVerification(opened);
  ASSERT_EQ(matching.record.step(), v1::CASE_STEP_DATA_MATCHING);
  ASSERT_TRUE(scanner_->ScanOnce().ok());
  EXPECT_TRUE(Drain(*reader_).empty());

  clock_.Advance(StepLimit(v1::CASE_STEP_DATA_MATCHING) + absl::Seconds(1));
  ASSERT_TRUE(scanner_->ScanOnce().ok());
  const std::vector<v1::Alert> alerts = Drain(*reader_);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].step(), v1::CASE_STEP_DATA_MATCHING);
  EXPECT_EQ(alerts[0].case_(), "households/h1/cases/c1");
  ASSERT_TRUE(scanner_->ScanOnce().ok());
  EXPECT_TRUE(Drain(*reader_).empty());
}

TEST_F(OverdueAlertScannerTest, AlertsGoOnlyToReadersOfTheCasesRegion) {
  auto other_county = hub_.Subscribe("654202");
  OpenCase("h1", kVillage);
  OpenCase("h2", "654202001001");
  clock_.Advance(StepLimit(v1::CASE_STEP_HOME_VERIFICATION) + absl::Seconds(1));

  ASSERT_TRUE(scanner_->ScanOnce().ok());

  const std::vector<v1::Alert> here = Drain(*reader_);
  ASSERT_EQ(here.size(), 1u);
  EXPECT_EQ(here[0].household(), "households/h1");
  const std::vector<v1::Alert> there = Drain(*other_county);
  ASSERT_EQ(there.size(), 1u);
  EXPECT_EQ(there[0].household(), "households/h2");
  EXPECT_EQ(there[0].region_code(), "654202001001");
}

TEST_F(OverdueAlertScannerTest, BackgroundScansStartAtOnceAndStopPromptly) {
  OpenCase("h1");
  clock_.Advance(StepLimit(v1::CASE_STEP_HOME_VERIFICATION) + absl::Seconds(1));

  // An hour between scans: the first runs at Start, and Stop must not wait out the hour
  // (a Stop that did would fail the test by its timeout).
  scanner_->Start(absl::Hours(1));
  const std::optional<v1::Alert> alert = reader_->Next(absl::InfiniteDuration());
  scanner_->Stop();

  EXPECT_EQ(scanner_->scans_completed(), 1);
  ASSERT_TRUE(alert.has_value());
  EXPECT_EQ(alert->kind(), v1::ALERT_KIND_STEP_OVERDUE);
  scanner_->Stop();  // idempotent
}

TEST_F(OverdueAlertScannerTest, RestartsAfterStopWithoutRepeatingAlerts) {
  OpenCase("h1");
  clock_.Advance(StepLimit(v1::CASE_STEP_HOME_VERIFICATION) + absl::Seconds(1));
  scanner_->Start(absl::Milliseconds(10));
  ASSERT_TRUE(reader_->Next(absl::Seconds(10)).has_value());
  scanner_->Stop();

  const int64_t before = scanner_->scans_completed();
  scanner_->Start(absl::Milliseconds(1));
  // Several scans have seen the step that was announced before the restart.
  rrmon::testing::WaitUntil([&] { return scanner_->scans_completed() >= before + 3; });
  scanner_->Stop();
  ASSERT_GE(scanner_->scans_completed(), before + 3);

  EXPECT_TRUE(Drain(*reader_).empty());
}

}  // namespace
}  // namespace rrmon::monitoring

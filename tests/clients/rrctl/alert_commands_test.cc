#include "clients/rrctl/alert_commands.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "clients/rrctl/interrupt_watcher.h"
#include "tests/support/wait_until.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;

monitoring::Alert BaseAlert(monitoring::AlertKind kind) {
  monitoring::Alert alert;
  alert.set_kind(kind);
  alert.set_household("households/h1");
  alert.set_region_code("654201001001");
  alert.mutable_time()->set_seconds(1795595400);  // 2026-11-25 08:30Z
  return alert;
}

TEST(AlertOutputTest, OneLinePerKind) {
  monitoring::Alert signal = BaseAlert(monitoring::ALERT_KIND_RISK_SIGNAL);
  signal.set_risk_signal("households/h1/riskSignals/medical-1");
  signal.set_case_("households/h1/cases/c1");
  EXPECT_EQ(FormatAlert(signal),
            "2026-11-25 08:30Z  risk_signal  households/h1 (654201001001)  signal medical-1, "
            "case households/h1/cases/c1\n");

  monitoring::Alert overdue = BaseAlert(monitoring::ALERT_KIND_STEP_OVERDUE);
  overdue.set_case_("households/h1/cases/c1");
  overdue.set_step(monitoring::CASE_STEP_HOME_VERIFICATION);
  EXPECT_EQ(FormatAlert(overdue),
            "2026-11-25 08:30Z  step_overdue  households/h1 (654201001001)  HOME_VERIFICATION "
            "overdue, case households/h1/cases/c1\n");

  monitoring::Alert assessed = BaseAlert(monitoring::ALERT_KIND_ASSESSED_AT_RISK);
  assessed.add_findings(monitoring::RISK_FINDING_INCOME_BELOW_LINE);
  assessed.add_findings(monitoring::RISK_FINDING_DRINKING_WATER);
  EXPECT_EQ(FormatAlert(assessed),
            "2026-11-25 08:30Z  assessed_at_risk  households/h1 (654201001001)  findings "
            "income_below_line, drinking_water\n");
}

TEST(AlertOutputTest, DroppedAlertsAreAnnounced) {
  monitoring::Alert alert = BaseAlert(monitoring::ALERT_KIND_RISK_SIGNAL);
  EXPECT_EQ(FormatDroppedAlerts(alert), "");
  alert.set_dropped_before(1);
  EXPECT_EQ(FormatDroppedAlerts(alert), "(1 alert dropped: reader too slow)\n");
  alert.set_dropped_before(17);
  EXPECT_EQ(FormatDroppedAlerts(alert), "(17 alerts dropped: reader too slow)\n");
}

bool WaitFor(const std::atomic<int>& value, int wanted) {
  return rrmon::testing::WaitUntil([&] { return value.load() == wanted; });
}

TEST(InterruptWatcherTest, ASignalRunsTheCallbackOnceOnItsThread) {
  struct sigaction before = {};
  sigaction(SIGTERM, nullptr, &before);
  std::atomic<int> calls{0};
  {
    InterruptWatcher watcher([&calls] { ++calls; });
    EXPECT_FALSE(watcher.interrupted());
    ASSERT_EQ(raise(SIGTERM), 0);  // handled: the test process lives on
    ASSERT_TRUE(WaitFor(calls, 1));
    EXPECT_TRUE(watcher.interrupted());
    // raise() runs the handler before it returns, so the second signal's byte is in the
    // pipe ahead of the quit byte the destructor writes: the watcher has seen it by the
    // time it is joined.
    ASSERT_EQ(raise(SIGINT), 0);
  }
  EXPECT_EQ(calls.load(), 1) << "only the first signal runs the callback";
  // The previous handler is back.
  struct sigaction after = {};
  sigaction(SIGTERM, nullptr, &after);
  EXPECT_EQ(after.sa_handler, before.sa_handler);
}

TEST(InterruptWatcherTest, NoSignalNoCallback) {
  std::atomic<int> calls{0};
  {
    InterruptWatcher watcher([&calls] { ++calls; });
  }
  EXPECT_EQ(calls.load(), 0);
}

}  // namespace
}  // namespace rrmon::rrctl

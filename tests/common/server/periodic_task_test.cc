#include "common/server/periodic_task.h"

#include <atomic>

#include "absl/synchronization/notification.h"
#include "gtest/gtest.h"
#include "tests/support/wait_until.h"

namespace rrmon {
namespace {

using ::rrmon::testing::WaitUntil;

// An hour between runs throughout: every run below is one the test asked for, and a Stop
// that waited out the interval would fail the test by its timeout.
constexpr absl::Duration kLongInterval = absl::Hours(1);

TEST(PeriodicTaskTest, RunsAtStartAndStopsWithoutWaitingOutTheInterval) {
  std::atomic<int> runs{0};
  PeriodicTask task([&] { ++runs; });
  task.Start({.interval = kLongInterval});
  ASSERT_TRUE(WaitUntil([&] { return task.runs_completed() == 1; }));
  task.Stop();
  EXPECT_EQ(runs.load(), 1);
  task.Stop();  // idempotent
}

TEST(PeriodicTaskTest, RunSoonRunsBeforeTheInterval) {
  PeriodicTask task([] {});
  task.Start({.interval = kLongInterval, .run_at_start = false});
  EXPECT_EQ(task.runs_completed(), 0);
  task.RunSoon();
  ASSERT_TRUE(WaitUntil([&] { return task.runs_completed() == 1; }));
}

TEST(PeriodicTaskTest, RequestsDuringARunMakeOneMoreRun) {
  absl::Notification running;
  absl::Notification release;
  std::atomic<int> runs{0};
  PeriodicTask task([&] {
    if (++runs == 1) {
      running.Notify();
      release.WaitForNotification();
    }
  });
  task.Start({.interval = kLongInterval});
  running.WaitForNotification();
  task.RunSoon();
  task.RunSoon();
  task.RunSoon();
  release.Notify();
  ASSERT_TRUE(WaitUntil([&] { return task.runs_completed() == 2; }));
  task.Stop();
  EXPECT_EQ(runs.load(), 2);
}

TEST(PeriodicTaskTest, StartsAgainAfterStop) {
  PeriodicTask task([] {});
  task.Start({.interval = kLongInterval});
  ASSERT_TRUE(WaitUntil([&] { return task.runs_completed() == 1; }));
  task.Stop();
  task.Start({.interval = kLongInterval});
  ASSERT_TRUE(WaitUntil([&] { return task.runs_completed() == 2; }));
}

TEST(PeriodicTaskTest, RunsAgainEveryInterval) {
  PeriodicTask task([] {});
  task.Start({.interval = absl::Milliseconds(1)});
  EXPECT_TRUE(WaitUntil([&] { return task.runs_completed() >= 5; }));
}

}  // namespace
}  // namespace rrmon

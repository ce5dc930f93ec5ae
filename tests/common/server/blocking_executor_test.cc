#include "common/server/blocking_executor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "tests/support/wait_until.h"

namespace rrmon {
namespace {

TEST(BlockingExecutorTest, RunsEveryTaskOnceFromManySubmitters) {
  std::atomic<int> runs{0};
  {
    BlockingExecutor executor(/*threads=*/4, /*max_queued=*/100000);
    std::vector<std::thread> submitters;
    for (int t = 0; t < 4; ++t) {
      submitters.emplace_back([&] {
        for (int i = 0; i < 1000; ++i) ASSERT_TRUE(executor.Submit([&] { runs.fetch_add(1); }));
      });
    }
    for (auto& submitter : submitters) submitter.join();
  }  // the destructor runs what is still queued
  EXPECT_EQ(runs.load(), 4000);
}

TEST(BlockingExecutorTest, RunsUpToItsThreadsAtOnceAndRefusesBeyondItsQueue) {
  absl::Notification release;
  std::atomic<int> ran{0};
  BlockingExecutor executor(/*threads=*/3, /*max_queued=*/2);
  // Whatever fails below, the blocked threads are let go before the executor joins them.
  struct Release {
    absl::Notification& release;
    ~Release() {
      if (!release.HasBeenNotified()) release.Notify();
    }
  } release_at_exit{release};
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(executor.Submit([&] {
      release.WaitForNotification();
      ran.fetch_add(1);
    }));
    // One at a time, so the queue (of two) never holds a task a thread is about to take.
    ASSERT_TRUE(testing::WaitUntil([&] { return executor.busy() == i + 1; }));
  }
  // All threads blocked: two may wait, the third is refused and never runs.
  EXPECT_TRUE(executor.Submit([&] { ran.fetch_add(1); }));
  EXPECT_TRUE(executor.Submit([&] { ran.fetch_add(1); }));
  EXPECT_EQ(executor.queued(), 2u);
  EXPECT_FALSE(executor.Submit([&] { ran.fetch_add(100); }));
  release.Notify();
  ASSERT_TRUE(testing::WaitUntil([&] { return ran.load() == 5; }));
  EXPECT_TRUE(testing::WaitUntil([&] { return executor.busy() == 0; }));
  EXPECT_EQ(ran.load(), 5);
}

TEST(BlockingExecutorTest, TasksStartInTheOrderSubmitted) {
  BlockingExecutor executor(/*threads=*/1, /*max_queued=*/100);
  std::vector<int> order;
  absl::Notification done;
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(executor.Submit([&order, i] { order.push_back(i); }));
  ASSERT_TRUE(executor.Submit([&] { done.Notify(); }));
  done.WaitForNotification();
  ASSERT_EQ(order.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(order[static_cast<size_t>(i)], i);
}

TEST(BlockingExecutorTest, TakesMoveOnlyTasks) {
  BlockingExecutor executor(/*threads=*/1, /*max_queued=*/10);
  auto value = std::make_unique<int>(42);
  std::atomic<int> seen{0};
  absl::Notification done;
  ASSERT_TRUE(executor.Submit([value = std::move(value), &seen, &done] {
    seen = *value;
    done.Notify();
  }));
  done.WaitForNotification();
  EXPECT_EQ(seen.load(), 42);
}

}  // namespace
}  // namespace rrmon

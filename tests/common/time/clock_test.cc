#include "common/time/clock.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

namespace rrmon {
namespace {

TEST(FakeClockTest, StartsAtTheGivenTime) {
  const absl::Time start = absl::FromUnixSeconds(1'700'000'000);
  FakeClock clock(start);
  EXPECT_EQ(clock.Now(), start);
  EXPECT_EQ(clock.Now(), start);  // Does not move by itself.
}

TEST(FakeClockTest, SetAndAdvance) {
  FakeClock clock(absl::UnixEpoch());
  const absl::Time later = absl::FromUnixSeconds(1'720'000'000) + absl::Nanoseconds(5);
  clock.Set(later);
  EXPECT_EQ(clock.Now(), later);
  clock.Advance(absl::Hours(24 * 30));
  EXPECT_EQ(clock.Now(), later + absl::Hours(24 * 30));
  clock.Advance(absl::Milliseconds(1));
  EXPECT_EQ(clock.Now(), later + absl::Hours(24 * 30) + absl::Milliseconds(1));
  clock.Advance(-absl::Seconds(10));
  EXPECT_EQ(clock.Now(), later + absl::Hours(24 * 30) + absl::Milliseconds(1) - absl::Seconds(10));
}

TEST(FakeClockTest, ConcurrentAdvancesAllCount) {
  FakeClock clock(absl::UnixEpoch());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&clock] {
      for (int i = 0; i < 1000; ++i) clock.Advance(absl::Microseconds(1));
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(clock.Now(), absl::UnixEpoch() + absl::Microseconds(4000));
}

TEST(FakeClockTest, WorksThroughTheInterface) {
  FakeClock fake(absl::FromUnixSeconds(100));
  const Clock& clock = fake;
  fake.Advance(absl::Seconds(1));
  EXPECT_EQ(clock.Now(), absl::FromUnixSeconds(101));
}

TEST(SystemClockTest, IsCloseToNow) {
  const absl::Time before = absl::Now();
  const absl::Time now = SystemClock::Instance().Now();
  const absl::Time after = absl::Now();
  EXPECT_LE(before, now);
  EXPECT_LE(now, after);
  EXPECT_EQ(&SystemClock::Instance(), &SystemClock::Instance());
}

}  // namespace
}  // namespace rrmon

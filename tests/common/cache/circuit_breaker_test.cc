#include "common/cache/circuit_breaker.h"

#include <atomic>
#include <thread>
#include <vector>

#include "common/time/clock.h"
#include "gtest/gtest.h"

namespace rrmon {
namespace {

using State = CircuitBreaker::State;

constexpr absl::Duration kOpenFor = absl::Seconds(2);

class CircuitBreakerTest : public ::testing::Test {
 protected:
  void FailTimes(int n) {
    for (int i = 0; i < n; ++i) {
      ASSERT_TRUE(breaker_.AllowRequest());
      breaker_.RecordFailure();
    }
  }

  FakeClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  CircuitBreaker breaker_{3, kOpenFor, clock_};
};

TEST_F(CircuitBreakerTest, StartsClosed) {
  EXPECT_EQ(breaker_.state(), State::kClosed);
  EXPECT_TRUE(breaker_.AllowRequest());
}

TEST_F(CircuitBreakerTest, OpensAfterThresholdConsecutiveFailures) {
  FailTimes(2);
  EXPECT_EQ(breaker_.state(), State::kClosed);
  FailTimes(1);
  EXPECT_EQ(breaker_.state(), State::kOpen);
  EXPECT_FALSE(breaker_.AllowRequest());
}

TEST_F(CircuitBreakerTest, SuccessResetsTheFailureCount) {
  FailTimes(2);
  breaker_.RecordSuccess();
  FailTimes(2);
  EXPECT_EQ(breaker_.state(), State::kClosed);
}

TEST_F(CircuitBreakerTest, RejectsUntilOpenDurationHasPassed) {
  FailTimes(3);
  clock_.Advance(kOpenFor - absl::Nanoseconds(1));
  EXPECT_FALSE(breaker_.AllowRequest());
  EXPECT_EQ(breaker_.state(), State::kOpen);
  clock_.Advance(absl::Nanoseconds(1));
  EXPECT_TRUE(breaker_.AllowRequest());
  EXPECT_EQ(breaker_.state(), State::kHalfOpen);
}

TEST_F(CircuitBreakerTest, HalfOpenLetsExactlyOneProbeThrough) {
  FailTimes(3);
  clock_.Advance(kOpenFor);
  EXPECT_TRUE(breaker_.AllowRequest());
  EXPECT_FALSE(breaker_.AllowRequest());
  EXPECT_FALSE(breaker_.AllowRequest());
}

TEST_F(CircuitBreakerTest, ProbeSuccessCloses) {
  FailTimes(3);
  clock_.Advance(kOpenFor);
  ASSERT_TRUE(breaker_.AllowRequest());
  breaker_.RecordSuccess();
  EXPECT_EQ(breaker_.state(), State::kClosed);
  EXPECT_TRUE(breaker_.AllowRequest());
  EXPECT_TRUE(breaker_.AllowRequest());
}

TEST_F(CircuitBreakerTest, ProbeFailureReopensForAFullPeriod) {
  FailTimes(3);
  clock_.Advance(kOpenFor);
  ASSERT_TRUE(breaker_.AllowRequest());
  breaker_.RecordFailure();
  EXPECT_EQ(breaker_.state(), State::kOpen);
  clock_.Advance(kOpenFor - absl::Milliseconds(1));
  EXPECT_FALSE(breaker_.AllowRequest());
  clock_.Advance(absl::Milliseconds(1));
  EXPECT_TRUE(breaker_.AllowRequest());
}

TEST_F(CircuitBreakerTest, LostProbeIsReplacedAfterAnotherPeriod) {
  FailTimes(3);
  clock_.Advance(kOpenFor);
  ASSERT_TRUE(breaker_.AllowRequest());  // This probe never reports back.
  clock_.Advance(kOpenFor - absl::Milliseconds(1));
  EXPECT_FALSE(breaker_.AllowRequest());
  clock_.Advance(absl::Milliseconds(1));
  EXPECT_TRUE(breaker_.AllowRequest());
  EXPECT_EQ(breaker_.state(), State::kHalfOpen);
}

TEST_F(CircuitBreakerTest, LateResultsWhileOpenChangeNothing) {
  FailTimes(3);
  clock_.Advance(kOpenFor / 2);
  // Results of requests that were sent before the circuit opened.
  breaker_.RecordSuccess();
  EXPECT_EQ(breaker_.state(), State::kOpen);
  breaker_.RecordFailure();
  clock_.Advance(kOpenFor / 2);
  EXPECT_TRUE(breaker_.AllowRequest()) << "a late failure must not extend the open period";
}

TEST(CircuitBreakerThresholdTest, ThresholdBelowOneActsAsOne) {
  FakeClock clock(absl::FromUnixSeconds(1'700'000'000));
  CircuitBreaker breaker(0, kOpenFor, clock);
  ASSERT_TRUE(breaker.AllowRequest());
  breaker.RecordFailure();
  EXPECT_EQ(breaker.state(), State::kOpen);
}

TEST_F(CircuitBreakerTest, ConcurrentCallersSeeOneProbe) {
  FailTimes(3);
  clock_.Advance(kOpenFor);
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 100; ++j) {
        if (breaker_.AllowRequest()) allowed.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(allowed.load(), 1);
}

}  // namespace
}  // namespace rrmon

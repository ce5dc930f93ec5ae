#include "common/client/call_policy.h"

#include <gtest/gtest.h>

#include <chrono>
#include <vector>

#include "absl/time/clock.h"

namespace rrmon::client {
namespace {

grpc::Status Unavailable() { return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"); }

RetryPolicy RecordingPolicy(std::vector<absl::Duration>& waits) {
  RetryPolicy policy;
  policy.sleep = [&waits](absl::Duration wait) { waits.push_back(wait); };
  return policy;
}

TEST(CallPolicyTest, IdempotentCallsRetryUnavailableWithGrowingBackoff) {
  std::vector<absl::Duration> waits;
  int calls = 0;
  grpc::Status status =
      CallWithRetry(CallSettings{}, RecordingPolicy(waits), [&calls](grpc::ClientContext&) {
        ++calls;
        return calls < 3 ? Unavailable() : grpc::Status::OK;
      });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(calls, 3);
  ASSERT_EQ(waits.size(), 2u);
  EXPECT_GE(waits[0], absl::Milliseconds(125));
  EXPECT_LE(waits[0], absl::Milliseconds(250));
  EXPECT_GE(waits[1], absl::Milliseconds(250));
  EXPECT_LE(waits[1], absl::Milliseconds(500));
}

TEST(CallPolicyTest, BusyServersAreRetriedToo) {
  std::vector<absl::Duration> waits;
  int calls = 0;
  grpc::Status status =
      CallWithRetry(CallSettings{}, RecordingPolicy(waits), [&calls](grpc::ClientContext&) {
        ++calls;
        return calls < 2 ? grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED, "busy")
                         : grpc::Status::OK;
      });
  EXPECT_TRUE(status.ok());
  EXPECT_EQ(calls, 2);
}

TEST(CallPolicyTest, GivesUpAfterMaxAttemptsAndNeverRetriesOtherErrors) {
  std::vector<absl::Duration> waits;
  int calls = 0;
  grpc::Status status =
      CallWithRetry(CallSettings{}, RecordingPolicy(waits), [&calls](grpc::ClientContext&) {
        ++calls;
        return Unavailable();
      });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(calls, 3);

  // The server may have done a call that ran out of time: not a retry's to decide.
  calls = 0;
  status = CallWithRetry(CallSettings{}, RecordingPolicy(waits), [&calls](grpc::ClientContext&) {
    ++calls;
    return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "slow");
  });
  EXPECT_EQ(calls, 1);
}

TEST(CallPolicyTest, CallsThatAreNotIdempotentAreSentOnce) {
  std::vector<absl::Duration> waits;
  int calls = 0;
  grpc::Status status = Call(CallSettings{}, RecordingPolicy(waits), CallKind::kNotIdempotent,
                             [&calls](grpc::ClientContext&) {
                               ++calls;
                               return Unavailable();
                             });
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(waits.empty());
}

TEST(CallPolicyTest, EveryCallHasADeadlineAndCarriesTheToken) {
  CallSettings settings;
  settings.timeout = absl::Seconds(3);
  settings.token = "t0ken";
  int calls = 0;
  CallOnce(settings, [&calls](grpc::ClientContext& context) {
    ++calls;
    const auto remaining = context.deadline() - std::chrono::system_clock::now();
    EXPECT_GT(remaining, std::chrono::seconds(2));
    EXPECT_LE(remaining, std::chrono::seconds(3));
    return grpc::Status::OK;
  });
  EXPECT_EQ(calls, 1);
}

TEST(CallPolicyTest, TheCallersDeadlineBoundsEachAttemptAndEndsRetries) {
  CallSettings settings;
  settings.timeout = absl::Seconds(30);
  std::vector<absl::Duration> waits;
  RetryPolicy policy = RecordingPolicy(waits);
  policy.initial_backoff = absl::Seconds(2);  // longer than what is left
  int calls = 0;
  grpc::Status status = Call(
      settings, policy, CallKind::kIdempotent,
      [&calls](grpc::ClientContext& context) {
        ++calls;
        const auto remaining = context.deadline() - std::chrono::system_clock::now();
        EXPECT_LE(remaining, std::chrono::milliseconds(500));
        return Unavailable();
      },
      absl::Now() + absl::Milliseconds(500));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(waits.empty());
}

TEST(CallPolicyTest, HooksAdmitAndObserveEachAttempt) {
  std::vector<absl::Duration> waits;
  int admitted = 0;
  std::vector<grpc::StatusCode> observed;
  int retries = 0;
  AttemptHooks hooks;
  hooks.admit = [&admitted] { return ++admitted <= 2; };
  hooks.refusal = grpc::Status(grpc::StatusCode::UNAVAILABLE, "refused here");
  hooks.observe = [&observed](const grpc::Status& status, absl::Duration took) {
    observed.push_back(status.error_code());
    EXPECT_GE(took, absl::ZeroDuration());
  };
  hooks.retrying = [&retries] { ++retries; };
  int calls = 0;
  grpc::Status status = Call(
      CallSettings{}, RecordingPolicy(waits), CallKind::kIdempotent,
      [&calls](grpc::ClientContext&) {
        ++calls;
        return Unavailable();
      },
      absl::InfiniteFuture(), hooks);
  EXPECT_EQ(status.error_message(), "refused here");
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(observed.size(), 2u);
  EXPECT_EQ(retries, 2);
}

}  // namespace
}  // namespace rrmon::client

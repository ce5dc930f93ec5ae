#pragma once

// How one outgoing call is made: a bearer token and a deadline on every attempt, and
// bounded retries with backoff for the calls that are safe to repeat. Used directly by
// rrctl and through PeerClient (peer_client.h) by services.

#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <functional>
#include <string>

#include "absl/time/time.h"

namespace rrmon::client {

// Whether a call may be sent again after a failure that may have reached the server:
// reads, and creates and updates that carry a request_id or an etag, are; anything else
// is sent once, so a retry can never do a thing twice.
enum class CallKind { kIdempotent, kNotIdempotent };

struct CallSettings {
  std::string token;                           // sent as "authorization: Bearer"; none when empty
  absl::Duration timeout = absl::Seconds(10);  // per attempt

  // Sets the token and the attempt's deadline: now + timeout, or `deadline` when that
  // comes first (a caller's own deadline bounds every call it makes on the way).
  void Prepare(grpc::ClientContext& context, absl::Time deadline = absl::InfiniteFuture()) const;
};

// Retries on UNAVAILABLE (the call did not reach a working server) and RESOURCE_EXHAUSTED
// (a busy server refused it before running it), with exponential backoff and jitter.
struct RetryPolicy {
  int max_attempts = 3;
  absl::Duration initial_backoff = absl::Milliseconds(250);
  double multiplier = 2.0;
  std::function<void(absl::Duration)> sleep;  // absl::SleepFor when empty
};

// Whether `status` is one a retry may cure.
bool IsRetryable(const grpc::Status& status);

using CallFunction = std::function<grpc::Status(grpc::ClientContext&)>;

// What a caller may add around each attempt: admit it or not (a circuit breaker), and see
// how it went (metrics), know of a retry. Each is optional.
struct AttemptHooks {
  // False: the attempt is not made and the call ends with `refusal`.
  std::function<bool()> admit;
  grpc::Status refusal;
  // After each attempt made: its status and how long it took.
  std::function<void(const grpc::Status&, absl::Duration)> observe;
  // Before each retry.
  std::function<void()> retrying;
};

// Runs `call` with a fresh, prepared ClientContext per attempt: retried under `policy`
// when `kind` is kIdempotent, once otherwise. No retry starts after `deadline`.
grpc::Status Call(const CallSettings& settings, const RetryPolicy& policy, CallKind kind,
                  const CallFunction& call, absl::Time deadline = absl::InfiniteFuture(),
                  const AttemptHooks& hooks = AttemptHooks());

// The two shapes rrctl uses.
inline grpc::Status CallWithRetry(const CallSettings& settings, const RetryPolicy& policy,
                                  const CallFunction& call) {
  return Call(settings, policy, CallKind::kIdempotent, call);
}
inline grpc::Status CallOnce(const CallSettings& settings, const CallFunction& call) {
  return Call(settings, RetryPolicy(), CallKind::kNotIdempotent, call);
}

}  // namespace rrmon::client

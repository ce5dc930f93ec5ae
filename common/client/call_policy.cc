#include "common/client/call_policy.h"

#include <algorithm>
#include <chrono>

#include "absl/random/random.h"
#include "absl/time/clock.h"
#include "common/auth/authorizer.h"

namespace rrmon::client {

void CallSettings::Prepare(grpc::ClientContext& context, absl::Time deadline) const {
  const absl::Time attempt_deadline = std::min(absl::Now() + timeout, deadline);
  context.set_deadline(absl::ToChronoTime(attempt_deadline));
  if (!token.empty()) auth::AttachBearerToken(context, token);
}

bool IsRetryable(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::UNAVAILABLE ||
         status.error_code() == grpc::StatusCode::RESOURCE_EXHAUSTED;
}

grpc::Status Call(const CallSettings& settings, const RetryPolicy& policy, CallKind kind,
                  const CallFunction& call, absl::Time deadline, const AttemptHooks& hooks) {
  const int attempts = kind == CallKind::kIdempotent ? std::max(1, policy.max_attempts) : 1;
  absl::BitGen jitter;
  absl::Duration backoff = policy.initial_backoff;
  for (int attempt = 1;; ++attempt) {
    if (hooks.admit && !hooks.admit()) return hooks.refusal;
    grpc::ClientContext context;
    settings.Prepare(context, deadline);
    const absl::Time start = absl::Now();
    grpc::Status status = call(context);
    if (hooks.observe) hooks.observe(status, absl::Now() - start);
    if (!IsRetryable(status) || attempt >= attempts) return status;
    // A random wait in [backoff/2, backoff), so clients retrying together spread out.
    const absl::Duration wait = backoff * absl::Uniform(jitter, 0.5, 1.0);
    if (absl::Now() + wait >= deadline) return status;
    if (hooks.retrying) hooks.retrying();
    if (policy.sleep) {
      policy.sleep(wait);
    } else {
      absl::SleepFor(wait);
    }
    backoff = backoff * policy.multiplier;
  }
}

}  // namespace rrmon::client

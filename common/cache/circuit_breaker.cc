#include "common/cache/circuit_breaker.h"

#include <algorithm>

namespace rrmon {

CircuitBreaker::CircuitBreaker(int failure_threshold, absl::Duration open_duration,
                               const Clock& clock)
    : failure_threshold_(std::max(failure_threshold, 1)),
      open_duration_(open_duration),
      clock_(clock) {}

bool CircuitBreaker::AllowRequest() {
  absl::MutexLock lock(&mu_);
  if (state_ == State::kClosed) return true;
  const absl::Time now = clock_.Now();
  if (now - since_ < open_duration_) return false;
  // Open long enough, or a half-open probe that never reported: let one probe through.
  state_ = State::kHalfOpen;
  since_ = now;
  return true;
}

void CircuitBreaker::RecordSuccess() {
  absl::MutexLock lock(&mu_);
  // A success reported while open comes from a request sent before the circuit opened;
  // it says nothing about the dependency now, so only a probe may close the circuit.
  if (state_ == State::kOpen) return;
  state_ = State::kClosed;
  consecutive_failures_ = 0;
}

void CircuitBreaker::RecordFailure() {
  absl::MutexLock lock(&mu_);
  switch (state_) {
    case State::kClosed:
      if (++consecutive_failures_ >= failure_threshold_) Open(clock_.Now());
      break;
    case State::kHalfOpen:
      Open(clock_.Now());
      break;
    case State::kOpen:
      // Late failures of requests sent before opening must not extend the open period.
      break;
  }
}

CircuitBreaker::State CircuitBreaker::state() const {
  absl::MutexLock lock(&mu_);
  return state_;
}

void CircuitBreaker::Open(absl::Time now) {
  state_ = State::kOpen;
  since_ = now;
  consecutive_failures_ = 0;
}

}  // namespace rrmon

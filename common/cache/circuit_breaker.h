#pragma once

// A consecutive-failure circuit breaker. A dependency that is down must cost callers
// nothing (no connect attempts, no timeouts) until it has had time to recover; one probe
// then decides whether traffic resumes, so recovery needs no operator and no restart.

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/time/clock.h"

namespace rrmon {

class CircuitBreaker {
 public:
  enum class State { kClosed, kOpen, kHalfOpen };

  // `failure_threshold` consecutive failures open the circuit (values below 1 act as 1);
  // it stays open for `open_duration` of `clock` time. `clock` must outlive the breaker.
  CircuitBreaker(int failure_threshold, absl::Duration open_duration, const Clock& clock);

  CircuitBreaker(const CircuitBreaker&) = delete;
  CircuitBreaker& operator=(const CircuitBreaker&) = delete;

  // True when the caller may send a request. Every allowed request must be followed by
  // RecordSuccess() or RecordFailure(). Once open_duration has passed, an open circuit
  // becomes half-open and exactly one caller (the probe) is allowed through; if that probe
  // never reports, another one is allowed after a further open_duration, so a lost probe
  // cannot keep the circuit shut forever.
  bool AllowRequest();
  void RecordSuccess();
  void RecordFailure();

  // Transitions are made by the calls above, so an open circuit whose open_duration has
  // passed still reports kOpen until the next AllowRequest().
  State state() const;

 private:
  void Open(absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const int failure_threshold_;
  const absl::Duration open_duration_;
  const Clock& clock_;

  mutable absl::Mutex mu_;
  State state_ ABSL_GUARDED_BY(mu_) = State::kClosed;
  int consecutive_failures_ ABSL_GUARDED_BY(mu_) = 0;
  // When the circuit last opened (kOpen) or when the current probe was let through
  // (kHalfOpen).
  absl::Time since_ ABSL_GUARDED_BY(mu_) = absl::InfinitePast();
};

}  // namespace rrmon

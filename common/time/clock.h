#pragma once

// Time comes from a Clock so that rules with deadlines (notice periods, overdue
// workflow steps, token expiry) are tested by moving a fake clock, never by sleeping.

#include <atomic>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace rrmon {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class SystemClock final : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
  // A process-wide instance for production wiring.
  static const Clock& Instance();
};

// A clock tests set and advance by hand. Thread-safe.
class FakeClock final : public Clock {
 public:
  explicit FakeClock(absl::Time start) : nanos_(absl::ToUnixNanos(start)) {}
  absl::Time Now() const override { return absl::FromUnixNanos(nanos_.load()); }
  void Set(absl::Time now) { nanos_.store(absl::ToUnixNanos(now)); }
  void Advance(absl::Duration by) { nanos_.fetch_add(absl::ToInt64Nanoseconds(by)); }

 private:
  std::atomic<int64_t> nanos_;
};

}  // namespace rrmon

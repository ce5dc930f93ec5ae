#include "common/server/periodic_task.h"

#include <utility>

#include "absl/time/clock.h"

namespace rrmon {

PeriodicTask::~PeriodicTask() { Stop(); }

void PeriodicTask::Start(PeriodicTaskOptions options) {
  if (thread_.joinable()) return;
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = false;
  }
  thread_ = std::thread([this, options] { Loop(options); });
}

void PeriodicTask::Stop() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void PeriodicTask::RunSoon() {
  absl::MutexLock lock(&mutex_);
  run_requested_ = true;
}

int64_t PeriodicTask::runs_completed() const {
  absl::MutexLock lock(&mutex_);
  return runs_completed_;
}

void PeriodicTask::Loop(PeriodicTaskOptions options) {
  absl::Time next = options.run_at_start ? absl::Now() : absl::Now() + options.interval;
  while (true) {
    {
      absl::MutexLock lock(&mutex_);
      // Waits on the condition rather than sleeping, so Stop and RunSoon act at once.
      mutex_.AwaitWithDeadline(absl::Condition(this, &PeriodicTask::ShouldWake), next);
      if (stopping_) return;
      run_requested_ = false;
    }
    run_();
    next = absl::Now() + options.interval;
    absl::MutexLock lock(&mutex_);
    ++runs_completed_;
    if (options.min_gap > absl::ZeroDuration()) {
      mutex_.AwaitWithTimeout(absl::Condition(&stopping_), options.min_gap);
      if (stopping_) return;
    }
  }
}

}  // namespace rrmon

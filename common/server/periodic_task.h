#pragma once

// Work a service does on a schedule rather than in a call (recomputing gauges, scanning
// for overdue steps): one thread per task that runs it, sleeps on a condition so that
// Stop() returns at once instead of waiting out the interval, and can be asked to run
// early. The one place the services write such a loop.

#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace rrmon {

struct PeriodicTaskOptions {
  // Between the end of one run and the start of the next.
  absl::Duration interval = absl::Minutes(1);
  // At least this long after a run ends before RunSoon() starts another: a burst of
  // requests (a write each) then costs one run a gap, not one run each.
  absl::Duration min_gap = absl::ZeroDuration();
  // Whether the first run is at Start() or one interval later.
  bool run_at_start = true;
};

class PeriodicTask {
 public:
  // `run` is called on the task's thread only, never twice at once.
  explicit PeriodicTask(std::function<void()> run) : run_(std::move(run)) {}
  // Stops the thread (a run under way finishes first).
  ~PeriodicTask();
  PeriodicTask(const PeriodicTask&) = delete;
  PeriodicTask& operator=(const PeriodicTask&) = delete;

  // Starts the thread; ignored while it runs. Start and Stop are called by the owner,
  // not concurrently with each other; Start after Stop starts afresh.
  void Start(PeriodicTaskOptions options) ABSL_LOCKS_EXCLUDED(mutex_);
  // Wakes and joins the thread. Idempotent.
  void Stop() ABSL_LOCKS_EXCLUDED(mutex_);
  // Asks for a run as soon as min_gap allows; several requests before it make one run.
  void RunSoon() ABSL_LOCKS_EXCLUDED(mutex_);

  // Runs finished so far, for waiting on a state rather than on time.
  int64_t runs_completed() const ABSL_LOCKS_EXCLUDED(mutex_);

 private:
  void Loop(PeriodicTaskOptions options) ABSL_LOCKS_EXCLUDED(mutex_);
  bool ShouldWake() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return stopping_ || run_requested_;
  }

  const std::function<void()> run_;
  mutable absl::Mutex mutex_;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;
  bool run_requested_ ABSL_GUARDED_BY(mutex_) = false;
  int64_t runs_completed_ ABSL_GUARDED_BY(mutex_) = 0;
  std::thread thread_;
};

}  // namespace rrmon

#pragma once

// Where handlers do their blocking work. gRPC's callback API runs handlers on the
// threads that also drive its transport: a handler that waits there for SQLite, libpq or
// hiredis stalls every call behind it. So the callback handlers (CallGate::Serve) hand
// their body to this fixed pool of threads, sized for the storage underneath (a thread
// waiting on a pooled connection holds nothing else), and answer from there.
//
// Bounded: at most `max_queued` tasks wait; Submit refuses beyond that, which the caller
// turns into RESOURCE_EXHAUSTED rather than queueing without end. Tasks start in the
// order submitted. The destructor runs what is queued, then joins the threads.

#include <deque>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/synchronization/mutex.h"

namespace rrmon {

class BlockingExecutor {
 public:
  BlockingExecutor(int threads, size_t max_queued);
  ~BlockingExecutor();
  BlockingExecutor(const BlockingExecutor&) = delete;
  BlockingExecutor& operator=(const BlockingExecutor&) = delete;

  // False (and `task` not run) when max_queued tasks are waiting or the executor is
  // shutting down.
  bool Submit(absl::AnyInvocable<void() &&> task) ABSL_LOCKS_EXCLUDED(mu_);

  // Tasks waiting for a thread now; tasks running now.
  size_t queued() const ABSL_LOCKS_EXCLUDED(mu_);
  int busy() const ABSL_LOCKS_EXCLUDED(mu_);
  int threads() const { return static_cast<int>(threads_.size()); }

 private:
  void Work() ABSL_LOCKS_EXCLUDED(mu_);
  bool HasTaskOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !tasks_.empty();
  }

  const size_t max_queued_;
  mutable absl::Mutex mu_;
  std::deque<absl::AnyInvocable<void() &&>> tasks_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  int busy_ ABSL_GUARDED_BY(mu_) = 0;
  std::vector<std::thread> threads_;
};

}  // namespace rrmon

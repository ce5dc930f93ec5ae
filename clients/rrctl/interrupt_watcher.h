#pragma once

// Turns SIGINT and SIGTERM into a call on an ordinary thread, so a long-running call can
// be cancelled cleanly (grpc::ClientContext::TryCancel is not async-signal-safe, so it
// must not run in the signal handler itself).

#include <signal.h>

#include <atomic>
#include <functional>
#include <thread>

namespace rrmon::rrctl {

class InterruptWatcher {
 public:
  // Installs the handlers; `on_interrupt` runs once, on the watcher's thread, at the
  // first SIGINT or SIGTERM. Only one watcher may exist at a time.
  explicit InterruptWatcher(std::function<void()> on_interrupt);
  // Restores the previous handlers.
  ~InterruptWatcher();

  InterruptWatcher(const InterruptWatcher&) = delete;
  InterruptWatcher& operator=(const InterruptWatcher&) = delete;

  // Whether a signal arrived.
  bool interrupted() const { return interrupted_.load(); }

 private:
  void Watch();

  std::function<void()> on_interrupt_;
  int pipe_[2] = {-1, -1};
  struct sigaction previous_int_ = {};
  struct sigaction previous_term_ = {};
  std::atomic<bool> interrupted_{false};
  std::thread thread_;
};

}  // namespace rrmon::rrctl

#include "common/server/signals.h"

#include <csignal>
#include <cstdlib>
#include <thread>

#include "absl/time/clock.h"
#include "common/log/log.h"

namespace rrmon {
namespace {

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

}  // namespace

void BlockTerminationSignals() {
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal(const std::function<void()>& on_reload) {
  sigset_t set = TerminationSignals();
  for (;;) {
    int signal = 0;
    if (sigwait(&set, &signal) != 0) continue;
    if (signal != SIGHUP) return signal;
    if (on_reload) on_reload();
  }
}

void ExitIfStillRunningAfter(absl::Duration grace) {
  std::thread([grace] {
    absl::SleepFor(grace);
    LogError("server", "handlers still running after the drain deadline; exiting");
    std::_Exit(1);
  }).detach();
}

}  // namespace rrmon

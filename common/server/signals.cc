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
  return set;
}

}  // namespace

void BlockTerminationSignals() {
  sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set = TerminationSignals();
  int signal = 0;
  while (sigwait(&set, &signal) != 0) {
  }
  return signal;
}

void ExitIfStillRunningAfter(absl::Duration grace) {
  std::thread([grace] {
    absl::SleepFor(grace);
    LogError("server", "handlers still running after the drain deadline; exiting");
    std::_Exit(1);
  }).detach();
}

}  // namespace rrmon

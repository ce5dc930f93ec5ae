#pragma once

#include <functional>

#include "absl/time/time.h"

namespace rrmon {

// Blocks SIGTERM, SIGINT and SIGHUP in this thread and all threads it starts afterwards,
// so that WaitForTerminationSignal can take them synchronously. Call first in main().
void BlockTerminationSignals();

// Waits for SIGTERM or SIGINT; returns the signal number. Each SIGHUP meanwhile runs
// `on_reload` (an operator's "read your keys again"), and the wait goes on.
int WaitForTerminationSignal(const std::function<void()>& on_reload = nullptr);

// Ends the process with exit code 1 if it is still running after `grace`. gRPC's
// synchronous server waits for handler threads even after it cancelled their calls, so a
// handler stuck in a blocking call would otherwise hold shutdown past the orchestrator's
// grace period; callers were already answered at the drain deadline.
void ExitIfStillRunningAfter(absl::Duration grace);

}  // namespace rrmon

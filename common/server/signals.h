#pragma once

#include "absl/time/time.h"

namespace rrmon {

// Blocks SIGTERM and SIGINT in this thread and all threads it starts afterwards, so
// that WaitForTerminationSignal can take them synchronously. Call first in main().
void BlockTerminationSignals();

// Waits for SIGTERM or SIGINT; returns the signal number.
int WaitForTerminationSignal();

// Ends the process with exit code 1 if it is still running after `grace`. gRPC's
// synchronous server waits for handler threads even after it cancelled their calls, so a
// handler stuck in a blocking call would otherwise hold shutdown past the orchestrator's
// grace period; callers were already answered at the drain deadline.
void ExitIfStillRunningAfter(absl::Duration grace);

}  // namespace rrmon

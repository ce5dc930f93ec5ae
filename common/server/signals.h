#pragma once

namespace rrmon {

// Blocks SIGTERM and SIGINT in this thread and all threads it starts afterwards, so
// that WaitForTerminationSignal can take them synchronously. Call first in main().
void BlockTerminationSignals();

// Waits for SIGTERM or SIGINT; returns the signal number.
int WaitForTerminationSignal();

}  // namespace rrmon

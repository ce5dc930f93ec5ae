#pragma once

// Waiting in a test for a state the code reports (a flight has followers, a reader is
// blocked, a scan has run), never for a guess of how long a thread takes to get there.

#include <thread>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace rrmon::testing {

// Yields until `done()` holds (true), or `limit` passes (false): the limit only turns a
// hang into a failure, it is not what the test measures.
template <typename Predicate>
bool WaitUntil(Predicate done, absl::Duration limit = absl::Seconds(30)) {
  const absl::Time deadline = absl::Now() + limit;
  while (!done()) {
    if (absl::Now() > deadline) return false;
    std::this_thread::yield();
  }
  return true;
}

}  // namespace rrmon::testing

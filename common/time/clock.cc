#include "common/time/clock.h"

namespace rrmon {

const Clock& SystemClock::Instance() {
  static const SystemClock clock;
  return clock;
}

}  // namespace rrmon

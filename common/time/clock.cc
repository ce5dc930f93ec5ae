#include "common/time/clock.h"

namespace rrmon {

const Clock& SystemClock::Instance() {
  static const SystemClock kClock;
  return kClock;
}

}  // namespace rrmon

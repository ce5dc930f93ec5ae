#include "common/time/timestamp.h"

#include <cstdint>

namespace rrmon {

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  int64_t seconds = absl::ToUnixSeconds(time);
  int64_t nanos = absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds));
  // Timestamp nanos are never negative, whatever way the seconds were rounded.
  if (nanos < 0) {
    --seconds;
    nanos += 1'000'000'000;
  }
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<int32_t>(nanos));
  return timestamp;
}

absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

}  // namespace rrmon

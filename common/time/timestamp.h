#pragma once

// absl::Time <-> google.protobuf.Timestamp, to the nanosecond.

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace rrmon {

google::protobuf::Timestamp ToTimestamp(absl::Time time);
absl::Time FromTimestamp(const google::protobuf::Timestamp& timestamp);

}  // namespace rrmon

#pragma once

// Where errors cross the wire: absl::Status to grpc::Status and back, the details
// travelling as a google.rpc.Status (AIP-193). Only the gRPC edge, clients and peers
// include this; rules build their errors with status_details.h.

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/status.pb.h"

namespace rrmon {

// The edge: absl::Status -> grpc::Status with google.rpc.Status details. Every
// non-OK status gets an ErrorInfo in `domain` (e.g. "monitoring.rrmon") whose reason
// is the attached one, or the canonical code name when none was attached.
grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view domain);

// The other way, for clients and peers: keeps code, message and details.
absl::Status FromGrpcStatus(const grpc::Status& status);

// Decodes the google.rpc.Status carried in a grpc::Status (code and message only
// when it carries none).
google::rpc::Status DecodeRpcStatus(const grpc::Status& status);

}  // namespace rrmon

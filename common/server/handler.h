#pragma once

// The edge between gRPC and the rest: a handler body returns absl::Status; this turns
// it into a grpc::Status with google.rpc details, and makes sure no exception (e.g.
// std::bad_alloc from a protobuf parse) ever crosses the gRPC boundary.

#include <grpcpp/support/status.h>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace rrmon {

grpc::Status RunHandler(absl::string_view error_domain, absl::string_view method,
                        absl::FunctionRef<absl::Status()> body) noexcept;

}  // namespace rrmon

#pragma once

// gRPC parses a request into its message before any handler runs. When the bytes are not
// a valid message (invalid UTF-8 in a string field, a truncated or garbled payload), gRPC
// answers INTERNAL with an empty message, as if the server had failed. The fault is the
// client's: this interceptor answers INVALID_ARGUMENT instead, with ErrorInfo reason
// MALFORMED_REQUEST and, when protobuf named the field it refused, that field's full name
// (e.g. "rrmon.monitoring.v1.HouseholdMember.full_name") in the message and in the
// ErrorInfo metadata key "field". The path inside the request (members[2]) is unknowable
// here: gRPC does not hand the bytes to interceptors (docs/api-conventions.md).

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>

namespace rrmon {

inline constexpr char kMalformedRequestReason[] = "MALFORMED_REQUEST";

// Routes protobuf's own log lines into rrmon's JSON log, and remembers on the parsing
// thread which field a failed UTF-8 check named. Idempotent; ServiceHost calls it.
void InstallProtobufLogHandler();

// The interceptor, for ServiceHost to put first in the chain: status changes made at
// PRE_SEND_STATUS reach the interceptors after it, so the metrics count InvalidArgument.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
MakeMalformedRequestInterceptorFactory(std::string error_domain);

}  // namespace rrmon

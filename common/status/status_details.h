#pragma once

// Errors inside rrmon are absl::Status. Structured details (AIP-193) travel as
// payloads keyed by their type URL, so domain code can attach a BadRequest or a
// PreconditionFailure without knowing about gRPC; the edge turns the status into a
// grpc::Status whose binary details hold a google.rpc.Status any client can decode
// (grpc_status.h). Nothing here includes gRPC, so domain rules can use it.

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace rrmon {

inline constexpr absl::string_view kTypeUrlPrefix = "type.googleapis.com/";

// The ErrorInfo reason of every INVALID_ARGUMENT that names fields in a BadRequest.
inline constexpr char kInvalidFieldReason[] = "INVALID_FIELD";

// INVALID_ARGUMENT naming one field, with a BadRequest detail and reason INVALID_FIELD.
absl::Status InvalidFieldError(absl::string_view field, absl::string_view description);

// NOT_FOUND for `resource_name` ("households/…/cases/…"), with reason RESOURCE_NOT_FOUND
// and a ResourceInfo naming the resource type ("Case") and the name, so a client can tell
// which of the resources a call named is missing.
absl::Status ResourceNotFoundError(absl::string_view resource_type,
                                   absl::string_view resource_name);

// FAILED_PRECONDITION with one PreconditionFailure violation per failed check.
absl::Status PreconditionError(absl::string_view message,
                               const google::rpc::PreconditionFailure& failure);

// Attaches (or replaces) the machine-readable reason of an error, e.g. "ETAG_MISMATCH".
absl::Status WithErrorReason(absl::Status status, absl::string_view reason);

// Marks a status as a refused call, for the security log (auth/security_log.h), without
// changing what the client is told: an outsider asking for a household of another region
// gets the NOT_FOUND of a household that does not exist, and the log still records the
// refusal. UNAUTHENTICATED and PERMISSION_DENIED are refusals without a mark.
absl::Status MarkRefused(absl::Status status);
bool IsRefusal(const absl::Status& status);

// Reads the details carried by a status (empty messages when absent).
google::rpc::BadRequest GetBadRequest(const absl::Status& status);
google::rpc::PreconditionFailure GetPreconditionFailure(const absl::Status& status);
std::string GetErrorReason(const absl::Status& status);

// Whether a payload is one of rrmon's own marks (the reason, the refusal), which travel
// inside the process and are never copied into what a client receives.
bool IsInternalPayload(absl::string_view type_url);

// "NOT_FOUND" style names of canonical codes.
std::string CanonicalCodeName(absl::StatusCode code);

}  // namespace rrmon

#include "clients/rrctl/error_output.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/status/grpc_status.h"
#include "common/status/status_details.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace rrmon::rrctl {

int ExitCodeFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return kExitOk;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
      return kExitRejected;
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
      return kExitAuth;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
      return kExitUnavailable;
    default:
      return kExitOther;
  }
}

int ExitCodeFor(grpc::StatusCode code) {
  // gRPC and absl share the canonical code numbers.
  return ExitCodeFor(static_cast<absl::StatusCode>(code));
}

std::string RenderRpcError(const grpc::Status& status, absl::string_view address) {
  const google::rpc::Status details = rrmon::DecodeRpcStatus(status);
  const auto code = static_cast<absl::StatusCode>(status.error_code());
  const std::string code_name = rrmon::CanonicalCodeName(code);
  std::string text = absl::StrCat("error: ", code_name);
  if (!status.error_message().empty()) absl::StrAppend(&text, ": ", status.error_message());
  absl::StrAppend(&text, "\n");

  for (const auto& any : details.details()) {
    if (any.Is<google::rpc::BadRequest>()) {
      google::rpc::BadRequest bad_request;
      if (!any.UnpackTo(&bad_request)) continue;
      for (const auto& violation : bad_request.field_violations()) {
        absl::StrAppend(&text, "  ", violation.field(), ": ", violation.description(), "\n");
      }
    } else if (any.Is<google::rpc::PreconditionFailure>()) {
      google::rpc::PreconditionFailure failure;
      if (!any.UnpackTo(&failure)) continue;
      for (const auto& violation : failure.violations()) {
        std::string where = violation.type();
        if (!violation.subject().empty()) {
          absl::StrAppend(&where, where.empty() ? "" : " ", violation.subject());
        }
        absl::StrAppend(&text, "  ", where.empty() ? "precondition" : where, ": ",
                        violation.description(), "\n");
      }
    } else if (any.Is<google::rpc::ErrorInfo>()) {
      google::rpc::ErrorInfo info;
      if (!any.UnpackTo(&info)) continue;
      // The code name, or INVALID_FIELD beside the fields listed, would add nothing.
      if (!info.reason().empty() && info.reason() != code_name &&
          info.reason() != kInvalidFieldReason) {
        absl::StrAppend(&text, "  reason: ", info.reason(), "\n");
      }
    }
  }

  switch (code) {
    case absl::StatusCode::kUnauthenticated:
      absl::StrAppend(&text, "hint: ", kTokenHint, "\n");
      break;
    case absl::StatusCode::kPermissionDenied:
      absl::StrAppend(&text,
                      "hint: your token's role or region does not allow this; check it with "
                      "the officer who issued it\n");
      break;
    case absl::StatusCode::kUnavailable:
      absl::StrAppend(&text, "hint: is the service running at ", address, "?\n");
      break;
    case absl::StatusCode::kDeadlineExceeded:
      absl::StrAppend(&text, "hint: no answer from ", address,
                      " in time; is the service running there? A slow link may need a larger "
                      "--timeout\n");
      break;
    default:
      break;
  }
  return text;
}

std::string RenderLocalError(const absl::Status& status) {
  return absl::StrCat("error: ", status.message(), "\n");
}

}  // namespace rrmon::rrctl

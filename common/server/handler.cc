#include "common/server/handler.h"

#include <exception>

#include "common/log/log.h"
#include "common/status/grpc_status.h"
#include "common/status/status_details.h"

namespace rrmon {

grpc::Status RunHandler(absl::string_view error_domain, absl::string_view method,
                        absl::FunctionRef<absl::Status()> body) noexcept {
  absl::Status status;
  try {
    status = body();
  } catch (const std::exception& e) {
    LogError(error_domain, "handler threw", {{"method", method}, {"what", e.what()}});
    status = absl::InternalError("internal error");
  } catch (...) {
    LogError(error_domain, "handler threw", {{"method", method}});
    status = absl::InternalError("internal error");
  }
  if (status.code() == absl::StatusCode::kInternal || status.code() == absl::StatusCode::kUnknown) {
    LogError(error_domain, "internal error", {{"method", method}, {"status", status.message()}});
  }
  return ToGrpcStatus(status, error_domain);
}

}  // namespace rrmon

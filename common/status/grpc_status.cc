#include "common/status/grpc_status.h"

#include <string>
#include <utility>

#include "absl/strings/cord.h"
#include "common/status/status_details.h"

namespace rrmon {

grpc::Status ToGrpcStatus(const absl::Status& status, absl::string_view domain) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(std::string(status.message()));

  google::rpc::ErrorInfo info;
  std::string reason = GetErrorReason(status);
  info.set_reason(reason.empty() ? CanonicalCodeName(status.code()) : reason);
  info.set_domain(std::string(domain));
  rpc_status.add_details()->PackFrom(info);

  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    if (IsInternalPayload(type_url)) return;
    auto* any = rpc_status.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()),
                      rpc_status.SerializeAsString());
}

google::rpc::Status DecodeRpcStatus(const grpc::Status& status) {
  google::rpc::Status rpc_status;
  if (status.error_details().empty() || !rpc_status.ParseFromString(status.error_details())) {
    rpc_status.Clear();
    rpc_status.set_code(static_cast<int>(status.error_code()));
    rpc_status.set_message(status.error_message());
  }
  return rpc_status;
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status result(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status rpc_status = DecodeRpcStatus(status);
  for (const auto& any : rpc_status.details()) {
    if (any.Is<google::rpc::ErrorInfo>()) {
      google::rpc::ErrorInfo info;
      any.UnpackTo(&info);
      result = WithErrorReason(std::move(result), info.reason());
      continue;
    }
    result.SetPayload(any.type_url(), absl::Cord(any.value()));
  }
  return result;
}

}  // namespace rrmon

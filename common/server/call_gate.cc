#include "common/server/call_gate.h"

#include "absl/strings/str_cat.h"
#include "common/status/grpc_status.h"
#include "common/status/status_details.h"
#include "common/validation/string_interop.h"

namespace rrmon {

MethodRoles::MethodRoles(std::vector<Entry> entries) {
  for (Entry& entry : entries) roles_[std::move(entry.first)] = std::move(entry.second);
}

const std::vector<rrmon::common::v1::Role>* MethodRoles::RolesOf(std::string_view method) const {
  auto it = roles_.find(absl::string_view(method.data(), method.size()));
  return it == roles_.end() ? nullptr : &it->second;
}

absl::Status MethodRoles::CheckCovers(const google::protobuf::ServiceDescriptor& service) const {
  for (int i = 0; i < service.method_count(); ++i) {
    const std::string& method = service.method(i)->name();
    if (!roles_.contains(method)) {
      return absl::FailedPreconditionError(
          absl::StrCat(service.full_name(), ".", method, " has no entry in the role table"));
    }
  }
  for (const auto& [method, roles] : roles_) {
    if (service.FindMethodByName(method) == nullptr) {
      return absl::FailedPreconditionError(absl::StrCat("the role table names ", method, ", which ",
                                                        service.full_name(), " does not have"));
    }
  }
  return absl::OkStatus();
}

absl::Status MethodRoles::CheckCovers(std::string_view service_full_name) const {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(
          std::string(service_full_name));
  if (service == nullptr) {
    return absl::FailedPreconditionError(absl::StrCat(
        "no service ", validation::ToAbsl(service_full_name), " is linked into this binary"));
  }
  return CheckCovers(*service);
}

grpc::Status CallGate::Busy() const {
  return ToGrpcStatus(
      WithErrorReason(absl::ResourceExhaustedError("the server is at capacity; retry with backoff"),
                      "SERVER_BUSY"),
      error_domain_);
}

absl::Status CallGate::Admit(const auth::Principal& caller, const char* method) const {
  const std::vector<rrmon::common::v1::Role>* allowed = roles_.RolesOf(method);
  if (allowed == nullptr) return auth::RequireRole(caller, {}, method);
  return auth::RequireRole(caller, *allowed, method);
}

}  // namespace rrmon

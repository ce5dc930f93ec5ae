#include "common/status/status_details.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace rrmon {
namespace {

constexpr absl::string_view kErrorReasonPayload = "type.googleapis.com/rrmon.ErrorReason";
// Internal marks, never sent to clients.
constexpr absl::string_view kRefusedPayload = "type.googleapis.com/rrmon.Refused";

template <typename Message>
std::string TypeUrl() {
  return absl::StrCat(kTypeUrlPrefix, Message::descriptor()->full_name());
}

template <typename Message>
Message GetPayload(const absl::Status& status) {
  Message message;
  if (auto payload = status.GetPayload(TypeUrl<Message>()); payload.has_value()) {
    message.ParseFromString(std::string(*payload));
  }
  return message;
}

template <typename Message>
void SetPayload(absl::Status& status, const Message& message) {
  status.SetPayload(TypeUrl<Message>(), absl::Cord(message.SerializeAsString()));
}

}  // namespace

absl::Status InvalidFieldError(absl::string_view field, absl::string_view description) {
  absl::Status status = absl::InvalidArgumentError(absl::StrCat(field, ": ", description));
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field(std::string(field));
  violation->set_description(std::string(description));
  SetPayload(status, bad_request);
  return WithErrorReason(std::move(status), kInvalidFieldReason);
}

absl::Status ResourceNotFoundError(absl::string_view resource_type,
                                   absl::string_view resource_name) {
  absl::Status status = absl::NotFoundError(absl::StrCat(resource_name, " does not exist"));
  google::rpc::ResourceInfo info;
  info.set_resource_type(std::string(resource_type));
  info.set_resource_name(std::string(resource_name));
  info.set_description("does not exist");
  SetPayload(status, info);
  return WithErrorReason(std::move(status), "RESOURCE_NOT_FOUND");
}

absl::Status PreconditionError(absl::string_view message,
                               const google::rpc::PreconditionFailure& failure) {
  absl::Status status = absl::FailedPreconditionError(message);
  SetPayload(status, failure);
  return status;
}

absl::Status WithErrorReason(absl::Status status, absl::string_view reason) {
  if (!status.ok()) status.SetPayload(kErrorReasonPayload, absl::Cord(reason));
  return status;
}

absl::Status MarkRefused(absl::Status status) {
  if (!status.ok()) status.SetPayload(kRefusedPayload, absl::Cord("1"));
  return status;
}

bool IsRefusal(const absl::Status& status) {
  return status.code() == absl::StatusCode::kUnauthenticated ||
         status.code() == absl::StatusCode::kPermissionDenied ||
         status.GetPayload(kRefusedPayload).has_value();
}

google::rpc::BadRequest GetBadRequest(const absl::Status& status) {
  return GetPayload<google::rpc::BadRequest>(status);
}

google::rpc::PreconditionFailure GetPreconditionFailure(const absl::Status& status) {
  return GetPayload<google::rpc::PreconditionFailure>(status);
}

std::string GetErrorReason(const absl::Status& status) {
  auto payload = status.GetPayload(kErrorReasonPayload);
  return payload.has_value() ? std::string(*payload) : std::string();
}

std::string CanonicalCodeName(absl::StatusCode code) {
  // absl's StatusCodeToString gives "NOT_FOUND" style names already.
  return absl::StatusCodeToString(code);
}

bool IsInternalPayload(absl::string_view type_url) {
  return type_url == kErrorReasonPayload || type_url == kRefusedPayload;
}

}  // namespace rrmon

#include "common/status/field_violations.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/status_details.h"

namespace rrmon {

void FieldViolations::Add(absl::string_view field, absl::string_view description) {
  auto* violation = bad_request_.add_field_violations();
  violation->set_field(std::string(field));
  violation->set_description(std::string(description));
}

void FieldViolations::Merge(const absl::Status& status, absl::string_view field_prefix) {
  if (status.ok()) return;
  auto join = [&](const std::string& field) {
    if (field_prefix.empty()) return field;
    if (field.empty()) return std::string(field_prefix);
    return absl::StrCat(field_prefix, ".", field);
  };
  google::rpc::BadRequest carried = GetBadRequest(status);
  if (carried.field_violations().empty()) {
    Add(field_prefix, status.message());
    return;
  }
  for (const auto& violation : carried.field_violations()) {
    Add(join(violation.field()), violation.description());
  }
}

absl::Status FieldViolations::ToStatus() const {
  if (empty()) return absl::OkStatus();
  std::vector<std::string> parts;
  for (const auto& violation : bad_request_.field_violations()) {
    parts.push_back(absl::StrCat(violation.field(), ": ", violation.description()));
  }
  absl::Status status = absl::InvalidArgumentError(absl::StrJoin(parts, "; "));
  status.SetPayload(
      absl::StrCat(kTypeUrlPrefix, google::rpc::BadRequest::descriptor()->full_name()),
      absl::Cord(bad_request_.SerializeAsString()));
  return WithErrorReason(std::move(status), kInvalidFieldReason);
}

}  // namespace rrmon

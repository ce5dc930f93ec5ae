#include "common/api/audit_record.h"

#include "google/protobuf/util/json_util.h"

namespace rrmon {

AuditRecord NewAuditRecord(absl::Time time, const std::string& actor,
                           rrmon::common::v1::Role actor_role, const std::string& action,
                           const std::string& resource, const std::string& reason) {
  AuditRecord audit;
  audit.time = time;
  audit.actor = actor;
  audit.actor_role = actor_role;
  audit.action = action;
  audit.resource = resource;
  audit.reason = reason;
  return audit;
}

std::string AuditJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) json.clear();
  return json;
}

}  // namespace rrmon

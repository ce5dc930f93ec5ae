#include "common/api/audit_record.h"

#include "google/protobuf/util/json_util.h"

namespace rrmon {

std::string AuditJson(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) json.clear();
  return json;
}

}  // namespace rrmon

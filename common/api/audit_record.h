#pragma once

// What every change leaves in the audit trail (who, when, what, before/after, why).
// Each service writes these rows in the same transaction as the change itself, so a
// change without its audit row cannot exist.

#include <string>

#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "rrmon/common/v1/common.pb.h"

namespace rrmon {

struct AuditRecord {
  absl::Time time;
  std::string actor;
  rrmon::common::v1::Role actor_role = rrmon::common::v1::ROLE_UNSPECIFIED;
  std::string action;    // method name, e.g. "UpdateHousehold"
  std::string resource;  // e.g. "households/0f3a9c..."
  std::string before_json;
  std::string after_json;
  std::string reason;
};

// An audit record of a change by `actor`, before/after left to fill.
AuditRecord NewAuditRecord(absl::Time time, const std::string& actor,
                           rrmon::common::v1::Role actor_role, const std::string& action,
                           const std::string& resource, const std::string& reason);

// The JSON form kept in audit rows (proto field names, stable across releases).
std::string AuditJson(const google::protobuf::Message& message);

}  // namespace rrmon

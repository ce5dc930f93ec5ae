#include "services/employment/usecases/labourer_change.h"

#include "common/api/audit_record.h"
#include "common/api/etag.h"
#include "common/time/timestamp.h"

namespace rrmon::employment {

void StampLabourerChange(const auth::Principal& caller, absl::Time now, const std::string& action,
                         const std::string& resource, const std::string& reason,
                         const v1::Labourer* before,
                         const google::protobuf::Message* audited_before, LabourerChange& change) {
  const int64_t revision = before != nullptr ? RevisionOf(before->etag()).value_or(0) : 0;
  if (before != nullptr) change.expected_revision = revision;
  change.labourer.set_etag(EtagOf(revision + 1));
  *change.labourer.mutable_update_time() = ToTimestamp(now);
  if (before == nullptr) *change.labourer.mutable_create_time() = ToTimestamp(now);
  change.audit = NewAuditRecord(now, caller.subject, caller.role, action, resource, reason);
  if (audited_before != nullptr) change.audit.before_json = AuditJson(*audited_before);
  // The audit row shows what the call changed: the spell or business it wrote, else the
  // labourer.
  if (!change.spells.empty()) {
    change.audit.after_json = AuditJson(change.spells.front());
  } else if (!change.businesses.empty()) {
    change.audit.after_json = AuditJson(change.businesses.front());
  } else {
    change.audit.after_json = AuditJson(change.labourer);
  }
  if (change.key.has_value() && change.response.empty()) {
    change.response = change.labourer.SerializeAsString();
  }
}

}  // namespace rrmon::employment

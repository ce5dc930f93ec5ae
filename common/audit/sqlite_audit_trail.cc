#include "common/audit/sqlite_audit_trail.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/status/macros.h"
#include "common/storage/sqlite_bind.h"
#include "common/storage/sqlite_transaction.h"
#include "common/time/timestamp.h"

namespace rrmon {
namespace {

using rrmon::common::v1::AuditEntry;
using rrmon::common::v1::AuditEntryKind;

constexpr char kInsert[] =
    "INSERT INTO audit_log (create_time, actor, actor_role, action, resource, before_json, "
    "after_json, reason, kind, owner) VALUES (?,?,?,?,?,?,?,?,?,?)";

}  // namespace

absl::Status InsertAuditChange(SqliteConnection& connection, const AuditRecord& change) {
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement, connection.Prepare(kInsert));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, absl::ToUnixMicros(change.time), change.actor,
                                static_cast<int>(change.actor_role), change.action, change.resource,
                                change.before_json, change.after_json, change.reason,
                                static_cast<int>(AuditEntryKind::AUDIT_ENTRY_KIND_CHANGE),
                                AuditOwnerOf(change.resource)));
  return statement->Run();
}

absl::Status InsertAuditReads(SqliteConnection& connection, const std::vector<AuditRead>& reads) {
  for (const AuditRead& read : reads) {
    // Prepare hands back the cached statement, reset for this row.
    RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement, connection.Prepare(kInsert));
    RRMON_RETURN_IF_ERROR(BindAll(*statement, absl::ToUnixMicros(read.time), read.actor,
                                  static_cast<int>(read.actor_role), read.action, read.resource, "",
                                  "", "", static_cast<int>(AuditEntryKind::AUDIT_ENTRY_KIND_READ),
                                  AuditOwnerOf(read.resource)));
    RRMON_RETURN_IF_ERROR(statement->Run());
  }
  return absl::OkStatus();
}

absl::StatusOr<AuditTrailPage> ReadAuditTrail(SqliteConnection& connection,
                                              const std::string& owner, int64_t after_id,
                                              int limit) {
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      connection.Prepare("SELECT id, create_time, actor, actor_role, action, resource, "
                         "before_json, after_json, reason, kind FROM audit_log "
                         "WHERE owner = ?1 AND id > ?2 ORDER BY id LIMIT ?3"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, owner, after_id, limit + 1));
  AuditTrailPage page;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) break;
    if (static_cast<int>(page.entries.size()) == limit) {
      page.more = true;
      break;
    }
    page.last_id = statement->ColumnInt64(0);
    AuditEntry& entry = page.entries.emplace_back();
    entry.set_name(absl::StrCat("auditEntries/", page.last_id));
    *entry.mutable_create_time() = ToTimestamp(absl::FromUnixMicros(statement->ColumnInt64(1)));
    entry.set_actor(statement->ColumnText(2));
    entry.set_actor_role(static_cast<rrmon::common::v1::Role>(statement->ColumnInt64(3)));
    entry.set_action(statement->ColumnText(4));
    entry.set_resource(statement->ColumnText(5));
    entry.set_before_json(statement->ColumnText(6));
    entry.set_after_json(statement->ColumnText(7));
    entry.set_reason(statement->ColumnText(8));
    entry.set_kind(static_cast<AuditEntryKind>(statement->ColumnInt64(9)));
  }
  return page;
}

absl::Status SqliteAuditTrailRepository::WriteReads(const std::vector<AuditRead>& reads) {
  return database_.Write(
      [&](SqliteConnection& connection) { return InsertAuditReads(connection, reads); });
}

absl::StatusOr<AuditTrailPage> SqliteAuditTrailRepository::List(const std::string& owner,
                                                                int64_t after_id, int limit) {
  SqliteDatabase::Lease lease = database_.Acquire();
  return ReadAuditTrail(*lease, owner, after_id, limit);
}

}  // namespace rrmon

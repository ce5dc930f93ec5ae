#pragma once

// The audit trail in a service's SQLite database: one append-only table of every
// committed change (written in the change's own transaction) and every read of personal
// data (written in batches by ReadAuditLog). Each row carries its owner, the top-level
// resource it belongs to ("households/{id}" for a household's members, cases, measures,
// income and guarantees), so that an owner's whole trail is one index range in time order.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/api/audit_record.h"
#include "common/audit/audit_trail.h"
#include "common/storage/sqlite_connection.h"
#include "common/storage/sqlite_database.h"
#include "rrmon/common/v1/common.pb.h"

namespace rrmon {

// The table, its append-only triggers and its index, for a new database's first
// migration. (A database that had the older table without kind and owner upgrades with
// its own migration.)
inline constexpr char kAuditTrailSchema[] = R"sql(
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  create_time INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  actor_role  INTEGER NOT NULL,
  action      TEXT NOT NULL,
  resource    TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json  TEXT NOT NULL,
  reason      TEXT NOT NULL,
  kind        INTEGER NOT NULL DEFAULT 1,
  owner       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_by_resource ON audit_log (resource, id);
CREATE INDEX audit_log_by_owner ON audit_log (owner, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
)sql";

// One change row, inside the caller's transaction.
absl::Status InsertAuditChange(SqliteConnection& connection, const AuditRecord& change);

// Read rows, in one transaction of their own.
absl::Status InsertAuditReads(SqliteConnection& connection, const std::vector<AuditRead>& reads);

// Up to `limit` entries of `owner`'s trail with an id above `after_id`, oldest first.
absl::StatusOr<AuditTrailPage> ReadAuditTrail(SqliteConnection& connection,
                                              const std::string& owner, int64_t after_id,
                                              int limit);

class SqliteAuditTrailRepository final : public AuditTrailRepository {
 public:
  // `database` must hold the audit_log table of kAuditTrailSchema.
  explicit SqliteAuditTrailRepository(SqliteDatabase& database) : database_(database) {}

  absl::Status WriteReads(const std::vector<AuditRead>& reads) override;
  absl::StatusOr<AuditTrailPage> List(const std::string& owner, int64_t after_id,
                                      int limit) override;

 private:
  SqliteDatabase& database_;
};

}  // namespace rrmon

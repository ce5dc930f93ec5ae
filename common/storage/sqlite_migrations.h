#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/storage/sqlite_connection.h"

namespace rrmon {

// One step of a service's schema. Versions start at 1 and strictly increase; a released
// migration is never edited, only followed by a new one (the description is recorded and
// compared at every start to catch edits and diverging branches).
//
// `sql` runs inside a transaction, together with its record in schema_migrations, so a
// migration is applied completely or not at all. Consequently it must not contain
// BEGIN/COMMIT, and PRAGMAs that are no-ops inside a transaction (foreign_keys) have no
// effect there.
struct Migration {
  int version;
  std::string description;
  std::string sql;
};

// INVALID_ARGUMENT unless versions start at 1, strictly increase and every migration has a
// description and SQL. A bad list is a programming error, caught on the first start.
absl::Status ValidateMigrations(const std::vector<Migration>& migrations);

// Brings the schema up to the last migration and returns the resulting version. Each
// pending migration runs in its own IMMEDIATE transaction and is re-checked inside it, so
// two processes starting at once apply each migration exactly once. Refuses, with
// FAILED_PRECONDITION, a database that records a version newer than this binary knows
// (an older binary must not write a schema it does not understand), a recorded
// description that differs from the binary's, or a recorded history with a version the
// binary lacks.
absl::StatusOr<int> ApplyMigrations(SqliteConnection& connection,
                                    const std::vector<Migration>& migrations);

}  // namespace rrmon

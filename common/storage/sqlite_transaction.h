#pragma once

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/storage/sqlite_connection.h"

namespace rrmon {

// An explicit transaction that rolls back unless committed, so an early `return status;`
// can never leave half a change behind.
//
//   RRMON_ASSIGN_OR_RETURN(SqliteTransaction tx, SqliteTransaction::Begin(*lease));
//   ... statements on *lease ...
//   return tx.Commit();
class SqliteTransaction {
 public:
  // BEGIN IMMEDIATE takes the write lock up front: concurrent writers queue at the start
  // (within the busy timeout) instead of both reading and then one failing at its first
  // write or at COMMIT with SQLITE_BUSY, which no retry at that point could fix.
  static absl::StatusOr<SqliteTransaction> Begin(SqliteConnection& connection);

  SqliteTransaction(SqliteTransaction&& other) noexcept;
  SqliteTransaction& operator=(SqliteTransaction&& other) noexcept;
  SqliteTransaction(const SqliteTransaction&) = delete;
  SqliteTransaction& operator=(const SqliteTransaction&) = delete;
  ~SqliteTransaction();

  // On failure the transaction is still open (unless SQLite already rolled it back) and is
  // rolled back by the destructor.
  absl::Status Commit();
  // Explicit rollback, for when the caller wants to know it worked.
  absl::Status Rollback();

  bool active() const { return connection_ != nullptr; }

 private:
  explicit SqliteTransaction(SqliteConnection* connection) : connection_(connection) {}

  // Null once committed, rolled back or moved from.
  SqliteConnection* connection_;
};

}  // namespace rrmon

#include "common/storage/sqlite_transaction.h"

#include <utility>

namespace rrmon {

absl::StatusOr<SqliteTransaction> SqliteTransaction::Begin(SqliteConnection& connection) {
  if (absl::Status status = connection.RunCached("BEGIN IMMEDIATE"); !status.ok()) {
    return status;
  }
  return SqliteTransaction(&connection);
}

SqliteTransaction::SqliteTransaction(SqliteTransaction&& other) noexcept
    : connection_(std::exchange(other.connection_, nullptr)) {}

SqliteTransaction& SqliteTransaction::operator=(SqliteTransaction&& other) noexcept {
  if (this != &other) {
    Rollback().IgnoreError();
    connection_ = std::exchange(other.connection_, nullptr);
  }
  return *this;
}

SqliteTransaction::~SqliteTransaction() {
  // A destructor cannot report; a failed rollback leaves the transaction open, and the
  // pool rolls back again before the connection is reused.
  Rollback().IgnoreError();
}

absl::Status SqliteTransaction::Commit() {
  if (connection_ == nullptr) {
    return absl::FailedPreconditionError("Commit on a finished or moved-from transaction");
  }
  absl::Status status = connection_->RunCached("COMMIT");
  // Some errors (disk full, I/O) make SQLite roll back by itself; then there is nothing
  // left for the destructor to undo.
  if (status.ok() || !connection_->InTransaction()) connection_ = nullptr;
  return status;
}

absl::Status SqliteTransaction::Rollback() {
  if (connection_ == nullptr) return absl::OkStatus();
  SqliteConnection* connection = std::exchange(connection_, nullptr);
  if (!connection->InTransaction()) return absl::OkStatus();
  return connection->RunCached("ROLLBACK");
}

}  // namespace rrmon

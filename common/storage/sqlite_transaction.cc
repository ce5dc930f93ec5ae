#include "common/storage/sqlite_transaction.h"

#include <utility>

namespace rrmon {
namespace {

// BEGIN/COMMIT/ROLLBACK go through the statement cache: they run on every write, and
// parsing them each time would cost as much as a primary-key read. It also lets the
// observer time COMMIT, which is where the fsync happens.
absl::Status RunCached(SqliteConnection& connection, std::string_view sql) {
  absl::StatusOr<SqliteStatement*> statement = connection.Prepare(sql);
  if (!statement.ok()) return statement.status();
  return (*statement)->Run();
}

}  // namespace

absl::StatusOr<SqliteTransaction> SqliteTransaction::Begin(SqliteConnection& connection) {
  if (absl::Status status = RunCached(connection, "BEGIN IMMEDIATE"); !status.ok()) {
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
  absl::Status status = RunCached(*connection_, "COMMIT");
  // Some errors (disk full, I/O) make SQLite roll back by itself; then there is nothing
  // left for the destructor to undo.
  if (status.ok() || !connection_->InTransaction()) connection_ = nullptr;
  return status;
}

absl::Status SqliteTransaction::Rollback() {
  if (connection_ == nullptr) return absl::OkStatus();
  SqliteConnection* connection = std::exchange(connection_, nullptr);
  if (!connection->InTransaction()) return absl::OkStatus();
  return RunCached(*connection, "ROLLBACK");
}

}  // namespace rrmon

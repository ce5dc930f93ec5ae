#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/storage/sqlite_options.h"
#include "common/storage/sqlite_statement.h"
#include "common/storage/storage_observer.h"

struct sqlite3;

namespace rrmon {

// One SQLite connection with its prepared-statement cache. Not thread-safe: it is used by
// one thread at a time, normally through SqliteDatabase::Lease. It is opened in SQLite's
// multi-thread mode (no per-connection mutex) because the pool already guarantees that.
class SqliteConnection {
 public:
  // Opens `options.path` (creating the file and its parent folder if needed) with WAL
  // journaling, the configured synchronous level, foreign keys on and the busy timeout set.
  static absl::StatusOr<std::unique_ptr<SqliteConnection>> Open(const SqliteOptions& options);

  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Returns the cached statement for exactly this SQL text, preparing it on first use;
  // it comes back reset with all bindings cleared. The pointer stays valid for the
  // connection's lifetime. The SQL must be constant text with `?` parameters: the cache is
  // keyed by text and never evicts, so its size is bounded by the program's SQL.
  // Preparing the same text again resets the statement, so do not nest two uses of the
  // same SQL. Exactly one statement per call; use Execute() for scripts.
  absl::StatusOr<SqliteStatement*> Prepare(std::string_view sql);

  // Runs SQL without parameters, possibly several statements (DDL, migrations, PRAGMAs).
  // Rows are discarded; it is not reported to the StorageObserver.
  absl::Status Execute(std::string_view sql);

  // Runs one parameterless statement through the statement cache: for BEGIN, SAVEPOINT,
  // COMMIT and the like, which run on every write, where parsing them each time would
  // cost as much as a primary-key read; the observer then also times COMMIT, where the
  // fsync happens.
  absl::Status RunCached(std::string_view sql);

  int64_t LastInsertRowId() const;
  // Rows changed by the most recent INSERT/UPDATE/DELETE on this connection.
  int ChangedRows() const;
  // Whether an explicit transaction is open.
  bool InTransaction() const;

  // Resets every statement handed out since the last call. A statement left half-read
  // keeps a read snapshot open in WAL mode, so the next user of the connection would see
  // stale data and checkpoints could not finish; the pool calls this on every release.
  void ResetStatements();

  // Observer for statement timings (may be null). Safe to call from any thread.
  void set_observer(StorageObserver* observer);

  // For the rare feature this class does not wrap. Do not close it.
  sqlite3* native_handle() const { return db_; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}

  sqlite3* const db_;
  absl::flat_hash_map<std::string, std::unique_ptr<SqliteStatement>> statements_;
  std::vector<SqliteStatement*> handed_out_;
  // Atomic because the observer may be set from another thread while a lease is in use;
  // statements read it through a pointer to this member.
  std::atomic<StorageObserver*> observer_{nullptr};
};

}  // namespace rrmon

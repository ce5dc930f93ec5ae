#pragma once

// The SQLite database of one service: a fixed pool of connections for reads (one per
// worker that touches storage), one writer that runs every write (SqliteWriteQueue: the
// writes of concurrent requests share a commit, each in a savepoint of its own), a schema
// migrated at start-up, and the pieces repositories use: leases, cached prepared
// statements and SqliteError.
//
//   RRMON_ASSIGN_OR_RETURN(auto db, SqliteDatabase::Open({.path = path}, kMigrations));
//   RRMON_RETURN_IF_ERROR(db->Write([&](SqliteConnection& connection) -> absl::Status {
//     RRMON_ASSIGN_OR_RETURN(SqliteStatement * insert,
//                            connection.Prepare("INSERT INTO t (a) VALUES (?1)"));
//     RRMON_RETURN_IF_ERROR(insert->BindText(1, a));
//     return insert->Run();
//   }));
//   SqliteDatabase::Lease lease = db->Acquire();   // reads

#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/storage/sqlite_connection.h"
#include "common/storage/sqlite_error.h"
#include "common/storage/sqlite_migrations.h"
#include "common/storage/sqlite_options.h"
#include "common/storage/sqlite_statement.h"
#include "common/storage/sqlite_transaction.h"
#include "common/storage/sqlite_write_queue.h"
#include "common/storage/storage_observer.h"

namespace rrmon {

class SqliteDatabase {
 public:
  // Exclusive use of one pooled connection, given back on destruction. Must not outlive
  // the database. Any transaction still open is rolled back and half-read statements are
  // reset on return, so the next user starts clean.
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    SqliteConnection* operator->() const { return connection_; }
    SqliteConnection& operator*() const { return *connection_; }

   private:
    friend class SqliteDatabase;
    Lease(SqliteDatabase* database, SqliteConnection* connection)
        : database_(database), connection_(connection) {}
    void Release();

    SqliteDatabase* database_;
    SqliteConnection* connection_;
  };

  // Opens `options.pool_size` connections and migrates the schema (see ApplyMigrations for
  // the refusals) before returning, so a service never serves on an unknown schema.
  static absl::StatusOr<std::unique_ptr<SqliteDatabase>> Open(
      const SqliteOptions& options, const std::vector<Migration>& migrations);

  // Every Lease must have been destroyed.
  ~SqliteDatabase();
  SqliteDatabase(const SqliteDatabase&) = delete;
  SqliteDatabase& operator=(const SqliteDatabase&) = delete;

  // Blocks until a connection is free. Sizing the pool to the worker count makes the wait
  // rare; AcquireFor bounds it for callers with a deadline.
  Lease Acquire();
  // UNAVAILABLE when no connection frees up within `timeout`.
  absl::StatusOr<Lease> AcquireFor(absl::Duration timeout);

  // Runs `work` inside a transaction on the writer connection and returns once it is
  // committed (durably, with synchronous=FULL) or undone; see SqliteWriteQueue for what
  // `work` may do. The work of several callers may share one transaction, each in a
  // savepoint, so it must not BEGIN or COMMIT itself.
  absl::Status Write(SqliteWriteQueue::Work work) { return writer_->Write(work); }
  SqliteWriteQueue::Counts write_counts() const { return writer_->counts(); }

  // Observer for every connection's statements (null to stop). Must outlive its use.
  void set_observer(StorageObserver* observer);

  int schema_version() const { return schema_version_; }
  const std::string& path() const { return path_; }
  int pool_size() const { return static_cast<int>(connections_.size()); }

 private:
  SqliteDatabase(std::string path, int schema_version,
                 std::vector<std::unique_ptr<SqliteConnection>> connections,
                 std::unique_ptr<SqliteConnection> writer);

  bool HasFreeConnection() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return !free_.empty(); }
  SqliteConnection* TakeFreeConnection() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  void Return(SqliteConnection* connection);

  const std::string path_;
  const int schema_version_;
  // Owns the connections; fixed after construction, so reading it needs no lock.
  const std::vector<std::unique_ptr<SqliteConnection>> connections_;

  absl::Mutex mutex_;
  std::vector<SqliteConnection*> free_ ABSL_GUARDED_BY(mutex_);
  // Declared last: destroyed first, finishing what is queued while the rest still exists.
  const std::unique_ptr<SqliteWriteQueue> writer_;
};

}  // namespace rrmon

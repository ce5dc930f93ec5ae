#pragma once

// The one writer of a service's SQLite database. SQLite lets one transaction write at a
// time; with every request writing on its own pooled connection, writers collided on the
// file lock and slept in SQLite's busy handler with growing back-off (under a hundred
// writes a second with 16 clients). Here writes queue in the process instead, and a
// single thread runs them, several at a time in one transaction (group commit):
//
//   BEGIN IMMEDIATE
//     SAVEPOINT w; <request 1>; RELEASE w        each request in a savepoint of its own:
//     SAVEPOINT w; <request 2>; ROLLBACK TO w    a failing one is undone alone
//     ...
//   COMMIT                                       one fsync (synchronous=FULL) for all
//
// A request is acknowledged only after the COMMIT that holds it returned, so nothing
// acknowledged can be lost by a crash. If the COMMIT fails, every request of the batch
// gets that error and none of them is stored. If SQLite ends the transaction itself in
// the middle of a batch (an I/O error, out of memory), the requests before it are run
// again in a new transaction. While a batch commits, the next one gathers, so the batch
// grows with the load and the fsync is shared by everyone waiting.

#include <deque>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "common/storage/sqlite_connection.h"

namespace rrmon {

class SqliteWriteQueue {
 public:
  // A request's statements, run on the writer's connection inside the transaction. It
  // returns OK to keep its changes, an error to have them undone. It runs on the writer
  // thread and may run more than once (see above), so it must only touch the database
  // and its own outputs; it must not call Write.
  using Work = absl::FunctionRef<absl::Status(SqliteConnection&)>;

  // At most `max_batch` requests share one commit.
  SqliteWriteQueue(std::unique_ptr<SqliteConnection> connection, int max_batch = 64);
  // Runs what is queued, then stops.
  ~SqliteWriteQueue();
  SqliteWriteQueue(const SqliteWriteQueue&) = delete;
  SqliteWriteQueue& operator=(const SqliteWriteQueue&) = delete;

  // Blocks until `work` is committed (OK) or undone (its error, or the commit's).
  absl::Status Write(Work work) ABSL_LOCKS_EXCLUDED(mu_);

  // What the queue has done, for metrics and tests.
  struct Counts {
    int64_t requests = 0;
    int64_t commits = 0;
    int64_t largest_batch = 0;
    int64_t queued = 0;  // waiting now for a batch
  };
  Counts counts() const ABSL_LOCKS_EXCLUDED(mu_);

  // Observer of the writer connection's statements (see SqliteConnection::set_observer).
  void set_observer(StorageObserver* observer) { connection_->set_observer(observer); }

 private:
  struct Request {
    Work* work;
    absl::Status status;
    bool done = false;
  };

  void Loop() ABSL_LOCKS_EXCLUDED(mu_);
  // Runs `batch` in one transaction and sets each request's status.
  void RunBatch(std::deque<Request*> batch);
  bool HasWorkOrStopping() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return stopping_ || !queue_.empty();
  }

  const std::unique_ptr<SqliteConnection> connection_;
  const size_t max_batch_;
  mutable absl::Mutex mu_;
  std::deque<Request*> queue_ ABSL_GUARDED_BY(mu_);
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  Counts counts_ ABSL_GUARDED_BY(mu_);
  std::thread thread_;
};

}  // namespace rrmon

#include "common/storage/sqlite_write_queue.h"

#include <algorithm>
#include <exception>
#include <utility>
#include <vector>

namespace rrmon {
namespace {

absl::Status RunWork(SqliteWriteQueue::Work& work, SqliteConnection& connection) {
  absl::Status status;
  try {
    status = work(connection);
  } catch (const std::exception& e) {
    status = absl::InternalError(std::string("write failed: ") + e.what());
  } catch (...) {
    status = absl::InternalError("write failed");
  }
  // A statement left half-read would hold its snapshot into the next request.
  connection.ResetStatements();
  return status;
}

// This thread is the writer: a Work that calls Write would wait for itself.
thread_local const SqliteWriteQueue* current_writer = nullptr;

}  // namespace

SqliteWriteQueue::SqliteWriteQueue(std::unique_ptr<SqliteConnection> connection, int max_batch)
    : connection_(std::move(connection)),
      max_batch_(static_cast<size_t>(std::max(max_batch, 1))),
      thread_([this] { Loop(); }) {}

SqliteWriteQueue::~SqliteWriteQueue() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  thread_.join();
}

absl::Status SqliteWriteQueue::Write(Work work) {
  if (current_writer == this) {
    return absl::InternalError("a write may not start another write of the same database");
  }
  Request request{&work, absl::OkStatus(), false};
  absl::MutexLock lock(&mu_);
  if (stopping_) return absl::UnavailableError("the database is closing");
  queue_.push_back(&request);
  mu_.Await(absl::Condition(&request.done));
  return request.status;
}

SqliteWriteQueue::Counts SqliteWriteQueue::counts() const {
  absl::MutexLock lock(&mu_);
  Counts counts = counts_;
  counts.queued = static_cast<int64_t>(queue_.size());
  return counts;
}

void SqliteWriteQueue::Loop() {
  current_writer = this;
  for (;;) {
    std::deque<Request*> batch;
    {
      absl::MutexLock lock(&mu_, absl::Condition(this, &SqliteWriteQueue::HasWorkOrStopping));
      if (queue_.empty()) return;  // stopping, and everything queued has run
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    RunBatch(std::move(batch));
  }
}

void SqliteWriteQueue::RunBatch(std::deque<Request*> batch) {
  std::vector<std::pair<Request*, absl::Status>> finished;
  int64_t commits = 0;
  size_t largest = 0;
  while (!batch.empty()) {
    if (absl::Status begun = connection_->RunCached("BEGIN IMMEDIATE"); !begun.ok()) {
      for (Request* request : batch) finished.emplace_back(request, begun);
      break;
    }
    // The requests whose changes this transaction holds, to acknowledge at COMMIT.
    std::vector<Request*> kept;
    bool transaction_lost = false;
    while (!batch.empty()) {
      Request* request = batch.front();
      batch.pop_front();
      absl::Status status = connection_->RunCached("SAVEPOINT w");
      if (status.ok()) status = RunWork(*request->work, *connection_);
      if (status.ok()) status = connection_->RunCached("RELEASE w");
      if (status.ok()) {
        kept.push_back(request);
        continue;
      }
      finished.emplace_back(request, status);
      if (!connection_->InTransaction()) {
        // SQLite rolled the whole transaction back: run the kept ones again.
        transaction_lost = true;
        batch.insert(batch.begin(), kept.begin(), kept.end());
        break;
      }
      absl::Status undone = connection_->RunCached("ROLLBACK TO w");
      if (undone.ok()) undone = connection_->RunCached("RELEASE w");
      if (!undone.ok()) {
        // A savepoint that cannot be undone leaves the transaction in doubt: drop it all.
        if (connection_->InTransaction()) connection_->RunCached("ROLLBACK").IgnoreError();
        transaction_lost = true;
        batch.insert(batch.begin(), kept.begin(), kept.end());
        break;
      }
    }
    if (transaction_lost) continue;
    largest = std::max(largest, kept.size());
    absl::Status committed = connection_->RunCached("COMMIT");
    ++commits;
    if (!committed.ok() && connection_->InTransaction()) {
      connection_->RunCached("ROLLBACK").IgnoreError();
    }
    for (Request* request : kept) finished.emplace_back(request, committed);
  }
  absl::MutexLock lock(&mu_);
  for (auto& [request, status] : finished) {
    request->status = std::move(status);
    request->done = true;
  }
  counts_.requests += static_cast<int64_t>(finished.size());
  counts_.commits += commits;
  counts_.largest_batch = std::max(counts_.largest_batch, static_cast<int64_t>(largest));
}

}  // namespace rrmon

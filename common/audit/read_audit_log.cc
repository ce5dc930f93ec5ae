#include "common/audit/read_audit_log.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/log/log.h"

namespace rrmon {

namespace {

void Add(prometheus::Counter* counter, int64_t amount) {
  if (counter != nullptr && amount > 0) counter->Increment(static_cast<double>(amount));
}

}  // namespace

ReadAuditCounters ReadAuditCounters::Register(prometheus::Registry& registry) {
  auto counter = [&registry](const std::string& name, const std::string& help) {
    return &prometheus::BuildCounter().Name(name).Help(help).Register(registry).Add({});
  };
  return ReadAuditCounters{
      .written = counter("rrmon_audit_reads_written_total",
                         "Reads of personal data written to the audit trail"),
      .dropped = counter("rrmon_audit_reads_dropped_total",
                         "Reads of personal data lost from the audit trail (queue full, or "
                         "storage failing at shutdown)"),
      .failed_batches = counter("rrmon_audit_read_batches_failed_total",
                                "Batches of reads that failed to write and were retried"),
  };
}

ReadAuditLog::ReadAuditLog(AuditReadWriter writer, ReadAuditOptions options)
    : writer_(std::move(writer)), options_(options), thread_([this] { Run(); }) {}

ReadAuditLog::~ReadAuditLog() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
  }
  thread_.join();
}

void ReadAuditLog::Record(const auth::Principal& caller, const std::string& method, absl::Time time,
                          const std::vector<std::string>& resources) {
  if (resources.empty()) return;
  // Built before taking the lock: handler threads contend on it only to move the reads in.
  std::vector<AuditRead> reads;
  reads.reserve(resources.size());
  for (const std::string& resource : resources) {
    reads.push_back(AuditRead{.time = time,
                              .actor = caller.subject,
                              .actor_role = caller.role,
                              .action = method,
                              .resource = resource});
  }
  int64_t overflow = 0;
  int64_t dropped_before = 0;
  {
    absl::MutexLock lock(&mutex_);
    pending_.insert(pending_.end(), std::make_move_iterator(reads.begin()),
                    std::make_move_iterator(reads.end()));
    queued_ += static_cast<int64_t>(reads.size());
    overflow = static_cast<int64_t>(pending_.size()) - options_.max_pending;
    if (overflow <= 0) return;
    pending_.erase(pending_.begin(), pending_.begin() + overflow);
    dropped_before = dropped_;
    dropped_ += overflow;
    settled_ += overflow;
  }
  Add(options_.counters.dropped, overflow);
  // Outside the lock, and once per thousand drops: while storage is down every read
  // overflows, and a line per read would flood the log the operator needs to read.
  if (dropped_before / 1000 != (dropped_before + overflow) / 1000 || dropped_before == 0) {
    LogError("read-audit", "reads dropped from the audit trail: too many wait to be written",
             {{"dropped_so_far", absl::StrCat(dropped_before + overflow)}});
  }
}

bool ReadAuditLog::Flush(absl::Duration timeout) {
  absl::MutexLock lock(&mutex_);
  const int64_t target = queued_;
  flush_requested_ = true;
  auto settled = [this, target]()
                     ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return settled_ >= target; };
  return mutex_.AwaitWithTimeout(absl::Condition(&settled), timeout);
}

int64_t ReadAuditLog::written() const {
  absl::MutexLock lock(&mutex_);
  return written_;
}

int64_t ReadAuditLog::dropped() const {
  absl::MutexLock lock(&mutex_);
  return dropped_;
}

ReadAuditLog::BatchResult ReadAuditLog::WriteOneBatch() {
  std::vector<AuditRead> batch;
  {
    absl::MutexLock lock(&mutex_);
    const size_t count = std::min(pending_.size(), static_cast<size_t>(options_.max_batch));
    if (count == 0) return BatchResult::kNothingWaited;
    batch.assign(std::make_move_iterator(pending_.begin()),
                 std::make_move_iterator(pending_.begin() + static_cast<ptrdiff_t>(count)));
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(count));
  }
  const absl::Status status = writer_(batch);
  absl::MutexLock lock(&mutex_);
  if (status.ok()) {
    written_ += static_cast<int64_t>(batch.size());
    settled_ += static_cast<int64_t>(batch.size());
    Add(options_.counters.written, static_cast<int64_t>(batch.size()));
    return BatchResult::kWritten;
  }
  Add(options_.counters.failed_batches, 1);
  LogWarning("read-audit", "could not write reads to the audit trail; will retry",
             {{"error", status.message()}, {"reads", absl::StrCat(batch.size())}});
  // Back to the front, in order, so the trail keeps the order reads happened in.
  pending_.insert(pending_.begin(), std::make_move_iterator(batch.begin()),
                  std::make_move_iterator(batch.end()));
  return BatchResult::kFailed;
}

void ReadAuditLog::Run() {
  bool retrying = false;
  while (true) {
    bool stopping = false;
    {
      absl::MutexLock lock(&mutex_);
      auto due = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
        return stopping_ || flush_requested_ ||
               pending_.size() >= static_cast<size_t>(options_.max_batch);
      };
      // After a failed batch the wait was the retry delay; the batch is due now.
      if (!retrying) mutex_.AwaitWithTimeout(absl::Condition(&due), options_.flush_interval);
      flush_requested_ = false;
      stopping = stopping_;
    }
    BatchResult result = BatchResult::kWritten;
    while (result == BatchResult::kWritten) result = WriteOneBatch();
    if (stopping) {
      absl::MutexLock lock(&mutex_);
      if (!pending_.empty()) {
        const auto lost = static_cast<int64_t>(pending_.size());
        dropped_ += lost;
        settled_ += lost;
        Add(options_.counters.dropped, lost);
        pending_.clear();
        LogError("read-audit", "reads lost from the audit trail at shutdown: storage failed",
                 {{"dropped", absl::StrCat(lost)}});
      }
      return;
    }
    retrying = result == BatchResult::kFailed;
    if (retrying) {
      absl::MutexLock lock(&mutex_);
      mutex_.AwaitWithTimeout(absl::Condition(&stopping_), options_.retry_delay);
    }
  }
}

}  // namespace rrmon

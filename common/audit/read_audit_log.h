#pragma once

// Reads of personal data go into the audit trail without slowing the read: a handler
// hands each read to Record(), which only queues it; one background thread writes what
// has queued in batches (one transaction per batch), at most `flush_interval` after the
// read. A batch that fails to write is kept and retried, so a busy database delays the
// trail but does not lose it; only when `max_pending` reads wait (the database has been
// down for long) are the oldest dropped, counted and logged, because holding every read
// in memory forever would end the server instead.

#include <prometheus/counter.h>
#include <prometheus/registry.h>

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/audit/audit_trail.h"
#include "common/auth/principal.h"

namespace rrmon {

// Writes one batch in one transaction; an error leaves the whole batch for a retry.
using AuditReadWriter = std::function<absl::Status(const std::vector<AuditRead>&)>;

// Counters of the trail's reads, so that a trail that falls behind or loses reads is seen
// on a dashboard and alerted on (RrmonAuditReadsDropped).
struct ReadAuditCounters {
  prometheus::Counter* written = nullptr;
  prometheus::Counter* dropped = nullptr;
  prometheus::Counter* failed_batches = nullptr;

  // rrmon_audit_reads_written_total, rrmon_audit_reads_dropped_total and
  // rrmon_audit_read_batches_failed_total in `registry`, which must outlive their use.
  static ReadAuditCounters Register(prometheus::Registry& registry);
};

struct ReadAuditOptions {
  absl::Duration flush_interval = absl::Milliseconds(200);
  // A batch holds at most this many reads; more are written in the next round at once.
  int max_batch = 500;
  // Reads waiting to be written, at most; beyond it the oldest are dropped.
  int max_pending = 100000;
  // Pause after a failed batch before trying again.
  absl::Duration retry_delay = absl::Seconds(1);
  // Null counters are not counted.
  ReadAuditCounters counters;
};

class ReadAuditLog {
 public:
  ReadAuditLog(AuditReadWriter writer, ReadAuditOptions options);
  // Writes what is queued (one last try) and stops the thread.
  ~ReadAuditLog();
  ReadAuditLog(const ReadAuditLog&) = delete;
  ReadAuditLog& operator=(const ReadAuditLog&) = delete;

  // Queues reads of `resources` by `caller` through `method` at `time`; never blocks on
  // storage.
  void Record(const auth::Principal& caller, const std::string& method, absl::Time time,
              const std::vector<std::string>& resources);

  // Blocks until every read queued before the call is written (or dropped), or `timeout`
  // passes; false on the timeout. For shutdown paths and tests.
  bool Flush(absl::Duration timeout);

  int64_t written() const;
  int64_t dropped() const;

 private:
  enum class BatchResult { kWritten, kFailed, kNothingWaited };

  void Run();
  // Takes up to max_batch reads off the queue and writes them; a failed batch goes back.
  BatchResult WriteOneBatch() ABSL_LOCKS_EXCLUDED(mutex_);

  const AuditReadWriter writer_;
  const ReadAuditOptions options_;

  mutable absl::Mutex mutex_;
  std::deque<AuditRead> pending_ ABSL_GUARDED_BY(mutex_);
  // Reads ever queued, and ever written or dropped: Flush waits for the second to reach
  // what the first was when it was called.
  int64_t queued_ ABSL_GUARDED_BY(mutex_) = 0;
  int64_t settled_ ABSL_GUARDED_BY(mutex_) = 0;
  int64_t written_ ABSL_GUARDED_BY(mutex_) = 0;
  int64_t dropped_ ABSL_GUARDED_BY(mutex_) = 0;
  bool flush_requested_ ABSL_GUARDED_BY(mutex_) = false;
  bool stopping_ ABSL_GUARDED_BY(mutex_) = false;

  std::thread thread_;
};

}  // namespace rrmon

#include "common/audit/read_audit_log.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"

namespace rrmon {
namespace {

using ::testing::ElementsAre;
using ::testing::SizeIs;

auth::Principal Cadre() {
  auth::Principal caller;
  caller.subject = "cadre-1";
  caller.role = common::v1::ROLE_VILLAGE_CADRE;
  caller.region_prefix = "654201001001";
  return caller;
}

// Keeps every batch it is given; fails the first `failures` calls.
class RecordingWriter {
 public:
  explicit RecordingWriter(int failures = 0) : failures_(failures) {}

  AuditReadWriter AsWriter() {
    return [this](const std::vector<AuditRead>& batch) { return Write(batch); };
  }

  absl::Status Write(const std::vector<AuditRead>& batch) {
    absl::MutexLock lock(&mutex_);
    ++calls_;
    if (failures_ > 0) {
      --failures_;
      return absl::UnavailableError("database is locked");
    }
    batches_.push_back(batch);
    return absl::OkStatus();
  }

  std::vector<std::string> Resources() {
    absl::MutexLock lock(&mutex_);
    std::vector<std::string> resources;
    for (const auto& batch : batches_) {
      for (const AuditRead& read : batch) resources.push_back(read.resource);
    }
    return resources;
  }
  std::vector<std::vector<AuditRead>> Batches() {
    absl::MutexLock lock(&mutex_);
    return batches_;
  }
  int calls() {
    absl::MutexLock lock(&mutex_);
    return calls_;
  }

 private:
  absl::Mutex mutex_;
  int failures_ ABSL_GUARDED_BY(mutex_);
  int calls_ ABSL_GUARDED_BY(mutex_) = 0;
  std::vector<std::vector<AuditRead>> batches_ ABSL_GUARDED_BY(mutex_);
};

// Flushes come from Flush(), never from the timer: the interval is long enough that a
// test that passes did not rely on it.
ReadAuditOptions SlowTimer() {
  ReadAuditOptions options;
  options.flush_interval = absl::Hours(1);
  options.retry_delay = absl::Milliseconds(1);
  return options;
}

TEST(ReadAuditLogTest, WritesEachReadWithWhoWhenAndHow) {
  RecordingWriter writer;
  ReadAuditLog log(writer.AsWriter(), SlowTimer());
  const absl::Time when = absl::FromUnixSeconds(1781515800);
  log.Record(Cadre(), "GetHousehold", when, {"households/a"});
  ASSERT_TRUE(log.Flush(absl::Seconds(30)));

  std::vector<std::vector<AuditRead>> batches = writer.Batches();
  ASSERT_THAT(batches, SizeIs(1));
  ASSERT_THAT(batches[0], SizeIs(1));
  const AuditRead& read = batches[0][0];
  EXPECT_EQ(read.actor, "cadre-1");
  EXPECT_EQ(read.actor_role, common::v1::ROLE_VILLAGE_CADRE);
  EXPECT_EQ(read.action, "GetHousehold");
  EXPECT_EQ(read.resource, "households/a");
  EXPECT_EQ(read.time, when);
  EXPECT_EQ(log.written(), 1);
}

TEST(ReadAuditLogTest, BatchesReadsInTheOrderTheyHappened) {
  RecordingWriter writer;
  ReadAuditOptions options = SlowTimer();
  options.max_batch = 2;
  ReadAuditLog log(writer.AsWriter(), options);
  log.Record(Cadre(), "ListHouseholds", absl::Now(), {"households/a", "households/b"});
  log.Record(Cadre(), "GetHousehold", absl::Now(), {"households/c"});
  ASSERT_TRUE(log.Flush(absl::Seconds(30)));

  EXPECT_THAT(writer.Resources(), ElementsAre("households/a", "households/b", "households/c"));
  for (const auto& batch : writer.Batches()) EXPECT_LE(batch.size(), 2u);
}

TEST(ReadAuditLogTest, AFailedBatchIsRetriedNotLost) {
  RecordingWriter writer(/*failures=*/3);
  prometheus::Registry registry;
  ReadAuditOptions options = SlowTimer();
  options.counters = ReadAuditCounters::Register(registry);
  ReadAuditLog log(writer.AsWriter(), options);
  log.Record(Cadre(), "GetCase", absl::Now(), {"households/a/cases/1"});
  log.Record(Cadre(), "GetCase", absl::Now(), {"households/a/cases/2"});
  ASSERT_TRUE(log.Flush(absl::Seconds(30)));

  EXPECT_THAT(writer.Resources(), ElementsAre("households/a/cases/1", "households/a/cases/2"));
  EXPECT_EQ(writer.calls(), 4);
  EXPECT_EQ(log.dropped(), 0);
  EXPECT_EQ(options.counters.failed_batches->Value(), 3);
  EXPECT_EQ(options.counters.written->Value(), 2);
  EXPECT_EQ(options.counters.dropped->Value(), 0);
}

TEST(ReadAuditLogTest, RecordDoesNotWaitForStorage) {
  absl::Notification release;
  absl::Notification writing;
  ReadAuditLog log(
      [&](const std::vector<AuditRead>&) {
        if (!writing.HasBeenNotified()) writing.Notify();
        release.WaitForNotification();
        return absl::OkStatus();
      },
      SlowTimer());
  log.Record(Cadre(), "GetHousehold", absl::Now(), {"households/a"});
  // Flush wakes the writer thread, which then blocks in the writer; a bounded Flush
  // returns false meanwhile.
  EXPECT_FALSE(log.Flush(absl::Milliseconds(1)));
  writing.WaitForNotification();
  // The writer is stuck in storage: recording more still returns at once.
  for (int i = 0; i < 1000; ++i) log.Record(Cadre(), "GetHousehold", absl::Now(), {"households/b"});
  release.Notify();
  ASSERT_TRUE(log.Flush(absl::Seconds(30)));
  EXPECT_EQ(log.written(), 1001);
}

TEST(ReadAuditLogTest, BeyondTheBoundTheOldestAreDroppedAndCounted) {
  absl::Notification release;
  absl::Notification writing;
  prometheus::Registry registry;
  ReadAuditOptions options = SlowTimer();
  options.max_pending = 3;
  options.max_batch = 1;
  options.counters = ReadAuditCounters::Register(registry);
  std::vector<std::string> written;
  absl::Mutex mutex;
  ReadAuditLog log(
      [&](const std::vector<AuditRead>& batch) {
        if (!writing.HasBeenNotified()) writing.Notify();
        release.WaitForNotification();
        absl::MutexLock lock(&mutex);
        for (const AuditRead& read : batch) written.push_back(read.resource);
        return absl::OkStatus();
      },
      options);
  log.Record(Cadre(), "GetHousehold", absl::Now(), {"households/first"});
  EXPECT_FALSE(log.Flush(absl::Milliseconds(1)));
  writing.WaitForNotification();  // "first" is in the writer's hands
  log.Record(Cadre(), "ListHouseholds", absl::Now(),
             {"households/1", "households/2", "households/3", "households/4", "households/5"});
  release.Notify();
  ASSERT_TRUE(log.Flush(absl::Seconds(30)));

  EXPECT_EQ(log.dropped(), 2);
  EXPECT_EQ(options.counters.dropped->Value(), 2);
  absl::MutexLock lock(&mutex);
  EXPECT_THAT(written,
              ElementsAre("households/first", "households/3", "households/4", "households/5"));
}

TEST(ReadAuditLogTest, DestructionWritesWhatIsQueued) {
  RecordingWriter writer;
  {
    ReadAuditLog log(writer.AsWriter(), SlowTimer());
    log.Record(Cadre(), "GetGuarantees", absl::Now(), {"households/a/guarantees"});
  }
  EXPECT_THAT(writer.Resources(), ElementsAre("households/a/guarantees"));
}

TEST(ReadAuditLogTest, AnEmptyReadRecordsNothing) {
  RecordingWriter writer;
  ReadAuditLog log(writer.AsWriter(), SlowTimer());
  log.Record(Cadre(), "ListHouseholds", absl::Now(), {});
  ASSERT_TRUE(log.Flush(absl::Seconds(30)));
  EXPECT_EQ(writer.calls(), 0);
}

}  // namespace
}  // namespace rrmon

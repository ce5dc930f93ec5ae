// The write queue over a real SQLite file: concurrent writers all land, requests that
// queue while a commit is under way share the next one, a failing request in a batch is
// undone alone, and kill -9 under load loses no acknowledged write.

#include "common/storage/sqlite_write_queue.h"

#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "common/storage/sqlite_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/storage/item_table.h"
#include "tests/support/temp_dir.h"
#include "tests/support/wait_until.h"

namespace rrmon {
namespace {

using testing::InsertItem;

const std::vector<Migration>& Migrations() {
  static const auto* migrations = new std::vector<Migration>{
      {1, "create items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"},
  };
  return *migrations;
}

class SqliteWriteQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto db = SqliteDatabase::Open(options_, Migrations());
    ASSERT_TRUE(db.ok()) << db.status();
    db_ = *std::move(db);
  }

  std::set<std::string> Names() {
    SqliteDatabase::Lease lease = db_->Acquire();
    auto select = lease->Prepare("SELECT name FROM items");
    std::set<std::string> names;
    while (*(*select)->Step()) names.insert(std::string((*select)->ColumnText(0)));
    return names;
  }

  // Holds the writer inside a request until the returned notification is notified, so
  // that what is written meanwhile queues up for the next batch.
  std::thread HoldWriter(absl::Notification& release) {
    absl::Notification entered;
    std::thread holder([&] {
      EXPECT_TRUE(db_->Write([&](SqliteConnection& connection) {
                       entered.Notify();
                       release.WaitForNotification();
                       return InsertItem(connection, "holder");
                     })
                      .ok());
    });
    entered.WaitForNotification();
    return holder;
  }

  testing::TempDir dir_;
  SqliteOptions options_{.path = dir_.File("queue.db")};
  std::unique_ptr<SqliteDatabase> db_;
};

TEST_F(SqliteWriteQueueTest, ConcurrentWritersAllLand) {
  std::vector<std::thread> writers;
  for (int t = 0; t < 16; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        EXPECT_TRUE(db_->Write([&](SqliteConnection& connection) {
                         return InsertItem(connection, absl::StrCat(t, "-", i));
                       })
                        .ok());
      }
    });
  }
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(Names().size(), 800u);
  EXPECT_EQ(db_->write_counts().requests, 800);
}

TEST_F(SqliteWriteQueueTest, RequestsQueuedDuringACommitShareTheNext) {
  absl::Notification release;
  std::thread holder = HoldWriter(release);
  std::vector<std::thread> writers;
  for (int i = 0; i < 10; ++i) {
    writers.emplace_back([&, i] {
      EXPECT_TRUE(db_->Write([&](SqliteConnection& connection) {
                       return InsertItem(connection, absl::StrCat("queued-", i));
                     })
                      .ok());
    });
  }
  ASSERT_TRUE(testing::WaitUntil([&] { return db_->write_counts().queued == 10; }));
  const int64_t commits_before = db_->write_counts().commits;
  release.Notify();
  holder.join();
  for (auto& writer : writers) writer.join();
  EXPECT_EQ(Names().size(), 11u);
  // The holder's commit, then one for the ten.
  EXPECT_EQ(db_->write_counts().commits - commits_before, 2);
  EXPECT_EQ(db_->write_counts().largest_batch, 10);
}

TEST_F(SqliteWriteQueueTest, AFailingRequestInABatchIsUndoneAlone) {
  absl::Notification release;
  std::thread holder = HoldWriter(release);
  absl::Status first, failing, duplicate, last;
  std::vector<std::thread> writers;
  const auto write_in_order = [&](absl::Status* result, auto work) {
    const int64_t queued = db_->write_counts().queued;
    writers.emplace_back([this, result, work] { *result = db_->Write(work); });
    ASSERT_TRUE(testing::WaitUntil([&] { return db_->write_counts().queued == queued + 1; }));
  };
  write_in_order(&first, [](SqliteConnection& c) { return InsertItem(c, "first"); });
  // Writes, then fails: what it wrote must go, and only that.
  write_in_order(&failing, [](SqliteConnection& c) {
    absl::Status inserted = InsertItem(c, "failing");
    if (!inserted.ok()) return inserted;
    return absl::FailedPreconditionError("the household changed");
  });
  // A constraint violation from SQLite itself, on a name this very batch wrote.
  write_in_order(&duplicate, [](SqliteConnection& c) { return InsertItem(c, "first"); });
  write_in_order(&last, [](SqliteConnection& c) { return InsertItem(c, "last"); });
  const int64_t commits_before = db_->write_counts().commits;
  release.Notify();
  holder.join();
  for (auto& writer : writers) writer.join();

  EXPECT_TRUE(first.ok()) << first;
  EXPECT_EQ(failing.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kAlreadyExists) << duplicate;
  EXPECT_TRUE(last.ok()) << last;
  EXPECT_EQ(Names(), (std::set<std::string>{"holder", "first", "last"}));
  EXPECT_EQ(db_->write_counts().commits - commits_before, 2);
}

TEST_F(SqliteWriteQueueTest, AWriteInsideAWriteIsRefusedNotDeadlocked) {
  absl::Status inner;
  ASSERT_TRUE(db_->Write([&](SqliteConnection& connection) {
                   inner = db_->Write([](SqliteConnection& c) { return InsertItem(c, "inner"); });
                   return InsertItem(connection, "outer");
                 })
                  .ok());
  EXPECT_EQ(inner.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(Names(), (std::set<std::string>{"outer"}));
}

TEST_F(SqliteWriteQueueTest, ReadsSeeAWriteOnceItReturns) {
  ASSERT_TRUE(db_->Write([](SqliteConnection& c) { return InsertItem(c, "seen"); }).ok());
  EXPECT_EQ(Names(), (std::set<std::string>{"seen"}));
}

// 8 writers in a child process report each acknowledged name down a pipe; the parent
// kills the child with SIGKILL in the middle of the load and then finds every name it
// was told about.
TEST_F(SqliteWriteQueueTest, KillNineUnderLoadLosesNoAcknowledgedWrite) {
  db_.reset();
  int pipe_ends[2];
  ASSERT_EQ(pipe(pipe_ends), 0);
  const pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    close(pipe_ends[0]);
    auto db = SqliteDatabase::Open(options_, Migrations());
    if (!db.ok()) _exit(10);
    std::vector<std::thread> writers;
    for (int t = 0; t < 8; ++t) {
      writers.emplace_back([&, t] {
        for (int i = 0;; ++i) {
          const std::string name = absl::StrCat("w", t, "-", i);
          if (!(*db)->Write([&](SqliteConnection& c) { return InsertItem(c, name); }).ok()) {
            _exit(11);
          }
          const std::string line = name + "\n";
          if (write(pipe_ends[1], line.data(), line.size()) < 0) _exit(12);
        }
      });
    }
    for (auto& writer : writers) writer.join();
    _exit(13);
  }
  close(pipe_ends[1]);
  std::set<std::string> acknowledged;
  std::string pending;
  char buffer[4096];
  while (acknowledged.size() < 2000) {
    const ssize_t n = read(pipe_ends[0], buffer, sizeof(buffer));
    ASSERT_GT(n, 0) << "the writers stopped early";
    pending.append(buffer, static_cast<size_t>(n));
    for (size_t end; (end = pending.find('\n')) != std::string::npos;) {
      acknowledged.insert(pending.substr(0, end));
      pending.erase(0, end + 1);
    }
  }
  ASSERT_EQ(kill(child, SIGKILL), 0);
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(wait_status));
  // Names acknowledged just before the kill may still be in the pipe.
  for (ssize_t n; (n = read(pipe_ends[0], buffer, sizeof(buffer))) > 0;) {
    pending.append(buffer, static_cast<size_t>(n));
  }
  for (size_t end; (end = pending.find('\n')) != std::string::npos;) {
    acknowledged.insert(pending.substr(0, end));
    pending.erase(0, end + 1);
  }
  close(pipe_ends[0]);

  SetUp();
  const std::set<std::string> stored = Names();
  for (const std::string& name : acknowledged) {
    ASSERT_TRUE(stored.contains(name)) << name << " was acknowledged and is lost";
  }
  EXPECT_GE(stored.size(), acknowledged.size());
}

}  // namespace
}  // namespace rrmon

#include "common/storage/sqlite_database.h"

#include <signal.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/storage/item_table.h"
#include "tests/support/temp_dir.h"

namespace rrmon {
namespace {

using ::testing::HasSubstr;
using testing::InsertItem;

const std::vector<Migration>& Migrations() {
  static const auto* migrations = new std::vector<Migration>{
      {1, "create items", "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)"},
      {2, "add payload",
       "ALTER TABLE items ADD COLUMN payload BLOB;"
       "CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, note TEXT)"},
  };
  return *migrations;
}

class SqliteDatabaseTest : public ::testing::Test {
 protected:
  std::unique_ptr<SqliteDatabase> OpenOrDie(const std::vector<Migration>& migrations) {
    absl::StatusOr<std::unique_ptr<SqliteDatabase>> db = SqliteDatabase::Open(options_, migrations);
    EXPECT_TRUE(db.ok()) << db.status();
    return db.ok() ? *std::move(db) : nullptr;
  }

  // Counts rows through a fresh lease, so it sees what other connections committed.
  int64_t Count(SqliteDatabase& db, const std::string& table) {
    SqliteDatabase::Lease lease = db.Acquire();
    absl::StatusOr<SqliteStatement*> select = lease->Prepare("SELECT COUNT(*) FROM " + table);
    EXPECT_TRUE(select.ok()) << select.status();
    absl::StatusOr<bool> row = (*select)->Step();
    EXPECT_TRUE(row.ok() && *row);
    return (*select)->ColumnInt64(0);
  }

  testing::TempDir dir_;
  // A folder that does not exist yet: Open must create it.
  SqliteOptions options_{.path = dir_.File("nested/folder/test.db")};
};

TEST_F(SqliteDatabaseTest, AppliesMigrationsOnceAndRecordsThem) {
  {
    auto db = OpenOrDie(Migrations());
    ASSERT_NE(db, nullptr);
    EXPECT_EQ(db->schema_version(), 2);
    EXPECT_EQ(db->path(), options_.path);
    EXPECT_EQ(Count(*db, "schema_migrations"), 2);
    SqliteDatabase::Lease lease = db->Acquire();
    ASSERT_TRUE(InsertItem(*lease, "kept").ok());
  }
  // A rerun of migration 1 would fail (table exists); a rerun of 2 would too (column exists).
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->schema_version(), 2);
  EXPECT_EQ(Count(*db, "schema_migrations"), 2);
  EXPECT_EQ(Count(*db, "items"), 1);

  SqliteDatabase::Lease lease = db->Acquire();
  auto select = lease->Prepare(
      "SELECT version, description, applied_at FROM schema_migrations ORDER BY version");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*(*select)->Step());
  EXPECT_EQ((*select)->ColumnInt64(0), 1);
  EXPECT_EQ((*select)->ColumnText(1), "create items");
  EXPECT_THAT((*select)->ColumnText(2),
              ::testing::MatchesRegex("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z"));
}

// The file holds ID numbers, health and income: owner-only whatever the umask, and so are
// the -wal and -shm files SQLite makes beside it.
TEST_F(SqliteDatabaseTest, FilesAreReadableByTheOwnerOnly) {
  const mode_t previous = umask(022);
  {
    auto db = OpenOrDie(Migrations());
    ASSERT_NE(db, nullptr);
    SqliteDatabase::Lease lease = db->Acquire();
    ASSERT_TRUE(InsertItem(*lease, "written").ok());  // WAL mode: -wal and -shm exist now
    for (const char* suffix : {"", "-wal", "-shm"}) {
      struct stat info;
      const std::string path = options_.path + suffix;
      ASSERT_EQ(stat(path.c_str(), &info), 0) << path;
      EXPECT_EQ(info.st_mode & 0777, 0600) << path;
    }
  }
  // A database an older binary created open to others is closed when opened again.
  ASSERT_EQ(chmod(options_.path.c_str(), 0644), 0);
  auto again = OpenOrDie(Migrations());
  struct stat info;
  ASSERT_EQ(stat(options_.path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  umask(previous);
}

TEST_F(SqliteDatabaseTest, AppliesOnlyNewMigrationsOnUpgrade) {
  const std::vector<Migration> first(Migrations().begin(), Migrations().begin() + 1);
  ASSERT_EQ(OpenOrDie(first)->schema_version(), 1);
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(db->schema_version(), 2);
  EXPECT_EQ(Count(*db, "runs"), 0);
}

TEST_F(SqliteDatabaseTest, RefusesNewerSchema) {
  std::vector<Migration> newer = Migrations();
  newer.push_back({3, "three", "CREATE TABLE t3 (x)"});
  newer.push_back({5, "five", "CREATE TABLE t5 (x)"});
  ASSERT_EQ(OpenOrDie(newer)->schema_version(), 5);

  newer.resize(3);
  auto db = SqliteDatabase::Open(options_, newer);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(db.status().message(),
              HasSubstr("database schema version 5 is newer than this binary supports (3); "
                        "upgrade the binary"));
}

TEST_F(SqliteDatabaseTest, RefusesChangedDescription) {
  ASSERT_NE(OpenOrDie(Migrations()), nullptr);
  std::vector<Migration> edited = Migrations();
  edited[1].description = "add payload column";
  auto db = SqliteDatabase::Open(options_, edited);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(db.status().message(), HasSubstr("migration 2"));
}

// The two "missing migration" refusals: a recorded step the binary lacks (a database
// from a diverged branch), and a step the binary has that the database never had below
// its current version (it skipped one). Either way nothing is written.
TEST_F(SqliteDatabaseTest, RefusesARecordedMigrationTheBinaryLacks) {
  std::vector<Migration> branch = Migrations();
  branch.push_back({3, "three", "CREATE TABLE t3 (x)"});
  ASSERT_EQ(OpenOrDie(branch)->schema_version(), 3);

  // A binary whose history is 1, 2, 4: it knows a newer version but never had 3.
  std::vector<Migration> other = Migrations();
  other.push_back({4, "four", "CREATE TABLE t4 (x)"});
  auto db = SqliteDatabase::Open(options_, other);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(db.status().message(),
              HasSubstr("database records schema migration 3, which this binary does not have"));
  auto reopened = OpenOrDie(branch);
  ASSERT_NE(reopened, nullptr);
  SqliteDatabase::Lease lease = reopened->Acquire();
  EXPECT_FALSE(lease->Execute("SELECT * FROM t4").ok()) << "4 must not have been applied";
}

TEST_F(SqliteDatabaseTest, RefusesADatabaseThatSkippedAMigration) {
  // Versions 1 and 3 recorded, 2 never applied (written by a binary that lacked it).
  std::vector<Migration> skipping = {Migrations()[0], {3, "three", "CREATE TABLE t3 (x)"}};
  ASSERT_EQ(OpenOrDie(skipping)->schema_version(), 3);

  std::vector<Migration> full = Migrations();
  full.push_back({3, "three", "CREATE TABLE t3 (x)"});
  auto db = SqliteDatabase::Open(options_, full);
  ASSERT_FALSE(db.ok());
  EXPECT_EQ(db.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(db.status().message(),
              HasSubstr("schema migration 2 was never applied to a database at version 3"));
  auto reopened = OpenOrDie(skipping);
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(Count(*reopened, "schema_migrations"), 2);
}

TEST_F(SqliteDatabaseTest, RejectsBadMigrationLists) {
  for (const std::vector<Migration>& bad : std::vector<std::vector<Migration>>{
           {{2, "starts at two", "SELECT 1"}},
           {{1, "one", "SELECT 1"}, {1, "one again", "SELECT 1"}},
           {{1, "", "SELECT 1"}},
       }) {
    EXPECT_EQ(SqliteDatabase::Open(options_, bad).status().code(),
              absl::StatusCode::kInvalidArgument);
  }
}

TEST_F(SqliteDatabaseTest, FailedMigrationLeavesNoTrace) {
  std::vector<Migration> migrations = Migrations();
  migrations.push_back({3, "broken", "CREATE TABLE t3 (x); INSERT INTO no_such_table VALUES (1)"});
  auto db = SqliteDatabase::Open(options_, migrations);
  ASSERT_FALSE(db.ok());
  EXPECT_THAT(db.status().message(), HasSubstr("schema migration 3 (broken)"));
  // Versions 1 and 2 were committed; 3 rolled back entirely, table included.
  auto reopened = OpenOrDie(Migrations());
  ASSERT_NE(reopened, nullptr);
  EXPECT_EQ(Count(*reopened, "schema_migrations"), 2);
  SqliteDatabase::Lease lease = reopened->Acquire();
  EXPECT_FALSE(lease->Execute("SELECT * FROM t3").ok());
}

TEST_F(SqliteDatabaseTest, UniqueViolationIsAlreadyExists) {
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  SqliteDatabase::Lease lease = db->Acquire();
  ASSERT_TRUE(InsertItem(*lease, "secret-name").ok());
  absl::Status status = InsertItem(*lease, "secret-name");
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_THAT(status.message(), HasSubstr("UNIQUE constraint failed: items.name"));
  // Bound values may be personal data: never in the message.
  EXPECT_THAT(status.message(), ::testing::Not(HasSubstr("secret-name")));

  auto insert = lease->Prepare("INSERT INTO items (id, name) VALUES (?1, ?2)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE((*insert)->BindInt64(1, 1).ok());
  ASSERT_TRUE((*insert)->BindText(2, "other").ok());
  EXPECT_EQ((*insert)->Run().code(), absl::StatusCode::kAlreadyExists);  // PRIMARY KEY

  // NOT NULL is a constraint too, but not a duplicate.
  insert = lease->Prepare("INSERT INTO items (id, name) VALUES (?1, ?2)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE((*insert)->BindInt64(1, 7).ok());
  EXPECT_EQ((*insert)->Run().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(SqliteDatabaseTest, ErrorMapping) {
  EXPECT_EQ(SqliteError(2067 /*SQLITE_CONSTRAINT_UNIQUE*/, nullptr, "x").code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(SqliteError(1555 /*SQLITE_CONSTRAINT_PRIMARYKEY*/, nullptr, "x").code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(SqliteError(787 /*SQLITE_CONSTRAINT_FOREIGNKEY*/, nullptr, "x").code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(SqliteError(5 /*SQLITE_BUSY*/, nullptr, "x").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(SqliteError(517 /*SQLITE_BUSY_SNAPSHOT*/, nullptr, "x").code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(SqliteError(6 /*SQLITE_LOCKED*/, nullptr, "x").code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(SqliteError(11 /*SQLITE_CORRUPT*/, nullptr, "x").code(), absl::StatusCode::kInternal);
  absl::Status status = SqliteError(5, nullptr, "inserting item");
  EXPECT_THAT(status.message(), HasSubstr("inserting item: database is locked"));
}

TEST_F(SqliteDatabaseTest, ForeignKeysAreEnforced) {
  std::vector<Migration> migrations = Migrations();
  migrations.push_back(
      {3, "tags", "CREATE TABLE tags (item_id INTEGER NOT NULL REFERENCES items(id))"});
  auto db = OpenOrDie(migrations);
  ASSERT_NE(db, nullptr);
  SqliteDatabase::Lease lease = db->Acquire();
  EXPECT_EQ(lease->Execute("INSERT INTO tags VALUES (42)").code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST_F(SqliteDatabaseTest, TransactionRollsBackOnDestruction) {
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  {
    SqliteDatabase::Lease lease = db->Acquire();
    absl::StatusOr<SqliteTransaction> transaction = SqliteTransaction::Begin(*lease);
    ASSERT_TRUE(transaction.ok()) << transaction.status();
    ASSERT_TRUE(InsertItem(*lease, "a").ok());
    ASSERT_TRUE(InsertItem(*lease, "b").ok());
    EXPECT_TRUE(lease->InTransaction());
  }
  EXPECT_EQ(Count(*db, "items"), 0);
  SqliteDatabase::Lease lease = db->Acquire();
  EXPECT_FALSE(lease->InTransaction());
}

TEST_F(SqliteDatabaseTest, MovedTransactionRollsBackOnce) {
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  SqliteDatabase::Lease lease = db->Acquire();
  absl::StatusOr<SqliteTransaction> begun = SqliteTransaction::Begin(*lease);
  ASSERT_TRUE(begun.ok());
  SqliteTransaction transaction = *std::move(begun);
  ASSERT_TRUE(InsertItem(*lease, "a").ok());
  SqliteTransaction moved = std::move(transaction);
  EXPECT_FALSE(transaction.active());  // NOLINT(bugprone-use-after-move): checking the state.
  EXPECT_TRUE(moved.active());
  EXPECT_TRUE(moved.Commit().ok());
  EXPECT_FALSE(moved.active());
  EXPECT_EQ(moved.Commit().code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(SqliteDatabaseTest, CommitPersistsAcrossReopen) {
  {
    auto db = OpenOrDie(Migrations());
    ASSERT_NE(db, nullptr);
    SqliteDatabase::Lease lease = db->Acquire();
    absl::StatusOr<SqliteTransaction> transaction = SqliteTransaction::Begin(*lease);
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(InsertItem(*lease, "persisted").ok());
    EXPECT_EQ(lease->ChangedRows(), 1);
    EXPECT_GT(lease->LastInsertRowId(), 0);
    ASSERT_TRUE(transaction->Commit().ok());
  }
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  EXPECT_EQ(Count(*db, "items"), 1);
}

TEST_F(SqliteDatabaseTest, LeaseReturnRollsBackForgottenTransaction) {
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  {
    SqliteDatabase::Lease lease = db->Acquire();
    ASSERT_TRUE(lease->Execute("BEGIN IMMEDIATE").ok());
    ASSERT_TRUE(InsertItem(*lease, "forgotten").ok());
  }
  EXPECT_EQ(Count(*db, "items"), 0);
  // Had the write lock survived, this writer would have timed out.
  SqliteDatabase::Lease lease = db->Acquire();
  EXPECT_TRUE(InsertItem(*lease, "next").ok());
}

TEST_F(SqliteDatabaseTest, PreparedStatementsAreReusedWithFreshBindings) {
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  SqliteDatabase::Lease lease = db->Acquire();
  absl::StatusOr<SqliteStatement*> first = lease->Prepare("SELECT ?1, ?2");
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE((*first)->BindInt64(1, 10).ok());
  ASSERT_TRUE((*first)->BindText(2, "ten").ok());
  ASSERT_TRUE(*(*first)->Step());
  EXPECT_EQ((*first)->ColumnInt64(0), 10);
  EXPECT_EQ((*first)->ColumnText(1), "ten");
  // Deliberately left mid-result: handing it out again must reset it.

  absl::StatusOr<SqliteStatement*> second = lease->Prepare("SELECT ?1, ?2");
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, *first);
  ASSERT_TRUE((*second)->BindInt64(1, 20).ok());
  ASSERT_TRUE(*(*second)->Step());
  EXPECT_EQ((*second)->ColumnInt64(0), 20);
  EXPECT_TRUE((*second)->ColumnIsNull(1));  // The old "ten" binding was cleared.
  EXPECT_FALSE(*(*second)->Step());

  EXPECT_NE(*lease->Prepare("SELECT ?1"), *first);
  EXPECT_EQ(lease->Prepare("SELECT 1; SELECT 2").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(lease->Prepare("SELEC 1").status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(lease->Prepare("SELECT 1").value()->Run().code(), absl::StatusCode::kInternal);
}

TEST_F(SqliteDatabaseTest, TypesRoundTrip) {
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  SqliteDatabase::Lease lease = db->Acquire();
  const std::string blob("a\0b\0\0c\xff", 7);
  auto insert = lease->Prepare("INSERT INTO items (name, payload) VALUES (?1, ?2)");
  ASSERT_TRUE(insert.ok());
  ASSERT_TRUE((*insert)->BindText(1, "名字").ok());
  ASSERT_TRUE((*insert)->BindBlob(2, blob).ok());
  ASSERT_TRUE((*insert)->Run().ok());
  const int64_t id = lease->LastInsertRowId();

  auto select = lease->Prepare("SELECT name, payload, length(payload) FROM items WHERE id = ?1");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE((*select)->BindInt64(1, id).ok());
  ASSERT_TRUE(*(*select)->Step());
  EXPECT_EQ((*select)->ColumnText(0), "名字");
  EXPECT_EQ((*select)->ColumnBlob(1), blob);
  EXPECT_EQ((*select)->ColumnInt64(2), 7);

  auto values = lease->Prepare("SELECT ?1, ?2, ?3, ?4, ?5, ?6");
  ASSERT_TRUE(values.ok());
  SqliteStatement& statement = **values;
  ASSERT_TRUE(statement.BindBool(1, true).ok());
  ASSERT_TRUE(statement.BindBool(2, false).ok());
  ASSERT_TRUE(statement.BindNull(3).ok());
  ASSERT_TRUE(statement.BindText(4, std::string_view()).ok());
  ASSERT_TRUE(statement.BindBlob(5, std::string_view()).ok());
  ASSERT_TRUE(statement.BindInt64(6, INT64_MIN).ok());
  EXPECT_EQ(statement.BindInt64(7, 1).code(), absl::StatusCode::kInternal);  // No ?7.
  ASSERT_TRUE(*statement.Step());
  EXPECT_EQ(statement.ColumnCount(), 6);
  EXPECT_TRUE(statement.ColumnBool(0));
  EXPECT_FALSE(statement.ColumnBool(1));
  EXPECT_TRUE(statement.ColumnIsNull(2));
  EXPECT_FALSE(statement.ColumnIsNull(3));  // Empty text is not NULL.
  EXPECT_EQ(statement.ColumnText(3), "");
  EXPECT_FALSE(statement.ColumnIsNull(4));
  EXPECT_EQ(statement.ColumnBlob(4), "");
  EXPECT_EQ(statement.ColumnInt64(5), INT64_MIN);
}

TEST_F(SqliteDatabaseTest, EveryConnectionUsesWal) {
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  std::vector<SqliteDatabase::Lease> leases;
  for (int i = 0; i < db->pool_size(); ++i) leases.push_back(db->Acquire());
  for (SqliteDatabase::Lease& lease : leases) {
    for (const auto& [pragma, expected] : std::vector<std::pair<std::string, int64_t>>{
             {"PRAGMA synchronous", 2 /*FULL*/}, {"PRAGMA foreign_keys", 1}}) {
      auto statement = lease->Prepare(pragma);
      ASSERT_TRUE(statement.ok());
      ASSERT_TRUE(*(*statement)->Step());
      EXPECT_EQ((*statement)->ColumnInt64(0), expected) << pragma;
    }
    auto mode = lease->Prepare("PRAGMA journal_mode");
    ASSERT_TRUE(mode.ok());
    ASSERT_TRUE(*(*mode)->Step());
    EXPECT_EQ((*mode)->ColumnText(0), "wal");
  }
  EXPECT_EQ(db->AcquireFor(absl::Milliseconds(20)).status().code(), absl::StatusCode::kUnavailable);
  leases.pop_back();
  EXPECT_TRUE(db->AcquireFor(absl::Milliseconds(20)).ok());
}

TEST_F(SqliteDatabaseTest, SynchronousNormalIsApplied) {
  options_.synchronous = SqliteOptions::Sync::kNormal;
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  SqliteDatabase::Lease lease = db->Acquire();
  auto statement = lease->Prepare("PRAGMA synchronous");
  ASSERT_TRUE(statement.ok());
  ASSERT_TRUE(*(*statement)->Step());
  EXPECT_EQ((*statement)->ColumnInt64(0), 1);
}

TEST_F(SqliteDatabaseTest, CacheSizeIsAppliedToEveryConnection) {
  const auto cache_size_of = [](SqliteDatabase::Lease& lease) -> int64_t {
    auto statement = lease->Prepare("PRAGMA cache_size");
    if (!statement.ok() || !*(*statement)->Step()) return 0;
    return (*statement)->ColumnInt64(0);
  };
  {
    auto db = OpenOrDie(Migrations());
    ASSERT_NE(db, nullptr);
    SqliteDatabase::Lease lease = db->Acquire();
    EXPECT_EQ(cache_size_of(lease), -2000);  // SQLite's default: 2,000 KiB
  }
  options_.cache_mib = 64;
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  std::vector<SqliteDatabase::Lease> leases;
  for (int i = 0; i < db->pool_size(); ++i) leases.push_back(db->Acquire());
  for (SqliteDatabase::Lease& lease : leases) EXPECT_EQ(cache_size_of(lease), -64 * 1024);
}

TEST_F(SqliteDatabaseTest, RejectsBadOptions) {
  EXPECT_EQ(SqliteDatabase::Open({.path = ""}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SqliteDatabase::Open({.path = ":memory:"}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(SqliteDatabase::Open({.path = options_.path, .pool_size = 0}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(SqliteDatabaseTest, ReleasedLeaseDoesNotKeepAStaleSnapshot) {
  options_.pool_size = 2;
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  SqliteDatabase::Lease writer = db->Acquire();
  ASSERT_TRUE(InsertItem(*writer, "one").ok());
  {
    SqliteDatabase::Lease reader = db->Acquire();
    auto select = reader->Prepare("SELECT name FROM items");
    ASSERT_TRUE(select.ok());
    ASSERT_TRUE(*(*select)->Step());  // Read snapshot open, result abandoned.
  }
  ASSERT_TRUE(InsertItem(*writer, "two").ok());
  SqliteDatabase::Lease reader = db->Acquire();
  auto count = reader->Prepare("SELECT COUNT(*) FROM items");
  ASSERT_TRUE(count.ok());
  ASSERT_TRUE(*(*count)->Step());
  EXPECT_EQ((*count)->ColumnInt64(0), 2);
}

TEST_F(SqliteDatabaseTest, PoolServesMoreThreadsThanConnections) {
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  ASSERT_EQ(db->pool_size(), 4);
  constexpr int kThreads = 8;
  constexpr int kTransactionsPerThread = 40;
  absl::Mutex mutex;
  std::vector<absl::Status> errors;
  std::atomic<int> in_use{0};
  std::atomic<int> max_in_use{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kTransactionsPerThread; ++i) {
        SqliteDatabase::Lease lease = db->Acquire();
        const int now = ++in_use;
        int seen = max_in_use.load();
        while (now > seen && !max_in_use.compare_exchange_weak(seen, now)) {
        }
        absl::Status status = [&]() -> absl::Status {
          absl::StatusOr<SqliteTransaction> transaction = SqliteTransaction::Begin(*lease);
          if (!transaction.ok()) return transaction.status();
          // Two writes per transaction, and a read in between, so the lock is held a while.
          if (absl::Status s = InsertItem(*lease, absl::StrCat("t", t, "-", i)); !s.ok()) return s;
          absl::StatusOr<SqliteStatement*> select = lease->Prepare("SELECT COUNT(*) FROM items");
          if (!select.ok()) return select.status();
          if (absl::StatusOr<bool> row = (*select)->Step(); !row.ok()) return row.status();
          absl::StatusOr<SqliteStatement*> run =
              lease->Prepare("INSERT INTO runs (note) VALUES (?1)");
          if (!run.ok()) return run.status();
          if (absl::Status s = (*run)->BindText(1, "x"); !s.ok()) return s;
          if (absl::Status s = (*run)->Run(); !s.ok()) return s;
          return transaction->Commit();
        }();
        --in_use;
        if (!status.ok()) {
          absl::MutexLock lock(&mutex);
          errors.push_back(status);
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (const absl::Status& error : errors) ADD_FAILURE() << error;
  EXPECT_LE(max_in_use.load(), 4);
  EXPECT_EQ(Count(*db, "items"), kThreads * kTransactionsPerThread);
  EXPECT_EQ(Count(*db, "runs"), kThreads * kTransactionsPerThread);

  SqliteDatabase::Lease lease = db->Acquire();
  auto select = lease->Prepare("SELECT name FROM items");
  ASSERT_TRUE(select.ok());
  std::set<std::string> names;
  while (*(*select)->Step()) names.insert((*select)->ColumnText(0));
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kTransactionsPerThread; ++i) {
      EXPECT_TRUE(names.contains(absl::StrCat("t", t, "-", i)));
    }
  }
}

class RecordingObserver : public StorageObserver {
 public:
  void OnStatement(std::string_view operation, absl::Duration elapsed, bool ok) override {
    absl::MutexLock lock(&mutex_);
    calls_.push_back(std::string(operation) + (ok ? ":ok" : ":error"));
    EXPECT_GE(elapsed, absl::ZeroDuration());
  }
  std::vector<std::string> calls() {
    absl::MutexLock lock(&mutex_);
    return calls_;
  }

 private:
  absl::Mutex mutex_;
  std::vector<std::string> calls_ ABSL_GUARDED_BY(mutex_);
};

TEST_F(SqliteDatabaseTest, ObserverSeesEachExecutionOnce) {
  options_.pool_size = 1;
  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  RecordingObserver observer;
  db->set_observer(&observer);
  {
    SqliteDatabase::Lease lease = db->Acquire();
    auto transaction = SqliteTransaction::Begin(*lease);
    ASSERT_TRUE(transaction.ok());
    ASSERT_TRUE(InsertItem(*lease, "a").ok());
    ASSERT_TRUE(InsertItem(*lease, "b").ok());
    EXPECT_FALSE(InsertItem(*lease, "a").ok());
    ASSERT_TRUE(transaction->Commit().ok());
    auto select = lease->Prepare("  select name from items");
    ASSERT_TRUE(select.ok());
    while (*(*select)->Step()) {
    }
    // Read one row of two, then abandon: reported when the lease goes back.
    select = lease->Prepare("DELETE FROM items WHERE name = ?1 RETURNING id");
    ASSERT_TRUE(select.ok());
    ASSERT_TRUE((*select)->BindText(1, "a").ok());
    ASSERT_TRUE(*(*select)->Step());
  }
  EXPECT_THAT(observer.calls(),
              ::testing::ElementsAre("BEGIN:ok", "INSERT:ok", "INSERT:ok", "INSERT:error",
                                     "COMMIT:ok", "SELECT:ok", "DELETE:ok"));
  db->set_observer(nullptr);
  SqliteDatabase::Lease lease = db->Acquire();
  ASSERT_TRUE(InsertItem(*lease, "c").ok());
  EXPECT_EQ(observer.calls().size(), 7u);
}

// Acknowledged data survives kill -9: the child commits and dies without closing anything,
// and the parent must find the row (recovered from the WAL, which was never checkpointed).
TEST_F(SqliteDatabaseTest, CommittedDataSurvivesSigkill) {
  // The child opens the database itself: SQLite connections must not cross fork().
  const pid_t child = fork();
  ASSERT_NE(child, -1);
  if (child == 0) {
    absl::StatusOr<std::unique_ptr<SqliteDatabase>> db =
        SqliteDatabase::Open(options_, Migrations());
    if (!db.ok()) _exit(10);
    SqliteDatabase::Lease lease = (*db)->Acquire();
    absl::StatusOr<SqliteTransaction> transaction = SqliteTransaction::Begin(*lease);
    if (!transaction.ok()) _exit(11);
    if (!InsertItem(*lease, "acknowledged").ok()) _exit(12);
    if (!transaction->Commit().ok()) _exit(13);
    kill(getpid(), SIGKILL);
    _exit(14);  // Not reached.
  }
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(wait_status)) << "child exited with " << WEXITSTATUS(wait_status);
  EXPECT_EQ(WTERMSIG(wait_status), SIGKILL);
  ASSERT_TRUE(std::filesystem::exists(options_.path + "-wal"));
  EXPECT_GT(std::filesystem::file_size(options_.path + "-wal"), 0u);

  auto db = OpenOrDie(Migrations());
  ASSERT_NE(db, nullptr);
  SqliteDatabase::Lease lease = db->Acquire();
  auto select = lease->Prepare("SELECT COUNT(*) FROM items WHERE name = 'acknowledged'");
  ASSERT_TRUE(select.ok());
  ASSERT_TRUE(*(*select)->Step());
  EXPECT_EQ((*select)->ColumnInt64(0), 1);
}

}  // namespace
}  // namespace rrmon

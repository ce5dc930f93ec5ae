#include "common/storage/sqlite_connection.h"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/storage/sqlite_error.h"

namespace rrmon {
namespace {

// Debian's abseil has its own absl::string_view, not an alias of std::string_view, and
// converts neither way implicitly.
absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// Runs a statement that returns a single text value (a PRAGMA), without caching it.
absl::StatusOr<std::string> QueryText(sqlite3* db, const char* sql) {
  sqlite3_stmt* statement = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &statement, nullptr);
  if (rc != SQLITE_OK) return SqliteError(rc, db, sql);
  std::string value;
  rc = sqlite3_step(statement);
  if (rc == SQLITE_ROW) {
    const unsigned char* text = sqlite3_column_text(statement, 0);
    if (text != nullptr) value = reinterpret_cast<const char*>(text);
    rc = sqlite3_step(statement);
  }
  absl::Status status = rc == SQLITE_DONE ? absl::OkStatus() : SqliteError(rc, db, sql);
  sqlite3_finalize(statement);
  if (!status.ok()) return status;
  return value;
}

absl::Status Configure(sqlite3* db, const SqliteOptions& options) {
  sqlite3_extended_result_codes(db, 1);
  // Set before anything that takes a lock, so even the journal-mode switch waits for other
  // processes instead of failing.
  int rc =
      sqlite3_busy_timeout(db, static_cast<int>(absl::ToInt64Milliseconds(options.busy_timeout)));
  if (rc != SQLITE_OK) return SqliteError(rc, db, "setting busy timeout");

  absl::StatusOr<std::string> mode = QueryText(db, "PRAGMA journal_mode=WAL");
  if (!mode.ok()) return mode.status();
  // SQLite answers with the mode it actually uses; anything but WAL (e.g. a file system
  // without shared memory) would silently lose concurrent readers, so refuse it.
  if (absl::AsciiStrToLower(*mode) != "wal") {
    return absl::FailedPreconditionError(
        absl::StrCat(options.path, ": could not enable WAL journaling (got \"", *mode, "\")"));
  }
  const char* synchronous = options.synchronous == SqliteOptions::Sync::kFull
                                ? "PRAGMA synchronous=FULL"
                                : "PRAGMA synchronous=NORMAL";
  for (const char* pragma : {synchronous, "PRAGMA foreign_keys=ON"}) {
    rc = sqlite3_exec(db, pragma, nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return SqliteError(rc, db, pragma);
  }
  if (options.cache_mib > 0) {
    // A negative size is in KiB rather than pages.
    const std::string cache_size =
        absl::StrCat("PRAGMA cache_size=-", int64_t{options.cache_mib} * 1024);
    rc = sqlite3_exec(db, cache_size.c_str(), nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return SqliteError(rc, db, cache_size);
  }
  return absl::OkStatus();
}

absl::Status RestrictToOwner(const std::string& path) {
  // The database holds ID numbers, health and income: whatever the umask, only the
  // service's user reads it. SQLite creates the -wal and -shm files with the database
  // file's mode, so they follow; ones an older binary left are tightened too.
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return absl::UnavailableError(absl::StrCat("cannot open ", path, ": ", std::strerror(errno)));
  }
  const int rc = fchmod(fd, 0600);
  const int saved = errno;
  close(fd);
  if (rc != 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot restrict ", path, " to its owner: ", std::strerror(saved)));
  }
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    const std::string companion = path + suffix;
    if (chmod(companion.c_str(), 0600) != 0 && errno != ENOENT) {
      return absl::UnavailableError(
          absl::StrCat("cannot restrict ", companion, " to its owner: ", std::strerror(errno)));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(
    const SqliteOptions& options) {
  if (options.path.empty() || options.path == ":memory:" || options.path.starts_with("file:")) {
    return absl::InvalidArgumentError(
        "SqliteOptions.path must be a file path (in-memory and URI databases are not supported)");
  }
  if (options.busy_timeout < absl::ZeroDuration()) {
    return absl::InvalidArgumentError("SqliteOptions.busy_timeout must not be negative");
  }
  const std::filesystem::path parent = std::filesystem::path(options.path).parent_path();
  if (!parent.empty()) {
    std::error_code error;
    std::filesystem::create_directories(parent, error);
    if (error) {
      return absl::InternalError(
          absl::StrCat("creating folder ", parent.string(), ": ", error.message()));
    }
  }

  if (absl::Status status = RestrictToOwner(options.path); !status.ok()) return status;

  sqlite3* db = nullptr;
  const int flags =
      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  const int rc = sqlite3_open_v2(options.path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    absl::Status status = SqliteError(rc, db, absl::StrCat("opening ", options.path));
    sqlite3_close_v2(db);  // SQLite may allocate a handle even when opening fails.
    return status;
  }
  // From here the connection owns the handle and closes it on every error path.
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  if (absl::Status status = Configure(db, options); !status.ok()) return status;
  return connection;
}

SqliteConnection::~SqliteConnection() {
  // Statements must be finalized before the handle is closed.
  handed_out_.clear();
  statements_.clear();
  sqlite3_close_v2(db_);
}

absl::StatusOr<SqliteStatement*> SqliteConnection::Prepare(std::string_view sql) {
  SqliteStatement* statement;
  if (auto it = statements_.find(Absl(sql)); it != statements_.end()) {
    statement = it->second.get();
    statement->Reset();
  } else {
    std::string text(sql);
    sqlite3_stmt* raw = nullptr;
    const char* tail = nullptr;
    // PERSISTENT: these statements live as long as the connection.
    const int rc = sqlite3_prepare_v3(db_, text.c_str(), static_cast<int>(text.size() + 1),
                                      SQLITE_PREPARE_PERSISTENT, &raw, &tail);
    if (rc != SQLITE_OK) {
      return SqliteError(rc, db_, absl::StrCat("preparing `", text, "`"));
    }
    if (raw == nullptr) return absl::InvalidArgumentError("Prepare: the SQL holds no statement");
    for (const char* p = tail; p != nullptr && *p != '\0'; ++p) {
      if (!absl::ascii_isspace(static_cast<unsigned char>(*p)) && *p != ';') {
        sqlite3_finalize(raw);
        return absl::InvalidArgumentError(
            absl::StrCat("Prepare takes one statement; use Execute() for several: `", text, "`"));
      }
    }
    auto owned = std::unique_ptr<SqliteStatement>(new SqliteStatement(db_, raw, text, &observer_));
    statement = owned.get();
    statements_.emplace(std::move(text), std::move(owned));
  }
  if (!statement->handed_out_) {
    statement->handed_out_ = true;
    handed_out_.push_back(statement);
  }
  return statement;
}

absl::Status SqliteConnection::RunCached(std::string_view sql) {
  absl::StatusOr<SqliteStatement*> statement = Prepare(sql);
  if (!statement.ok()) return statement.status();
  return (*statement)->Run();
}

absl::Status SqliteConnection::Execute(std::string_view sql) {
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    constexpr size_t kMaxSql = 96;
    return SqliteError(rc, db_,
                       absl::StrCat("executing `", Absl(sql.substr(0, kMaxSql)),
                                    sql.size() > kMaxSql ? "...`" : "`"));
  }
  return absl::OkStatus();
}

int64_t SqliteConnection::LastInsertRowId() const { return sqlite3_last_insert_rowid(db_); }

int SqliteConnection::ChangedRows() const { return sqlite3_changes(db_); }

bool SqliteConnection::InTransaction() const { return sqlite3_get_autocommit(db_) == 0; }

void SqliteConnection::ResetStatements() {
  for (SqliteStatement* statement : handed_out_) {
    statement->EndExecution();
    statement->handed_out_ = false;
  }
  handed_out_.clear();
}

void SqliteConnection::set_observer(StorageObserver* observer) {
  observer_.store(observer, std::memory_order_release);
}

}  // namespace rrmon

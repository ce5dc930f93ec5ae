#include "common/storage/sqlite_statement.h"

#include <sqlite3.h>

#include <chrono>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/storage/sqlite_error.h"

namespace rrmon {
namespace {

// Debian's abseil has its own absl::string_view, not an alias of std::string_view, and
// converts neither way implicitly.
absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// Metric labels must stay low-cardinality, so the first keyword is mapped onto a fixed set
// of static strings rather than copied from the SQL.
std::string_view OperationOf(std::string_view sql) {
  size_t start = 0;
  while (start < sql.size() && absl::ascii_isspace(static_cast<unsigned char>(sql[start]))) {
    ++start;
  }
  size_t end = start;
  while (end < sql.size() && absl::ascii_isalpha(static_cast<unsigned char>(sql[end]))) ++end;
  const std::string_view keyword = sql.substr(start, end - start);
  for (std::string_view known :
       {"SELECT", "INSERT", "UPDATE", "DELETE", "BEGIN", "COMMIT", "ROLLBACK"}) {
    if (absl::EqualsIgnoreCase(Absl(keyword), Absl(known))) return known;
  }
  return "OTHER";
}

// Errors name the statement so an operator can find it in the code; the SQL is
// parameterised, so it never holds the values. Long statements are cut to keep logs short.
std::string Describe(std::string_view action, const std::string& sql) {
  constexpr size_t kMaxSql = 96;
  if (sql.size() <= kMaxSql) return absl::StrCat(Absl(action), " `", sql, "`");
  return absl::StrCat(Absl(action), " `", sql.substr(0, kMaxSql), "...`");
}

}  // namespace

SqliteStatement::SqliteStatement(sqlite3* db, sqlite3_stmt* statement, std::string sql,
                                 const std::atomic<StorageObserver*>* observer)
    : db_(db),
      statement_(statement),
      sql_(std::move(sql)),
      operation_(OperationOf(sql_)),
      observer_(observer) {}

SqliteStatement::~SqliteStatement() { sqlite3_finalize(statement_); }

absl::Status SqliteStatement::BindResult(int rc, int index) const {
  if (rc == SQLITE_OK) return absl::OkStatus();
  return SqliteError(rc, db_, Describe(absl::StrCat("binding parameter ", index, " of"), sql_));
}

absl::Status SqliteStatement::BindInt64(int index, int64_t value) {
  return BindResult(sqlite3_bind_int64(statement_, index, value), index);
}

absl::Status SqliteStatement::BindText(int index, std::string_view value) {
  // SQLite binds NULL for a null pointer, but an empty string_view may carry one; an empty
  // value must stay an empty string. SQLITE_TRANSIENT copies because the caller's buffer
  // may not outlive the execution.
  const char* data = value.data() != nullptr ? value.data() : "";
  return BindResult(
      sqlite3_bind_text64(statement_, index, data, value.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
      index);
}

absl::Status SqliteStatement::BindBlob(int index, std::string_view value) {
  const char* data = value.data() != nullptr ? value.data() : "";
  return BindResult(sqlite3_bind_blob64(statement_, index, data, value.size(), SQLITE_TRANSIENT),
                    index);
}

absl::Status SqliteStatement::BindNull(int index) {
  return BindResult(sqlite3_bind_null(statement_, index), index);
}

absl::Status SqliteStatement::BindBool(int index, bool value) {
  return BindResult(sqlite3_bind_int(statement_, index, value ? 1 : 0), index);
}

absl::StatusOr<bool> SqliteStatement::Step() {
  int rc;
  // The clock is read only when someone listens, so an unobserved database pays nothing.
  if (observer_->load(std::memory_order_acquire) != nullptr) {
    const auto start = std::chrono::steady_clock::now();
    rc = sqlite3_step(statement_);
    elapsed_ += absl::FromChrono(std::chrono::steady_clock::now() - start);
  } else {
    rc = sqlite3_step(statement_);
  }
  executing_ = true;
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) {
    Report(/*ok=*/true);
    return false;
  }
  absl::Status status = SqliteError(rc, db_, Describe("executing", sql_));
  // Resetting now releases the locks the failed execution may still hold, rather than
  // when the statement is next handed out.
  sqlite3_reset(statement_);
  Report(/*ok=*/false);
  return status;
}

absl::Status SqliteStatement::Run() {
  absl::StatusOr<bool> row = Step();
  if (!row.ok()) return row.status();
  if (*row) {
    Report(/*ok=*/false);
    sqlite3_reset(statement_);
    return absl::InternalError(
        Describe("Run() on a statement that returns rows; use Step():", sql_));
  }
  return absl::OkStatus();
}

void SqliteStatement::Report(bool ok) {
  if (!executing_) return;
  if (StorageObserver* observer = observer_->load(std::memory_order_acquire); observer != nullptr) {
    observer->OnStatement(operation_, elapsed_, ok);
  }
  executing_ = false;
  elapsed_ = absl::ZeroDuration();
}

void SqliteStatement::EndExecution() {
  // A caller that stops reading early (a lookup by key reads one row) still ran the
  // statement successfully; it is reported here, when the result is abandoned.
  Report(/*ok=*/true);
  sqlite3_reset(statement_);
}

void SqliteStatement::Reset() {
  EndExecution();
  sqlite3_clear_bindings(statement_);
}

int64_t SqliteStatement::ColumnInt64(int column) const {
  return sqlite3_column_int64(statement_, column);
}

std::string SqliteStatement::ColumnText(int column) const {
  // The pointer must be fetched before the size: sqlite3_column_bytes reports the size of
  // the representation the previous call produced.
  const unsigned char* data = sqlite3_column_text(statement_, column);
  if (data == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(data),
                     static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
}

std::string SqliteStatement::ColumnBlob(int column) const {
  const void* data = sqlite3_column_blob(statement_, column);
  if (data == nullptr) return std::string();
  return std::string(static_cast<const char*>(data),
                     static_cast<size_t>(sqlite3_column_bytes(statement_, column)));
}

bool SqliteStatement::ColumnIsNull(int column) const {
  return sqlite3_column_type(statement_, column) == SQLITE_NULL;
}

bool SqliteStatement::ColumnBool(int column) const {
  return sqlite3_column_int64(statement_, column) != 0;
}

int SqliteStatement::ColumnCount() const { return sqlite3_column_count(statement_); }

}  // namespace rrmon

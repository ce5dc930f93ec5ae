#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/storage/storage_observer.h"

struct sqlite3;
struct sqlite3_stmt;

namespace rrmon {

// One prepared statement, owned by its connection's statement cache. Callers get a
// pointer from SqliteConnection::Prepare, bind parameters (1-based, as in SQL `?1`), then
// Step() through rows or Run() it. Like its connection it is used by one thread at a time.
//
// Values are read with Column*() (0-based) after Step() returned true. Text and blobs are
// copied out because SQLite's buffers die at the next Step().
class SqliteStatement {
 public:
  ~SqliteStatement();
  SqliteStatement(const SqliteStatement&) = delete;
  SqliteStatement& operator=(const SqliteStatement&) = delete;

  absl::Status BindInt64(int index, int64_t value);
  absl::Status BindText(int index, std::string_view value);
  // Arbitrary bytes, NULs included.
  absl::Status BindBlob(int index, std::string_view value);
  absl::Status BindNull(int index);
  // Stored as INTEGER 0/1: SQLite has no boolean type.
  absl::Status BindBool(int index, bool value);

  // true: a row is available through Column*(); false: the statement has finished.
  // Errors are mapped by SqliteError.
  absl::StatusOr<bool> Step();
  // For statements that return no rows (INSERT/UPDATE/DELETE/DDL). A statement that does
  // return a row is a caller bug and gives INTERNAL; use Step() for those.
  absl::Status Run();

  int64_t ColumnInt64(int column) const;
  std::string ColumnText(int column) const;
  std::string ColumnBlob(int column) const;
  bool ColumnIsNull(int column) const;
  bool ColumnBool(int column) const;
  int ColumnCount() const;

  const std::string& sql() const { return sql_; }

 private:
  friend class SqliteConnection;

  SqliteStatement(sqlite3* db, sqlite3_stmt* statement, std::string sql,
                  const std::atomic<StorageObserver*>* observer);

  // Makes the statement ready for a fresh execution: ends a half-read result (which would
  // otherwise pin a read snapshot in WAL mode) and clears every binding.
  void Reset();
  // Ends the current execution after rows were read, without clearing bindings.
  void EndExecution();
  absl::Status BindResult(int rc, int index) const;
  // Reports the finished execution to the observer (if any) and starts a new one.
  void Report(bool ok);

  sqlite3* const db_;
  sqlite3_stmt* const statement_;
  const std::string sql_;
  // A static label (see StorageObserver), computed once at prepare time.
  const std::string_view operation_;
  const std::atomic<StorageObserver*>* const observer_;
  // Whether Step() has been called since the last reset; only then is there an execution
  // to report.
  bool executing_ = false;
  absl::Duration elapsed_;
  // Whether the connection has this statement in its list of statements to reset when the
  // connection goes back to the pool.
  bool handed_out_ = false;
};

}  // namespace rrmon

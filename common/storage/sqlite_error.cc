#include "common/storage/sqlite_error.h"

#include <sqlite3.h>

#include "absl/strings/str_cat.h"

namespace rrmon {
namespace {

// Debian's abseil has its own absl::string_view, not an alias of std::string_view, and
// converts neither way implicitly.
absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

}  // namespace

absl::StatusCode SqliteErrorCode(int rc) {
  switch (rc) {
    case SQLITE_CONSTRAINT_UNIQUE:
    case SQLITE_CONSTRAINT_PRIMARYKEY:
      return absl::StatusCode::kAlreadyExists;
    default:
      break;
  }
  switch (rc & 0xff) {
    case SQLITE_OK:
    case SQLITE_ROW:
    case SQLITE_DONE:
      return absl::StatusCode::kOk;
    case SQLITE_CONSTRAINT:
      return absl::StatusCode::kFailedPrecondition;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return absl::StatusCode::kUnavailable;
    default:
      return absl::StatusCode::kInternal;
  }
}

absl::Status SqliteError(int rc, sqlite3* db, std::string_view what) {
  absl::StatusCode code = SqliteErrorCode(rc);
  // A caller that passes a success code has a bug; reporting OK would hide a failure.
  if (code == absl::StatusCode::kOk) code = absl::StatusCode::kInternal;
  // sqlite3_errmsg describes the most recent failure on `db`; when there is no
  // connection, or it holds no error, the generic text for the code is all there is.
  const char* text = sqlite3_errstr(rc);
  if (db != nullptr && sqlite3_errcode(db) != SQLITE_OK) text = sqlite3_errmsg(db);
  return absl::Status(code, absl::StrCat(Absl(what), ": ", text, " (sqlite code ", rc, ")"));
}

}  // namespace rrmon

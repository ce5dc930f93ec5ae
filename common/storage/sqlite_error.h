#pragma once

#include <string_view>

#include "absl/status/status.h"

struct sqlite3;

namespace rrmon {

// Maps a SQLite result code to a canonical status so repositories and the gRPC edge
// react by code, not by SQLite's numbers:
//   SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY -> ALREADY_EXISTS
//   any other SQLITE_CONSTRAINT            -> FAILED_PRECONDITION
//   SQLITE_BUSY / SQLITE_LOCKED            -> UNAVAILABLE (retriable)
//   anything else                          -> INTERNAL
// The message is "<what>: <sqlite error text> (sqlite code N)". SQLite's text names
// tables and columns, never values, and `what` must not contain bound values either:
// they may be personal data. `db` may be null (e.g. when opening failed).
absl::Status SqliteError(int rc, sqlite3* db, std::string_view what);

// The canonical code alone, for callers that build their own message.
absl::StatusCode SqliteErrorCode(int rc);

}  // namespace rrmon

#pragma once

// The request log of AIP-155 in a service's SQLite database: the response of each
// creating call that carried a request_id, written in the call's own transaction, read
// back to answer a retry. Entries older than kRequestLogRetention are deleted by later
// logged writes, so the responses it keeps (personal data among them) do not pile up.

#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/api/request_key.h"
#include "common/storage/sqlite_connection.h"

namespace rrmon {

// Far longer than any client retries, short enough that the log stays small.
inline constexpr absl::Duration kRequestLogRetention = absl::Hours(24 * 30);

// The table and its retention index, for a new database's first migration.
inline constexpr char kRequestLogSchema[] = R"sql(
CREATE TABLE request_log (
  request_id    TEXT PRIMARY KEY,
  method        TEXT NOT NULL,
  fingerprint   TEXT NOT NULL,
  resource_name TEXT NOT NULL,
  response      BLOB NOT NULL,
  create_time   INTEGER NOT NULL
);
CREATE INDEX request_log_by_time ON request_log (create_time);
)sql";

struct LoggedResponse {
  std::string resource_name;  // what the first call created
  std::string response;       // its serialized response
};

// The logged response under key.request_id, nullopt when there is none; INVALID_ARGUMENT
// naming request_id when the id was used for a different request.
absl::StatusOr<std::optional<LoggedResponse>> ReadLoggedResponse(SqliteConnection& connection,
                                                                 const RequestKey& key);

// The same, parsed as `Message`; DATA_LOSS when the stored bytes do not parse.
template <typename Message>
absl::StatusOr<std::optional<Message>> ReadLoggedMessage(SqliteConnection& connection,
                                                         const RequestKey& key) {
  absl::StatusOr<std::optional<LoggedResponse>> logged = ReadLoggedResponse(connection, key);
  if (!logged.ok()) return logged.status();
  if (!logged->has_value()) return std::optional<Message>();
  Message earlier;
  if (!earlier.ParseFromString((*logged)->response)) {
    return absl::DataLossError("stored response of an earlier request is unreadable");
  }
  return std::optional<Message>(std::move(earlier));
}

// Logs `response` under `key` (inside the caller's transaction), and deletes what is
// past retention.
absl::Status LogResponse(SqliteConnection& connection, const RequestKey& key,
                         const std::string& resource_name, const std::string& response,
                         absl::Time now);

}  // namespace rrmon

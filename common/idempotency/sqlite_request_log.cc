#include "common/idempotency/sqlite_request_log.h"

#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/storage/sqlite_bind.h"

namespace rrmon {

absl::StatusOr<std::optional<LoggedResponse>> ReadLoggedResponse(SqliteConnection& connection,
                                                                 const RequestKey& key) {
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                         connection.Prepare("SELECT method, fingerprint, resource_name, response "
                                            "FROM request_log WHERE request_id = ?"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, key.request_id));
  RRMON_ASSIGN_OR_RETURN(bool found, statement->Step());
  if (!found) return std::optional<LoggedResponse>();
  if (statement->ColumnText(0) != key.method || statement->ColumnText(1) != key.fingerprint) {
    return InvalidFieldError("request_id",
                             "was already used for a different request; use a new request_id");
  }
  return std::optional<LoggedResponse>(
      LoggedResponse{statement->ColumnText(2), statement->ColumnBlob(3)});
}

absl::Status LogResponse(SqliteConnection& connection, const RequestKey& key,
                         const std::string& resource_name, const std::string& response,
                         absl::Time now) {
  // Retention, paid for by the writes that fill the log: each expired row is deleted once,
  // by an index range, in the transaction of a later idempotent write.
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * expired,
                         connection.Prepare("DELETE FROM request_log WHERE create_time < ?"));
  RRMON_RETURN_IF_ERROR(BindAll(*expired, absl::ToUnixMicros(now - kRequestLogRetention)));
  RRMON_RETURN_IF_ERROR(expired->Run());
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      connection.Prepare("INSERT INTO request_log (request_id, method, fingerprint, "
                         "resource_name, response, create_time) VALUES (?,?,?,?,?,?)"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, key.request_id, key.method, key.fingerprint,
                                resource_name, SqlBlob{response}, absl::ToUnixMicros(now)));
  return statement->Run();
}

}  // namespace rrmon

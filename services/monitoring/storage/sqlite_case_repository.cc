#include "services/monitoring/storage/sqlite_case_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/api/etag.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/storage/sqlite_bind.h"
#include "common/storage/sqlite_transaction.h"
#include "common/time/civil_date.h"
#include "common/time/timestamp.h"
#include "services/monitoring/domain/case_workflow.h"
#include "services/monitoring/storage/sqlite_household_repository.h"
#include "services/monitoring/storage/sqlite_region_page.h"

namespace rrmon::monitoring {
namespace {

std::string LastSegment(const std::string& name) {
  const size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

std::string SortKey(const std::string& region, const std::string& household_id,
                    const std::string& id) {
  return absl::StrCat(region, "/", household_id, "/", id);
}

absl::StatusOr<std::optional<StoredSignal>> ReadSignal(SqliteConnection& connection,
                                                       const std::string& household_id,
                                                       const std::string& signal_id) {
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                         connection.Prepare("SELECT region_code, fingerprint, record FROM "
                                            "risk_signals WHERE household_id = ? AND "
                                            "signal_id = ?"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, household_id, signal_id));
  RRMON_ASSIGN_OR_RETURN(bool found, statement->Step());
  if (!found) return std::optional<StoredSignal>();
  StoredSignal signal;
  signal.household_id = household_id;
  signal.region_code = statement->ColumnText(0);
  signal.fingerprint = statement->ColumnText(1);
  if (!signal.record.ParseFromString(statement->ColumnBlob(2))) {
    return absl::DataLossError("a stored risk signal is unreadable");
  }
  return std::optional<StoredSignal>(std::move(signal));
}

// Reads the case rows a statement returns as (household_id, region_code, prior_status,
// record).
absl::StatusOr<std::optional<StoredCase>> ReadCaseRow(SqliteStatement& statement) {
  RRMON_ASSIGN_OR_RETURN(bool found, statement.Step());
  if (!found) return std::optional<StoredCase>();
  StoredCase stored;
  stored.household_id = statement.ColumnText(0);
  stored.region_code = statement.ColumnText(1);
  stored.prior_status = static_cast<v1::HouseholdStatus>(statement.ColumnInt64(2));
  if (!stored.record.ParseFromString(statement.ColumnBlob(3))) {
    return absl::DataLossError("a stored case is unreadable");
  }
  return std::optional<StoredCase>(std::move(stored));
}

absl::Status WriteSignal(SqliteConnection& connection, const StoredSignal& signal) {
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      connection.Prepare("INSERT INTO risk_signals (household_id, signal_id, region_code, "
                         "sort_key, fingerprint, record) VALUES (?,?,?,?,?,?)"));
  const std::string& signal_id = signal.record.signal_id();
  const std::string record = signal.record.SerializeAsString();
  RRMON_RETURN_IF_ERROR(BindAll(*statement, signal.household_id, signal_id, signal.region_code,
                                SortKey(signal.region_code, signal.household_id, signal_id),
                                signal.fingerprint, SqlBlob{record}));
  return statement->Run();
}

absl::Status WriteCase(SqliteConnection& connection, const StoredCase& stored,
                       std::optional<int64_t> expected_revision) {
  const v1::Case& c = stored.record;
  const std::string case_id = LastSegment(c.name());
  const std::string record = c.SerializeAsString();
  const int64_t revision = RevisionOf(c.etag()).value_or(0);
  const bool open = IsOpenStep(c.step());
  std::optional<int64_t> due;
  if (open && c.has_step_due_time()) due = absl::ToUnixMicros(FromTimestamp(c.step_due_time()));
  if (!expected_revision.has_value()) {
    RRMON_ASSIGN_OR_RETURN(
        SqliteStatement * statement,
        connection.Prepare("INSERT INTO cases (household_id, case_id, region_code, sort_key, "
                           "kind, step, open, due_micros, prior_status, revision, record) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
    RRMON_RETURN_IF_ERROR(BindAll(*statement, stored.household_id, case_id, stored.region_code,
                                  SortKey(stored.region_code, stored.household_id, case_id),
                                  static_cast<int>(c.kind()), static_cast<int>(c.step()), open, due,
                                  static_cast<int>(stored.prior_status), revision,
                                  SqlBlob{record}));
    absl::Status status = statement->Run();
    if (status.code() == absl::StatusCode::kAlreadyExists) {
      // Another call opened a case for the household meanwhile.
      return EtagMismatchError("household's cases");
    }
    return status;
  }
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      connection.Prepare("UPDATE cases SET step = ?, open = ?, due_micros = ?, revision = ?, "
                         "record = ?, close_day = ? WHERE household_id = ? AND case_id = ? AND "
                         "revision = ?"));
  const std::string close_day =
      c.has_close_time() ? FormatDate(UtcDay(FromTimestamp(c.close_time()))) : "";
  RRMON_RETURN_IF_ERROR(BindAll(*statement, static_cast<int>(c.step()), open, due, revision,
                                SqlBlob{record}, close_day, stored.household_id, case_id,
                                *expected_revision));
  RRMON_RETURN_IF_ERROR(statement->Run());
  if (connection.ChangedRows() == 0) return EtagMismatchError("case");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<CaseWriteResult> SqliteCaseRepository::Apply(const CaseChange& change) {
  CaseWriteResult result;
  RRMON_RETURN_IF_ERROR(database_.Write([&](SqliteConnection& connection) -> absl::Status {
    result = CaseWriteResult();  // the writer may run this more than once
    if (change.request_key.has_value()) {
      RRMON_ASSIGN_OR_RETURN(result.replayed_case,
                             ReadLoggedMessage<v1::Case>(connection, *change.request_key));
      if (result.replayed_case.has_value()) return absl::OkStatus();
    }
    if (change.new_signal.has_value()) {
      RRMON_ASSIGN_OR_RETURN(result.existing_signal,
                             ReadSignal(connection, change.new_signal->household_id,
                                        change.new_signal->record.signal_id()));
      if (result.existing_signal.has_value()) return absl::OkStatus();
      RRMON_RETURN_IF_ERROR(WriteSignal(connection, *change.new_signal));
    }
    if (change.household_after.has_value()) {
      RRMON_RETURN_IF_ERROR(UpdateHouseholdRow(connection, *change.household_after,
                                               change.expected_household_revision));
    }
    if (change.case_after.has_value()) {
      RRMON_RETURN_IF_ERROR(
          WriteCase(connection, *change.case_after, change.expected_case_revision));
      if (change.request_key.has_value()) {
        const absl::Time now = change.audits.empty() ? absl::Now() : change.audits.front().time;
        const v1::Case& response = change.case_after->record;
        RRMON_RETURN_IF_ERROR(LogResponse(connection, *change.request_key, response.name(),
                                          response.SerializeAsString(), now));
      }
    }
    for (const AuditRecord& audit : change.audits) {
      RRMON_RETURN_IF_ERROR(InsertAuditRow(connection, audit));
    }
    return absl::OkStatus();
  }));
  return result;
}

absl::StatusOr<std::optional<StoredSignal>> SqliteCaseRepository::GetSignal(
    const std::string& household_id, const std::string& signal_id) {
  auto connection = database_.Acquire();
  return ReadSignal(*connection, household_id, signal_id);
}

absl::StatusOr<StoredCase> SqliteCaseRepository::GetCase(const std::string& household_id,
                                                         const std::string& case_id) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                         connection->Prepare("SELECT household_id, region_code, prior_status, "
                                             "record FROM cases WHERE household_id = ? AND "
                                             "case_id = ?"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, household_id, case_id));
  RRMON_ASSIGN_OR_RETURN(std::optional<StoredCase> stored, ReadCaseRow(*statement));
  if (!stored.has_value()) {
    return ResourceNotFoundError("Case",
                                 absl::StrCat("households/", household_id, "/cases/", case_id));
  }
  return *std::move(stored);
}

absl::StatusOr<std::optional<StoredCase>> SqliteCaseRepository::GetOpenCase(
    const std::string& household_id) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                         connection->Prepare("SELECT household_id, region_code, prior_status, "
                                             "record FROM cases WHERE household_id = ? AND "
                                             "open = 1"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, household_id));
  return ReadCaseRow(*statement);
}

absl::StatusOr<std::optional<v1::Case>> SqliteCaseRepository::FindCaseRequest(
    const RequestKey& key) {
  auto connection = database_.Acquire();
  return ReadLoggedMessage<v1::Case>(*connection, key);
}

absl::StatusOr<Page<v1::RiskSignal>> SqliteCaseRepository::ListSignals(
    const RegionPageQuery& query) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      connection->Prepare(absl::StrCat("SELECT sort_key, record FROM risk_signals WHERE ",
                                       kRegionPageFilter, "ORDER BY sort_key LIMIT ?5")));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, query.region_prefix, query.household_id,
                                query.after_key, query.show_deleted, query.limit + 1));
  return ReadKeyedPage<v1::RiskSignal>(*statement, query.limit, "risk signal");
}

absl::StatusOr<Page<v1::Case>> SqliteCaseRepository::ListCases(const CaseQuery& query) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      connection->Prepare(absl::StrCat(
          "SELECT sort_key, record FROM cases WHERE ", kRegionPageFilter,
          "AND (?5 = 0 OR kind = ?5) AND (?6 = 0 OR open = 1) "
          "AND (?7 IS NULL OR (open = 1 AND due_micros < ?7)) ORDER BY sort_key LIMIT ?8")));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, query.page.region_prefix, query.page.household_id,
                                query.page.after_key, query.page.show_deleted,
                                static_cast<int>(query.kind), query.open_only,
                                query.due_before_micros, query.page.limit + 1));
  return ReadKeyedPage<v1::Case>(*statement, query.page.limit, "case");
}

absl::StatusOr<std::vector<StoredCase>> SqliteCaseRepository::ListOpenCases() {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                         connection->Prepare("SELECT household_id, region_code, prior_status, "
                                             "record FROM cases WHERE open = 1"));
  std::vector<StoredCase> cases;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(std::optional<StoredCase> stored, ReadCaseRow(*statement));
    if (!stored.has_value()) break;
    cases.push_back(*std::move(stored));
  }
  return cases;
}

}  // namespace rrmon::monitoring

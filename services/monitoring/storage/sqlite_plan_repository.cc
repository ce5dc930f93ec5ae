#include "services/monitoring/storage/sqlite_plan_repository.h"

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/api/etag.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/storage/sqlite_bind.h"
#include "common/storage/sqlite_transaction.h"
#include "services/monitoring/storage/sqlite_household_repository.h"
#include "services/monitoring/storage/sqlite_region_page.h"
#include "services/monitoring/storage/sqlite_statistics_schema.h"

namespace rrmon::monitoring {
namespace {

std::string LastSegment(const std::string& name) {
  const size_t slash = name.rfind('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

template <typename Message>
absl::StatusOr<std::optional<Message>> ReadRecord(SqliteStatement& statement, int column,
                                                  const char* what) {
  RRMON_ASSIGN_OR_RETURN(bool found, statement.Step());
  if (!found) return std::optional<Message>();
  Message message;
  if (!message.ParseFromString(statement.ColumnBlob(column))) {
    return absl::DataLossError(absl::StrCat("a stored ", what, " is unreadable"));
  }
  return std::optional<Message>(std::move(message));
}

template <typename Message>
absl::StatusOr<std::vector<Message>> ReadRecords(SqliteStatement& statement, int column,
                                                 const char* what) {
  std::vector<Message> records;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(std::optional<Message> record,
                           ReadRecord<Message>(statement, column, what));
    if (!record.has_value()) return records;
    records.push_back(*std::move(record));
  }
}

// Insert when `expected` is empty (a row created meanwhile is a conflict), else
// compare-and-set on the revision.
absl::Status CheckWritten(SqliteConnection& connection, absl::Status run,
                          std::optional<int64_t> expected, const std::string& what) {
  if (!expected.has_value()) {
    if (run.code() == absl::StatusCode::kAlreadyExists) return EtagMismatchError(what);
    return run;
  }
  RRMON_RETURN_IF_ERROR(run);
  if (connection.ChangedRows() == 0) return EtagMismatchError(what);
  return absl::OkStatus();
}

absl::Status WriteMeasure(SqliteConnection& connection, const PlanChange& change) {
  const v1::AssistanceMeasure& m = *change.measure;
  const std::string measure_id = LastSegment(m.name());
  const std::string record = m.SerializeAsString();
  const int64_t revision = RevisionOf(m.etag()).value_or(0);
  absl::Status run;
  if (!change.expected_revision.has_value()) {
    RRMON_ASSIGN_OR_RETURN(
        SqliteStatement * statement,
        connection.Prepare("INSERT INTO measures (household_id, measure_id, region_code, "
                           "sort_key, type, status, funds_fen, start_date, revision, record) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?)"));
    RRMON_RETURN_IF_ERROR(
        BindAll(*statement, change.household_id, measure_id, change.region_code,
                absl::StrCat(change.region_code, "/", change.household_id, "/", measure_id),
                static_cast<int>(m.type()), static_cast<int>(m.status()), m.funds_fen(),
                m.start_date(), revision, SqlBlob{record}));
    run = statement->Run();
  } else {
    RRMON_ASSIGN_OR_RETURN(
        SqliteStatement * statement,
        connection.Prepare("UPDATE measures SET type = ?, status = ?, funds_fen = ?, "
                           "start_date = ?, revision = ?, record = ? WHERE household_id = ? AND "
                           "measure_id = ? AND revision = ?"));
    RRMON_RETURN_IF_ERROR(BindAll(*statement, static_cast<int>(m.type()),
                                  static_cast<int>(m.status()), m.funds_fen(), m.start_date(),
                                  revision, SqlBlob{record}, change.household_id, measure_id,
                                  *change.expected_revision));
    run = statement->Run();
  }
  return CheckWritten(connection, std::move(run), change.expected_revision, "measure");
}

absl::Status WriteIncomeRecord(SqliteConnection& connection, const PlanChange& change) {
  const v1::IncomeRecord& r = *change.income_record;
  const std::string record = r.SerializeAsString();
  const int64_t revision = RevisionOf(r.etag()).value_or(0);
  absl::Status run;
  if (!change.expected_revision.has_value()) {
    RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                           connection.Prepare("INSERT INTO income_records (household_id, month, "
                                              "revision, record) VALUES (?,?,?,?)"));
    RRMON_RETURN_IF_ERROR(
        BindAll(*statement, change.household_id, r.month(), revision, SqlBlob{record}));
    run = statement->Run();
  } else {
    RRMON_ASSIGN_OR_RETURN(
        SqliteStatement * statement,
        connection.Prepare("UPDATE income_records SET revision = ?, record = ? WHERE "
                           "household_id = ? AND month = ? AND revision = ?"));
    RRMON_RETURN_IF_ERROR(BindAll(*statement, revision, SqlBlob{record}, change.household_id,
                                  r.month(), *change.expected_revision));
    run = statement->Run();
  }
  return CheckWritten(connection, std::move(run), change.expected_revision, "income record");
}

absl::Status WriteGuarantees(SqliteConnection& connection, const PlanChange& change) {
  const v1::Guarantees& g = *change.guarantees;
  const std::string record = g.SerializeAsString();
  const int64_t revision = RevisionOf(g.etag()).value_or(0);
  absl::Status run;
  if (!change.expected_revision.has_value()) {
    RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                           connection.Prepare("INSERT INTO guarantees (household_id, revision, "
                                              "record) VALUES (?,?,?)"));
    RRMON_RETURN_IF_ERROR(BindAll(*statement, change.household_id, revision, SqlBlob{record}));
    run = statement->Run();
  } else {
    RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                           connection.Prepare("UPDATE guarantees SET revision = ?, record = ? "
                                              "WHERE household_id = ? AND revision = ?"));
    RRMON_RETURN_IF_ERROR(BindAll(*statement, revision, SqlBlob{record}, change.household_id,
                                  *change.expected_revision));
    run = statement->Run();
  }
  return CheckWritten(connection, std::move(run), change.expected_revision, "guarantees");
}

}  // namespace

absl::StatusOr<std::optional<v1::AssistanceMeasure>> SqlitePlanRepository::Apply(
    const PlanChange& change) {
  std::optional<v1::AssistanceMeasure> earlier;
  RRMON_RETURN_IF_ERROR(database_.Write([&](SqliteConnection& connection) -> absl::Status {
    if (change.request_key.has_value()) {
      RRMON_ASSIGN_OR_RETURN(
          earlier, ReadLoggedMessage<v1::AssistanceMeasure>(connection, *change.request_key));
      if (earlier.has_value()) return absl::OkStatus();
    }
    if (change.measure.has_value()) {
      RRMON_RETURN_IF_ERROR(WriteMeasure(connection, change));
      if (change.request_key.has_value()) {
        const absl::Time now = change.audits.empty() ? absl::Now() : change.audits.front().time;
        RRMON_RETURN_IF_ERROR(LogResponse(connection, *change.request_key, change.measure->name(),
                                          change.measure->SerializeAsString(), now));
      }
    } else if (change.income_record.has_value()) {
      RRMON_RETURN_IF_ERROR(WriteIncomeRecord(connection, change));
    } else if (change.guarantees.has_value()) {
      RRMON_RETURN_IF_ERROR(WriteGuarantees(connection, change));
    }
    for (const AuditRecord& audit : change.audits) {
      RRMON_RETURN_IF_ERROR(InsertAuditRow(connection, audit));
    }
    return absl::OkStatus();
  }));
  return earlier;
}

absl::StatusOr<std::optional<v1::AssistanceMeasure>> SqlitePlanRepository::FindMeasureRequest(
    const RequestKey& key) {
  auto connection = database_.Acquire();
  return ReadLoggedMessage<v1::AssistanceMeasure>(*connection, key);
}

absl::StatusOr<v1::AssistanceMeasure> SqlitePlanRepository::GetMeasure(
    const std::string& household_id, const std::string& measure_id) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                         connection->Prepare("SELECT record FROM measures WHERE household_id = ? "
                                             "AND measure_id = ?"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, household_id, measure_id));
  RRMON_ASSIGN_OR_RETURN(std::optional<v1::AssistanceMeasure> measure,
                         ReadRecord<v1::AssistanceMeasure>(*statement, 0, "measure"));
  if (!measure.has_value()) {
    return ResourceNotFoundError(
        "AssistanceMeasure", absl::StrCat("households/", household_id, "/measures/", measure_id));
  }
  return *std::move(measure);
}

absl::StatusOr<std::vector<v1::AssistanceMeasure>> SqlitePlanRepository::HouseholdMeasures(
    const std::string& household_id) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                         connection->Prepare("SELECT record FROM measures WHERE household_id = ? "
                                             "ORDER BY start_date, measure_id"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, household_id));
  return ReadRecords<v1::AssistanceMeasure>(*statement, 0, "measure");
}

absl::StatusOr<Page<v1::AssistanceMeasure>> SqlitePlanRepository::ListMeasures(
    const MeasureQuery& query) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                         connection->Prepare(absl::StrCat(
                             "SELECT sort_key, record FROM measures WHERE ", kRegionPageFilter,
                             "AND (?5 = 0 OR type = ?5) AND (?6 = 0 OR status = ?6) "
                             "ORDER BY sort_key LIMIT ?7")));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, query.page.region_prefix, query.page.household_id,
                                query.page.after_key, query.page.show_deleted,
                                static_cast<int>(query.type), static_cast<int>(query.status),
                                query.page.limit + 1));
  return ReadKeyedPage<v1::AssistanceMeasure>(*statement, query.page.limit, "measure");
}

absl::StatusOr<std::optional<v1::IncomeRecord>> SqlitePlanRepository::GetIncomeRecord(
    const std::string& household_id, const std::string& month) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                         connection->Prepare("SELECT record FROM income_records WHERE "
                                             "household_id = ? AND month = ?"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, household_id, month));
  return ReadRecord<v1::IncomeRecord>(*statement, 0, "income record");
}

absl::StatusOr<std::vector<v1::IncomeRecord>> SqlitePlanRepository::ListIncomeRecords(
    const std::string& household_id, const std::string& first_month,
    const std::string& last_month) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      connection->Prepare("SELECT record FROM income_records WHERE household_id = ?1 AND "
                          "(?2 = '' OR month >= ?2) AND (?3 = '' OR month <= ?3) ORDER BY month"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, household_id, first_month, last_month));
  return ReadRecords<v1::IncomeRecord>(*statement, 0, "income record");
}

absl::StatusOr<std::optional<v1::Guarantees>> SqlitePlanRepository::GetGuarantees(
    const std::string& household_id) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      connection->Prepare("SELECT record FROM guarantees WHERE household_id = ?"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, household_id));
  return ReadRecord<v1::Guarantees>(*statement, 0, "guarantees record");
}

absl::StatusOr<std::vector<std::pair<v1::MeasureStatus, int64_t>>>
SqlitePlanRepository::CountMeasuresByStatus() {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      // From the province-level counts the database maintains (every measure of a live
      // household, started or not: sqlite_statistics_schema.h), not from the rows.
      connection->Prepare("SELECT k2, SUM(n) FROM statistic_counts WHERE digits = 2 "
                          "AND figure = ?1 GROUP BY 1 HAVING SUM(n) <> 0"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, static_cast<int>(StatisticFigure::kMeasures)));
  std::vector<std::pair<v1::MeasureStatus, int64_t>> counts;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) return counts;
    counts.emplace_back(static_cast<v1::MeasureStatus>(statement->ColumnInt64(0)),
                        statement->ColumnInt64(1));
  }
}

}  // namespace rrmon::monitoring

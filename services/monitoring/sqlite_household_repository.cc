#include "services/monitoring/sqlite_household_repository.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/api/etag.h"
#include "common/audit/sqlite_audit_trail.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/storage/sqlite_bind.h"
#include "common/storage/sqlite_transaction.h"
#include "common/time/civil_date.h"
#include "common/time/timestamp.h"
#include "common/validation/region_code.h"

namespace rrmon::monitoring {
namespace {

// Queryable fields are columns; the full record is a serialized proto beside them so
// fields can be added without a migration. Members are rows of their own so an ID
// number can be unique across the registry.
const char kSchemaV1[] = R"sql(
CREATE TABLE households (
  id             TEXT PRIMARY KEY,
  region_code    TEXT NOT NULL,
  county_code    TEXT NOT NULL,
  category       INTEGER NOT NULL,
  status         INTEGER NOT NULL,
  household_size INTEGER NOT NULL,
  revision       INTEGER NOT NULL,
  deleted        INTEGER NOT NULL DEFAULT 0,
  record         BLOB NOT NULL
);
CREATE INDEX households_by_region ON households (region_code, id);
CREATE TABLE household_members (
  household_id TEXT NOT NULL REFERENCES households (id),
  member_id    TEXT NOT NULL,
  position     INTEGER NOT NULL,
  id_number    TEXT NOT NULL,
  active       INTEGER NOT NULL,
  record       BLOB NOT NULL,
  PRIMARY KEY (household_id, member_id)
);
-- A person is registered in one live household; a soft-deleted household releases them.
CREATE UNIQUE INDEX household_members_by_id_number ON household_members (id_number)
  WHERE active = 1;
CREATE TABLE request_log (
  request_id    TEXT PRIMARY KEY,
  method        TEXT NOT NULL,
  fingerprint   TEXT NOT NULL,
  resource_name TEXT NOT NULL,
  response      BLOB NOT NULL,
  create_time   INTEGER NOT NULL
);
CREATE TABLE audit_log (
  id          INTEGER PRIMARY KEY AUTOINCREMENT,
  create_time INTEGER NOT NULL,
  actor       TEXT NOT NULL,
  actor_role  INTEGER NOT NULL,
  action      TEXT NOT NULL,
  resource    TEXT NOT NULL,
  before_json TEXT NOT NULL,
  after_json  TEXT NOT NULL,
  reason      TEXT NOT NULL
);
CREATE INDEX audit_log_by_resource ON audit_log (resource, id);
)sql";

// Signals and cases keep their household's region and a sort key
// "{region}/{household}/{id}" as columns, so region-wide lists page by one index.
// At most one case per household is open, enforced by a partial unique index.
const char kSchemaV2[] = R"sql(
CREATE TABLE risk_signals (
  household_id TEXT NOT NULL REFERENCES households (id),
  signal_id    TEXT NOT NULL,
  region_code  TEXT NOT NULL,
  sort_key     TEXT NOT NULL,
  fingerprint  TEXT NOT NULL,
  record       BLOB NOT NULL,
  PRIMARY KEY (household_id, signal_id)
);
CREATE INDEX risk_signals_by_sort_key ON risk_signals (sort_key);
CREATE TABLE cases (
  household_id TEXT NOT NULL REFERENCES households (id),
  case_id      TEXT NOT NULL,
  region_code  TEXT NOT NULL,
  sort_key     TEXT NOT NULL,
  kind         INTEGER NOT NULL,
  step         INTEGER NOT NULL,
  open         INTEGER NOT NULL,
  due_micros   INTEGER,
  prior_status INTEGER NOT NULL,
  revision     INTEGER NOT NULL,
  record       BLOB NOT NULL,
  PRIMARY KEY (household_id, case_id)
);
CREATE UNIQUE INDEX cases_one_open_per_household ON cases (household_id) WHERE open = 1;
CREATE INDEX cases_by_sort_key ON cases (sort_key);
)sql";

// The plan of each household (一户一策 measures), its declared income by month and its
// guarantees; and the columns statistics count by: a household's primary risk type and
// the day it was registered, a case's closing day. Rows written before this migration
// have an empty create_day, which counts as registered since always.
const char kSchemaV3[] = R"sql(
ALTER TABLE households ADD COLUMN primary_risk_type INTEGER NOT NULL DEFAULT 0;
ALTER TABLE households ADD COLUMN create_day TEXT NOT NULL DEFAULT '';
ALTER TABLE cases ADD COLUMN close_day TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_closed ON cases (kind, step, close_day);
CREATE TABLE measures (
  household_id TEXT NOT NULL REFERENCES households (id),
  measure_id   TEXT NOT NULL,
  region_code  TEXT NOT NULL,
  sort_key     TEXT NOT NULL,
  type         INTEGER NOT NULL,
  status       INTEGER NOT NULL,
  funds_fen    INTEGER NOT NULL,
  start_date   TEXT NOT NULL,
  revision     INTEGER NOT NULL,
  record       BLOB NOT NULL,
  PRIMARY KEY (household_id, measure_id)
);
CREATE INDEX measures_by_sort_key ON measures (sort_key);
CREATE TABLE income_records (
  household_id TEXT NOT NULL REFERENCES households (id),
  month        TEXT NOT NULL,
  revision     INTEGER NOT NULL,
  record       BLOB NOT NULL,
  PRIMARY KEY (household_id, month)
);
CREATE TABLE guarantees (
  household_id TEXT PRIMARY KEY REFERENCES households (id),
  revision     INTEGER NOT NULL,
  record       BLOB NOT NULL
);
)sql";

// Covering indexes for the statistics queries, so a region's households and their
// measures are counted from the indexes without reading the rows (docs/performance.md:
// a prefecture of 10,000 households and 40,000 measures went from 142 to 97 ms). The
// measures index also serves HouseholdMeasures' order.
const char kSchemaV4[] = R"sql(
CREATE INDEX measures_by_household_start ON measures
  (household_id, start_date, measure_id, type, status, funds_fen);
CREATE INDEX households_for_statistics ON households
  (region_code, deleted, create_day, status, category, primary_risk_type, household_size, id);
)sql";

// Signals, cases and measures follow their household: its current region (a household
// that moves takes its records to the new village's lists, and out of the old one's) and
// whether it is soft-deleted (region-wide lists leave those out unless asked). Rows
// written before this migration took the region they were written under; this sets every
// row to its household's state once, and WriteHouseholdRow keeps it so.
const char kSchemaV5[] = R"sql(
ALTER TABLE risk_signals ADD COLUMN household_deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN household_deleted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE measures ADD COLUMN household_deleted INTEGER NOT NULL DEFAULT 0;
UPDATE risk_signals SET region_code = h.region_code,
  sort_key = h.region_code || substr(risk_signals.sort_key, instr(risk_signals.sort_key, '/')),
  household_deleted = h.deleted
  FROM households h WHERE h.id = risk_signals.household_id;
UPDATE cases SET region_code = h.region_code,
  sort_key = h.region_code || substr(cases.sort_key, instr(cases.sort_key, '/')),
  household_deleted = h.deleted
  FROM households h WHERE h.id = cases.household_id;
UPDATE measures SET region_code = h.region_code,
  sort_key = h.region_code || substr(measures.sort_key, instr(measures.sort_key, '/')),
  household_deleted = h.deleted
  FROM households h WHERE h.id = measures.household_id;
)sql";

// The audit trail is append-only: no statement of any binary, and no one with the file
// and the sqlite3 shell who forgets, can rewrite or remove what happened. The request log
// (responses kept for AIP-155 retries, personal data among them) gets an index for its
// retention (kRequestLogRetention).
const char kSchemaV6[] = R"sql(
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE INDEX request_log_by_time ON request_log (create_time);
)sql";

// The audit trail keeps reads of personal data beside the changes, and each row names its
// household (owner), so a household's whole trail is one index range (kAuditTrailSchema is
// this shape). Rows written before name their resource only; the owner is filled in once,
// the append-only trigger lifted for that statement alone.
const char kSchemaV7[] = R"sql(
ALTER TABLE audit_log ADD COLUMN kind INTEGER NOT NULL DEFAULT 1;
ALTER TABLE audit_log ADD COLUMN owner TEXT NOT NULL DEFAULT '';
DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET owner = CASE
  WHEN instr(substr(resource, instr(resource, '/') + 1), '/') > 0
  THEN substr(resource, 1, instr(resource, '/') + instr(substr(resource, instr(resource, '/') + 1), '/') - 1)
  ELSE resource END;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
CREATE INDEX audit_log_by_owner ON audit_log (owner, id);
)sql";

// Moves a household's records with it (region and sort key "{region}/{household}/{id}")
// and marks them with its deletion, in the transaction that writes the household.
absl::Status SyncHouseholdRecords(SqliteConnection& connection, const std::string& id,
                                  const v1::Household& household) {
  static constexpr const char* kUpdates[] = {
      "UPDATE risk_signals SET region_code = ?2, "
      "sort_key = ?2 || substr(sort_key, instr(sort_key, '/')), household_deleted = ?3 "
      "WHERE household_id = ?1 AND (region_code <> ?2 OR household_deleted <> ?3)",
      "UPDATE cases SET region_code = ?2, "
      "sort_key = ?2 || substr(sort_key, instr(sort_key, '/')), household_deleted = ?3 "
      "WHERE household_id = ?1 AND (region_code <> ?2 OR household_deleted <> ?3)",
      "UPDATE measures SET region_code = ?2, "
      "sort_key = ?2 || substr(sort_key, instr(sort_key, '/')), household_deleted = ?3 "
      "WHERE household_id = ?1 AND (region_code <> ?2 OR household_deleted <> ?3)",
  };
  for (const char* sql : kUpdates) {
    RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement, connection.Prepare(sql));
    RRMON_RETURN_IF_ERROR(
        BindAll(*statement, id, household.region_code(), household.has_delete_time()));
    RRMON_RETURN_IF_ERROR(statement->Run());
  }
  return absl::OkStatus();
}

std::string SortKey(const v1::Household& household, const std::string& id) {
  return absl::StrCat(household.region_code(), "/", id);
}

std::pair<std::string, std::string> SplitSortKey(const std::string& key) {
  const size_t slash = key.find('/');
  if (slash == std::string::npos) return {"", ""};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

std::string IdOf(const v1::Household& household) {
  const std::string& name = household.name();
  const size_t slash = name.find('/');
  return slash == std::string::npos ? name : name.substr(slash + 1);
}

// The UTC day the household was registered, `YYYY-MM-DD`.
std::string CreateDayOf(const v1::Household& household) {
  if (!household.has_create_time()) return "";
  return FormatDate(UtcDay(FromTimestamp(household.create_time())));
}

std::string MemberIdOf(const v1::HouseholdMember& member) {
  const size_t slash = member.name().rfind('/');
  return slash == std::string::npos ? member.name() : member.name().substr(slash + 1);
}

absl::Status AlreadyRegistered(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kAlreadyExists &&
      absl::StrContains(status.message(), "id_number")) {
    return WithErrorReason(
        absl::AlreadyExistsError("a person with this ID number is already registered in another "
                                 "household; remove them there first"),
        "PERSON_ALREADY_REGISTERED");
  }
  return status;
}

absl::Status WriteMembers(SqliteConnection& connection, const std::string& household_id,
                          const v1::Household& household) {
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * remove,
      connection.Prepare("DELETE FROM household_members WHERE household_id = ?"));
  RRMON_RETURN_IF_ERROR(BindAll(*remove, household_id));
  RRMON_RETURN_IF_ERROR(remove->Run());
  const bool active = !household.has_delete_time();
  int position = 0;
  for (const auto& member : household.members()) {
    RRMON_ASSIGN_OR_RETURN(
        SqliteStatement * insert,
        connection.Prepare("INSERT INTO household_members (household_id, member_id, position, "
                           "id_number, active, record) VALUES (?,?,?,?,?,?)"));
    const std::string record = member.SerializeAsString();
    RRMON_RETURN_IF_ERROR(BindAll(*insert, household_id, MemberIdOf(member), position++,
                                  member.id_number(), active, SqlBlob{record}));
    RRMON_RETURN_IF_ERROR(AlreadyRegistered(insert->Run()));
  }
  return absl::OkStatus();
}

absl::Status WriteRequest(SqliteConnection& connection, const RequestKey& key,
                          const std::string& resource_name, const v1::Household& household,
                          absl::Time now) {
  return LogResponse(connection, key, resource_name, household.SerializeAsString(), now);
}

absl::StatusOr<std::optional<WriteResult>> ReadRequest(SqliteConnection& connection,
                                                       const RequestKey& key) {
  RRMON_ASSIGN_OR_RETURN(std::optional<LoggedResponse> logged, ReadLoggedResponse(connection, key));
  if (!logged.has_value()) return std::optional<WriteResult>();
  WriteResult result;
  result.resource_name = std::move(logged->resource_name);
  if (!result.household.ParseFromString(logged->response)) {
    return absl::DataLossError("stored response of an earlier request is unreadable");
  }
  result.replayed = true;
  return std::optional<WriteResult>(std::move(result));
}

absl::Status WriteHouseholdRow(SqliteConnection& connection, const v1::Household& household,
                               bool insert, int64_t expected_revision) {
  v1::Household row = household;
  row.clear_members();
  const std::string record = row.SerializeAsString();
  const std::string id = IdOf(household);
  const int64_t revision = RevisionOf(household.etag()).value_or(0);
  if (insert) {
    RRMON_ASSIGN_OR_RETURN(
        SqliteStatement * statement,
        connection.Prepare("INSERT INTO households (id, region_code, county_code, category, "
                           "status, household_size, revision, deleted, record, "
                           "primary_risk_type, create_day) VALUES (?,?,?,?,?,?,?,?,?,?,?)"));
    RRMON_RETURN_IF_ERROR(BindAll(
        *statement, id, household.region_code(), validation::CountyOf(household.region_code()),
        static_cast<int>(household.category()), static_cast<int>(household.status()),
        household.household_size(), revision, household.has_delete_time(), SqlBlob{record},
        static_cast<int>(household.primary_risk_type()), CreateDayOf(household)));
    return statement->Run();
  }
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      connection.Prepare("UPDATE households SET region_code = ?, county_code = ?, category = ?, "
                         "status = ?, household_size = ?, revision = ?, deleted = ?, record = ?, "
                         "primary_risk_type = ? WHERE id = ? AND revision = ?"));
  RRMON_RETURN_IF_ERROR(
      BindAll(*statement, household.region_code(), validation::CountyOf(household.region_code()),
              static_cast<int>(household.category()), static_cast<int>(household.status()),
              household.household_size(), revision, household.has_delete_time(), SqlBlob{record},
              static_cast<int>(household.primary_risk_type()), id, expected_revision));
  RRMON_RETURN_IF_ERROR(statement->Run());
  if (connection.ChangedRows() == 0) {
    return EtagMismatchError("household");
  }
  return SyncHouseholdRecords(connection, id, household);
}

// Reads members for the households whose ids are in `households`, in stored order.
absl::Status AttachMembers(SqliteStatement& statement,
                           std::map<std::string, v1::Household*>& households) {
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) return absl::OkStatus();
    auto it = households.find(statement.ColumnText(0));
    if (it == households.end()) continue;
    if (!it->second->add_members()->ParseFromString(statement.ColumnBlob(1))) {
      return absl::DataLossError("a stored member record is unreadable");
    }
  }
}

}  // namespace

const std::vector<Migration>& MonitoringSqliteMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "household registry, request log, audit log", kSchemaV1},
      {2, "risk signals and cases", kSchemaV2},
      {3, "measures, income records, guarantees; statistics columns", kSchemaV3},
      {4, "covering indexes for statistics", kSchemaV4},
      {5, "records follow their household's region and deletion", kSchemaV5},
      {6, "append-only audit log; request log retention index", kSchemaV6},
      {7, "reads in the audit trail; the trail by household", kSchemaV7},
  };
  return kMigrations;
}

absl::Status UpdateHouseholdRow(SqliteConnection& connection, const v1::Household& household,
                                int64_t expected_revision) {
  return WriteHouseholdRow(connection, household, /*insert=*/false, expected_revision);
}

absl::Status InsertAuditRow(SqliteConnection& connection, const AuditRecord& audit) {
  return InsertAuditChange(connection, audit);
}

absl::StatusOr<WriteResult> SqliteHouseholdRepository::Insert(const v1::Household& household,
                                                              const AuditRecord& audit,
                                                              const std::optional<RequestKey>& key,
                                                              const std::string& resource_name) {
  return Write(household, std::nullopt, audit, key, resource_name);
}

absl::StatusOr<WriteResult> SqliteHouseholdRepository::Write(
    const v1::Household& household, std::optional<int64_t> expected_revision,
    const AuditRecord& audit, const std::optional<RequestKey>& key,
    const std::string& resource_name) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(SqliteTransaction transaction, SqliteTransaction::Begin(*connection));
  if (key.has_value()) {
    RRMON_ASSIGN_OR_RETURN(std::optional<WriteResult> earlier, ReadRequest(*connection, *key));
    if (earlier.has_value()) return *std::move(earlier);
  }
  RRMON_RETURN_IF_ERROR(WriteHouseholdRow(*connection, household,
                                          /*insert=*/!expected_revision.has_value(),
                                          expected_revision.value_or(0)));
  RRMON_RETURN_IF_ERROR(WriteMembers(*connection, IdOf(household), household));
  if (key.has_value()) {
    RRMON_RETURN_IF_ERROR(WriteRequest(*connection, *key, resource_name, household, audit.time));
  }
  RRMON_RETURN_IF_ERROR(InsertAuditChange(*connection, audit));
  RRMON_RETURN_IF_ERROR(transaction.Commit());
  return WriteResult{household, resource_name, false};
}

absl::StatusOr<v1::Household> SqliteHouseholdRepository::Get(const std::string& household_id) {
  auto connection = database_.Acquire();
  // One statement, so household and members come from one snapshot without an explicit
  // transaction (two fewer round trips into SQLite than BEGIN/SELECT/SELECT/COMMIT).
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      connection->Prepare("SELECT h.record, m.record FROM households h "
                          "LEFT JOIN household_members m ON m.household_id = h.id "
                          "WHERE h.id = ?1 ORDER BY m.position"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, household_id));
  v1::Household household;
  bool found = false;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) break;
    if (!found) {
      found = true;
      if (!household.ParseFromString(statement->ColumnBlob(0))) {
        return absl::DataLossError("a stored household record is unreadable");
      }
    }
    if (statement->ColumnIsNull(1)) continue;
    if (!household.add_members()->ParseFromString(statement->ColumnBlob(1))) {
      return absl::DataLossError("a stored member record is unreadable");
    }
  }
  if (!found) {
    return ResourceNotFoundError("Household", absl::StrCat("households/", household_id));
  }
  return household;
}

absl::StatusOr<std::optional<WriteResult>> SqliteHouseholdRepository::FindRequest(
    const RequestKey& key) {
  auto connection = database_.Acquire();
  return ReadRequest(*connection, key);
}

absl::StatusOr<WriteResult> SqliteHouseholdRepository::Replace(const v1::Household& household,
                                                               int64_t expected_revision,
                                                               const AuditRecord& audit,
                                                               const std::optional<RequestKey>& key,
                                                               const std::string& resource_name) {
  return Write(household, expected_revision, audit, key, resource_name);
}

absl::StatusOr<HouseholdPage> SqliteHouseholdRepository::List(const HouseholdQuery& query) {
  // One fixed SQL text for every filter combination, so the statement is prepared once;
  // ':' sorts right after '9', closing the prefix range.
  static constexpr char kFilter[] =
      "FROM households WHERE region_code >= ?1 AND region_code < ?1 || ':' "
      "AND (?2 = 0 OR category = ?2) AND (?3 = 0 OR status = ?3) AND (?4 OR deleted = 0) "
      "AND (region_code, id) > (?5, ?6) ";
  auto connection = database_.Acquire();
  RRMON_RETURN_IF_ERROR(connection->Execute("BEGIN"));
  auto result = [&]() -> absl::StatusOr<HouseholdPage> {
    RRMON_ASSIGN_OR_RETURN(SqliteStatement * rows,
                           connection->Prepare(absl::StrCat("SELECT id, record ", kFilter,
                                                            "ORDER BY region_code, id LIMIT ?7")));
    const auto [after_region, after_id] = SplitSortKey(query.after_key);
    RRMON_RETURN_IF_ERROR(BindAll(*rows, query.region_prefix, static_cast<int>(query.category),
                                  static_cast<int>(query.status), query.show_deleted, after_region,
                                  after_id, query.limit + 1));
    HouseholdPage page;
    std::vector<std::string> ids;
    while (true) {
      RRMON_ASSIGN_OR_RETURN(bool row, rows->Step());
      if (!row) break;
      if (static_cast<int>(page.households.size()) == query.limit) {
        page.more = true;
        break;
      }
      ids.push_back(rows->ColumnText(0));
      if (!page.households.emplace_back().ParseFromString(rows->ColumnBlob(1))) {
        return absl::DataLossError("a stored household record is unreadable");
      }
    }
    if (page.households.empty()) return page;
    page.last_key = SortKey(page.households.back(), ids.back());
    // The members of the whole page in one query, not one per household: the page's ids
    // go in as a JSON array, so the statement text is fixed and each id is a key lookup.
    std::string id_array = "[";
    for (const std::string& id : ids) {
      if (id_array.size() > 1) id_array += ",";
      absl::StrAppend(&id_array, "\"", id, "\"");  // ids are [a-z0-9-]: nothing to escape
    }
    id_array += "]";
    RRMON_ASSIGN_OR_RETURN(
        SqliteStatement * members,
        connection->Prepare("SELECT household_id, record FROM household_members WHERE "
                            "household_id IN (SELECT value FROM json_each(?1)) "
                            "ORDER BY household_id, position"));
    RRMON_RETURN_IF_ERROR(BindAll(*members, id_array));
    std::map<std::string, v1::Household*> by_id;
    for (size_t i = 0; i < ids.size(); ++i) by_id[ids[i]] = &page.households[i];
    RRMON_RETURN_IF_ERROR(AttachMembers(*members, by_id));
    return page;
  }();
  RRMON_RETURN_IF_ERROR(connection->Execute("COMMIT"));
  return result;
}

absl::StatusOr<std::vector<HouseholdCount>> SqliteHouseholdRepository::CountHouseholds() {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      connection->Prepare("SELECT county_code, category, status, COUNT(*), SUM(household_size) "
                          "FROM households WHERE deleted = 0 GROUP BY 1, 2, 3"));
  std::vector<HouseholdCount> counts;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) break;
    counts.push_back(HouseholdCount{statement->ColumnText(0),
                                    static_cast<v1::MonitoringCategory>(statement->ColumnInt64(1)),
                                    static_cast<v1::HouseholdStatus>(statement->ColumnInt64(2)),
                                    statement->ColumnInt64(3), statement->ColumnInt64(4)});
  }
  return counts;
}

}  // namespace rrmon::monitoring

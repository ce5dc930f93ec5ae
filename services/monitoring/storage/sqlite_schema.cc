#include "services/monitoring/storage/sqlite_schema.h"

#include "services/monitoring/storage/sqlite_statistics_schema.h"

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
      {8, "statistics counted per area by triggers", MaintainedStatisticsMigration()},
      {9, "started measures and overdue cases counted by flags", CountedFlagsMigration()},
  };
  return kMigrations;
}

}  // namespace rrmon::monitoring

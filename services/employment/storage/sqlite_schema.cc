#include "services/employment/storage/sqlite_schema.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/audit/sqlite_audit_trail.h"
#include "common/idempotency/sqlite_request_log.h"

namespace rrmon::employment {
namespace {

// Queryable fields are columns; the full record is a serialized proto beside them, so a
// field can be added without a migration. A person is one labourer: the ID number is
// unique. Spells carry their labourer's home village so that region-wide lists and
// counts read one index; the labourer's writes keep it current.
const char kLabourSchema[] = R"sql(
CREATE TABLE labourers (
  id                        TEXT PRIMARY KEY,
  region_code               TEXT NOT NULL,
  county_code               TEXT NOT NULL,
  id_number                 TEXT NOT NULL,
  poverty_alleviated_labour INTEGER NOT NULL,
  household_id              TEXT NOT NULL,
  link_state                INTEGER NOT NULL,
  revision                  INTEGER NOT NULL,
  record                    BLOB NOT NULL
);
CREATE UNIQUE INDEX labourers_by_id_number ON labourers (id_number);
CREATE INDEX labourers_by_region ON labourers (region_code, id);
CREATE INDEX labourers_by_household ON labourers (household_id) WHERE household_id <> '';
CREATE TABLE job_spells (
  labourer_id        TEXT NOT NULL REFERENCES labourers (id),
  spell_id           TEXT NOT NULL,
  region_code        TEXT NOT NULL,
  start_date         TEXT NOT NULL,
  end_date           TEXT NOT NULL,
  form               INTEGER NOT NULL,
  place_tier         INTEGER NOT NULL,
  second_job         INTEGER NOT NULL,
  monthly_income_fen INTEGER NOT NULL,
  record             BLOB NOT NULL,
  PRIMARY KEY (labourer_id, spell_id)
);
CREATE INDEX job_spells_by_region ON job_spells (region_code, labourer_id, start_date, spell_id);
CREATE INDEX job_spells_by_labourer ON job_spells (labourer_id, start_date, spell_id);
)sql";

// Businesses belong to their founder's aggregate and carry the founder's village, like
// spells. The progress counts are kept by every labourer write (progress_counts.h):
// digits first, so a region's own rows and those of the areas one level below it are
// each one range of the key. progress_count_state says which rule and through which
// year the counts were made, so that a changed rule recounts and a new year rolls the
// ongoing spells into it.
const char kProgressSchema[] = R"sql(
CREATE TABLE businesses (
  labourer_id TEXT NOT NULL REFERENCES labourers (id),
  business_id TEXT NOT NULL,
  region_code TEXT NOT NULL,
  start_date  TEXT NOT NULL,
  record      BLOB NOT NULL,
  PRIMARY KEY (labourer_id, business_id)
);
CREATE INDEX businesses_by_region ON businesses (region_code, labourer_id, start_date, business_id);
CREATE INDEX businesses_by_labourer ON businesses (labourer_id, start_date, business_id);
CREATE TABLE progress_counts (
  digits INTEGER NOT NULL,
  area   TEXT NOT NULL,
  year   INTEGER NOT NULL,
  figure INTEGER NOT NULL,
  form   INTEGER NOT NULL,
  tier   INTEGER NOT NULL,
  day    TEXT NOT NULL,
  n      INTEGER NOT NULL,
  PRIMARY KEY (digits, area, year, figure, form, tier, day)
) WITHOUT ROWID;
CREATE TABLE progress_count_state (
  id                INTEGER PRIMARY KEY CHECK (id = 1),
  through_year      INTEGER NOT NULL,
  employed_min_days INTEGER NOT NULL
);
INSERT INTO progress_count_state (id, through_year, employed_min_days) VALUES (1, 0, 0);
CREATE TABLE employment_targets (
  region_prefix TEXT NOT NULL,
  year          INTEGER NOT NULL,
  digits        INTEGER NOT NULL,
  revision      INTEGER NOT NULL,
  record        BLOB NOT NULL,
  PRIMARY KEY (digits, region_prefix, year)
);
)sql";

// The rows imports stored, by the client's row id: a re-upload stores nothing twice.
const char kImportSchema[] = R"sql(
CREATE TABLE import_rows (
  row_id      TEXT PRIMARY KEY,
  fingerprint INTEGER NOT NULL,
  resource    TEXT NOT NULL,
  time_micros INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

}  // namespace

const std::vector<Migration>& EmploymentSqliteMigrations() {
  static const std::vector<Migration> kMigrations = {
      {1, "labourers, job spells, request log, audit trail",
       absl::StrCat(kLabourSchema, kRequestLogSchema, kAuditTrailSchema)},
      // The counts start empty with state (0, 0): the first write or progress read
      // counts every labourer already stored, under the configured rule.
      {2, "businesses, progress counts, employment targets", kProgressSchema},
      {3, "rows stored by imports", kImportSchema},
  };
  return kMigrations;
}

}  // namespace rrmon::employment

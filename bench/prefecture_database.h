#pragma once

// A monitoring database the size of one prefecture, for the read benchmarks: Tacheng
// (6542), 7 counties of 15 villages each, 10,000 households of 3 people, 2,000 of them
// monitored and 300 with risk eliminated, ~40,000 measures, 12 months of declared income
// and a guarantees record per monitored household, and ~850 cases. Or, with
// ProvinceShape(), the same proportions for a province (65): 14 prefectures of 7 counties,
// 10 townships of 10 villages each, 1,000,000 households, 3,000,000 people and ~4,000,000
// measures.
//
// Rows are written as the repositories write them (same columns, serialized records of
// realistic size), in one transaction: building takes a few seconds, not the minutes
// 10,000 registry calls would. No ANALYZE is run, as the service runs none.
//
// With RRMON_BENCH_DB_DIR=/some/folder the database is written there as `{name}.db`
// (replacing the file) and kept, to look at with the sqlite3 shell (EXPLAIN QUERY PLAN);
// otherwise it lives in a temporary folder removed on exit. With RRMON_BENCH_REUSE_DB=1 as
// well, a database already there is opened (and migrated) instead of built again: a
// province takes many minutes to build.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/storage/sqlite_database.h"
#include "tests/support/temp_dir.h"

namespace rrmon::bench {

// Where the households live and how many there are; the rest is in proportion.
struct RegistryShape {
  std::vector<std::string> counties;  // 6-digit codes
  int townships_per_county = 5;
  int villages_per_township = 3;
  int households = 10'000;
};
RegistryShape PrefectureShape();
RegistryShape ProvinceShape();

struct PrefectureDatabase {
  std::unique_ptr<testing::TempDir> dir;  // null when RRMON_BENCH_DB_DIR is set
  std::string path;
  std::unique_ptr<SqliteDatabase> database;

  // The day the figures are counted and the instant of the call.
  absl::CivilDay as_of;
  absl::Time now;

  std::string province;    // "65"
  std::string prefecture;  // "6542"
  std::string county;      // "654221" (额敏县)
  std::string village;     // a village of that county
  // A monitored household with measures, 12 months of income and guarantees.
  std::string monitored_household;

  // What was written, to report beside the timings.
  int households = 0;
  int people = 0;
  int measures = 0;
  int cases = 0;
  int income_records = 0;
};

// Builds the database described above, with the schema of MonitoringSqliteMigrations(),
// then runs `extra_sql` (e.g. an index being considered for a migration). `name` names
// the file.
absl::StatusOr<std::unique_ptr<PrefectureDatabase>> BuildPrefectureDatabase(
    const std::string& name = "prefecture", const std::string& extra_sql = "",
    const RegistryShape& shape = PrefectureShape());

}  // namespace rrmon::bench

#include "services/monitoring/storage/sqlite_statistics_schema.h"

#include <initializer_list>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "rrmon/monitoring/v1/household.pb.h"
#include "rrmon/monitoring/v1/risk.pb.h"

namespace rrmon::monitoring {
namespace {

// Every statement below adds a signed contribution to the counts of one area per level;
// rows that reach zero stay (an area keeps at most a few dozen rows) and are skipped by
// the reader.
constexpr char kUpsert[] =
    " ON CONFLICT (digits, area, figure, k1, k2, k3) "
    "DO UPDATE SET n = n + excluded.n, m = m + excluded.m;\n";

// A household row's own contribution, and that of its measures, open cases and
// eliminations, when the household row is $R (NEW or OLD) and the sign $S. Measures and
// cases are counted under their household's region and only while it is live, as the
// statistics have always attributed them.
constexpr char kHouseholdCounts[] =
    "SELECT l.digits, substr($R.region_code, 1, l.digits), $HOUSEHOLDS, $R.status, "
    "$R.category, $R.primary_risk_type, $S, $S * $R.household_size "
    "FROM statistic_levels l WHERE $R.deleted = 0";
constexpr char kHouseholdMeasures[] =
    "SELECT l.digits, substr($R.region_code, 1, l.digits), $MEASURES, x.type, x.status, "
    "$MEASURE_K3_X, $S * COUNT(*), $S * SUM(x.funds_fen) "
    "FROM measures x, statistic_levels l WHERE x.household_id = $R.id AND $R.deleted = 0 "
    "GROUP BY l.digits, x.type, x.status$STARTED_GROUP_X";
constexpr char kHouseholdOpenCases[] =
    "SELECT l.digits, substr($R.region_code, 1, l.digits), $OPEN_CASES, x.step, 0, 0, "
    "$S * COUNT(*), $OVERDUE_X FROM cases x, statistic_levels l "
    "WHERE x.household_id = $R.id AND x.open = 1 AND $R.deleted = 0 GROUP BY l.digits, x.step";
constexpr char kHouseholdEliminated[] =
    "SELECT l.digits, substr($R.region_code, 1, l.digits), $ELIMINATED, 0, 0, 0, $S, 0 "
    "FROM statistic_levels l WHERE $R.deleted = 0 AND EXISTS (SELECT 1 FROM cases x "
    "WHERE x.household_id = $R.id AND $APPROVED_X)";
constexpr char kHouseholdEliminatedInYear[] =
    "SELECT l.digits, substr($R.region_code, 1, l.digits), $YEARLY_ELIMINATED, y.year, 0, 0, "
    "$S, 0 FROM (SELECT DISTINCT CAST(substr(x.close_day, 1, 4) AS INTEGER) AS year "
    "FROM cases x WHERE x.household_id = $R.id AND $APPROVED_X) y, statistic_levels l "
    "WHERE $R.deleted = 0";

// A measure row $R's contribution, under its household's region and status.
constexpr char kMeasureCounts[] =
    "SELECT l.digits, substr(h.region_code, 1, l.digits), $MEASURES, $R.type, $R.status, "
    "$MEASURE_K3_R, $S, $S * $R.funds_fen "
    "FROM households h, statistic_levels l WHERE h.id = $R.household_id AND h.deleted = 0";

// A case row $R's contribution. An elimination counts a household once however many of
// its cases were approved (once per year for the yearly figure): the row adds or removes
// the household only when no other case of it (x) already counts it.
constexpr char kCaseOpen[] =
    "SELECT l.digits, substr(h.region_code, 1, l.digits), $OPEN_CASES, $R.step, 0, 0, $S, "
    "$OVERDUE_R "
    "FROM households h, statistic_levels l "
    "WHERE h.id = $R.household_id AND h.deleted = 0 AND $R.open = 1";
constexpr char kCaseEliminated[] =
    "SELECT l.digits, substr(h.region_code, 1, l.digits), $ELIMINATED, 0, 0, 0, $S, 0 "
    "FROM households h, statistic_levels l "
    "WHERE h.id = $R.household_id AND h.deleted = 0 AND $APPROVED_R AND NOT EXISTS "
    "(SELECT 1 FROM cases x WHERE x.household_id = $R.household_id "
    "AND x.case_id <> $R.case_id AND $APPROVED_X)";
constexpr char kCaseEliminatedInYear[] =
    "SELECT l.digits, substr(h.region_code, 1, l.digits), $YEARLY_ELIMINATED, "
    "CAST(substr($R.close_day, 1, 4) AS INTEGER), 0, 0, $S, 0 "
    "FROM households h, statistic_levels l "
    "WHERE h.id = $R.household_id AND h.deleted = 0 AND $APPROVED_R AND NOT EXISTS "
    "(SELECT 1 FROM cases x WHERE x.household_id = $R.household_id "
    "AND x.case_id <> $R.case_id AND $APPROVED_X "
    "AND substr(x.close_day, 1, 4) = substr($R.close_day, 1, 4))";

// The rows already in the database, counted once when the migration runs.
constexpr char kBackfill[] = R"sql(
INSERT INTO statistic_counts (digits, area, figure, k1, k2, k3, n, m)
SELECT l.digits, substr(h.region_code, 1, l.digits), $HOUSEHOLDS, h.status, h.category,
  h.primary_risk_type, COUNT(*), SUM(h.household_size)
FROM households h, statistic_levels l WHERE h.deleted = 0 GROUP BY 1, 2, 4, 5, 6;
INSERT INTO statistic_counts (digits, area, figure, k1, k2, k3, n, m)
SELECT l.digits, substr(h.region_code, 1, l.digits), $MEASURES, x.type, x.status,
  h.status = $MONITORED, COUNT(*), SUM(x.funds_fen)
FROM measures x JOIN households h ON h.id = x.household_id, statistic_levels l
WHERE h.deleted = 0 GROUP BY 1, 2, 4, 5, 6;
INSERT INTO statistic_counts (digits, area, figure, k1, k2, k3, n, m)
SELECT l.digits, substr(h.region_code, 1, l.digits), $OPEN_CASES, x.step, 0, 0, COUNT(*), 0
FROM cases x JOIN households h ON h.id = x.household_id, statistic_levels l
WHERE h.deleted = 0 AND x.open = 1 GROUP BY 1, 2, 4;
INSERT INTO statistic_counts (digits, area, figure, k1, k2, k3, n, m)
SELECT l.digits, substr(h.region_code, 1, l.digits), $ELIMINATED, 0, 0, 0, COUNT(*), 0
FROM households h, statistic_levels l
WHERE h.deleted = 0 AND EXISTS (SELECT 1 FROM cases x WHERE x.household_id = h.id AND $APPROVED_X)
GROUP BY 1, 2;
INSERT INTO statistic_counts (digits, area, figure, k1, k2, k3, n, m)
SELECT l.digits, substr(h.region_code, 1, l.digits), $YEARLY_ELIMINATED, y.year, 0, 0, COUNT(*), 0
FROM (SELECT DISTINCT x.household_id, CAST(substr(x.close_day, 1, 4) AS INTEGER) AS year
      FROM cases x WHERE $APPROVED_X) y
  JOIN households h ON h.id = y.household_id, statistic_levels l
WHERE h.deleted = 0 GROUP BY 1, 2, 4;
)sql";

// The table, and the indexes of what a past day or the instant takes away from the
// counts: households by registration day, measures by start, open cases by due time.
// (Eliminations by closing day have cases_closed.) The covering index of the row scan
// the counts replace goes.
constexpr char kTables[] = R"sql(
CREATE TABLE statistic_levels (digits INTEGER PRIMARY KEY);
INSERT INTO statistic_levels (digits) VALUES (2), (4), (6), (9), (12);
CREATE TABLE statistic_counts (
  digits INTEGER NOT NULL,
  area   TEXT NOT NULL,
  figure INTEGER NOT NULL,
  k1     INTEGER NOT NULL,
  k2     INTEGER NOT NULL,
  k3     INTEGER NOT NULL,
  n      INTEGER NOT NULL,
  m      INTEGER NOT NULL,
  PRIMARY KEY (digits, area, figure, k1, k2, k3)
) WITHOUT ROWID;
CREATE INDEX households_by_create_day ON households (create_day) WHERE deleted = 0;
CREATE INDEX measures_by_start_date ON measures (start_date);
CREATE INDEX cases_open_by_due ON cases (due_micros) WHERE open = 1;
DROP INDEX households_for_statistics;
)sql";

// What differs between the triggers of migration 8 and those of migration 9, which key
// measures by whether they are flagged as not started yet (k3 + 2) and count as overdue the open
// cases flagged so (the repository's AdvanceCounts moves the flags on; its corrections
// cover what they have not caught up with). Migration 8's statements are kept as they
// were written.
struct TriggerVersion {
  const char* measure_k3_x;     // k3 of a household's measures x
  const char* started_group_x;  // what they are grouped by besides type and status
  const char* measure_k3_r;     // k3 of the measure row
  const char* overdue_x;        // overdue among a household's open cases x
  const char* overdue_r;        // overdue of the case row
  const char* started_changed;  // a measure's update changes its flag
  const char* overdue_changed;  // a case's update changes its flag
  // How a household's approved eliminations x are found. Migration 9 writes "+$APPROVED_X"
  // (a unary plus on x.kind) so that SQLite reads the household's cases by its key: on
  // x.kind the planner took cases_closed and read every approved elimination of the
  // database for each row written, which made each write O(eliminations).
  const char* approved_x;
};
constexpr TriggerVersion kTriggersOfVersion8 = {
    "$R.status = $MONITORED", "", "h.status = $MONITORED", "0", "0", "", "", "$APPROVED_X"};
constexpr TriggerVersion kTriggersOfVersion9 = {
    "($R.status = $MONITORED) + 2 * x.counted_as_not_started",
    ", x.counted_as_not_started",
    "(h.status = $MONITORED) + 2 * $R.counted_as_not_started",
    "$S * SUM(x.counted_as_overdue)",
    "$S * $R.counted_as_overdue",
    " OR OLD.counted_as_not_started IS NOT NEW.counted_as_not_started",
    " OR OLD.counted_as_overdue IS NOT NEW.counted_as_overdue",
    "+$APPROVED_X"};

// The enum numbers and conditions the statements are written with, spelled out.
std::string Expand(const std::string& sql) {
  const auto number = [](auto value) { return absl::StrCat(static_cast<int>(value)); };
  const std::string approved_elimination =
      absl::StrCat(".kind = ", number(v1::CASE_KIND_ELIMINATION),
                   " AND $X.step = ", number(v1::CASE_STEP_APPROVED), " AND $X.close_day <> ''");
  return absl::StrReplaceAll(
      sql,
      {{"$APPROVED_X", absl::StrReplaceAll(absl::StrCat("x", approved_elimination), {{"$X", "x"}})},
       {"$APPROVED_R",
        absl::StrReplaceAll(absl::StrCat("$R", approved_elimination), {{"$X", "$R"}})},
       {"$MONITORED", number(v1::HOUSEHOLD_STATUS_MONITORED)},
       {"$HOUSEHOLDS", number(StatisticFigure::kHouseholds)},
       {"$MEASURES", number(StatisticFigure::kMeasures)},
       {"$OPEN_CASES", number(StatisticFigure::kOpenCases)},
       {"$ELIMINATED", number(StatisticFigure::kEliminated)},
       {"$YEARLY_ELIMINATED", number(StatisticFigure::kEliminatedInYear)}});
}

// The statements adding `selects` for the row `row` (NEW or OLD) with `sign`.
std::string Contributions(const TriggerVersion& version, std::initializer_list<const char*> selects,
                          const char* row, const char* sign) {
  std::string sql;
  for (const char* select : selects) {
    const std::string versioned =
        absl::StrReplaceAll(select, {{"$MEASURE_K3_X", version.measure_k3_x},
                                     {"$STARTED_GROUP_X", version.started_group_x},
                                     {"$MEASURE_K3_R", version.measure_k3_r},
                                     {"$OVERDUE_X", version.overdue_x},
                                     {"$OVERDUE_R", version.overdue_r},
                                     {"$APPROVED_X", version.approved_x}});
    absl::StrAppend(&sql,
                    "  INSERT INTO statistic_counts (digits, area, figure, k1, k2, k3, n, m) ",
                    absl::StrReplaceAll(Expand(versioned), {{"$R", row}, {"$S", sign}}), kUpsert);
  }
  return sql;
}

// A trigger that takes OLD's contributions away and adds NEW's, when `changed` (a
// condition on OLD and NEW) holds.
std::string UpdateTrigger(const TriggerVersion& version, const std::string& name, const char* table,
                          const std::string& changed, std::initializer_list<const char*> selects) {
  return absl::StrCat("CREATE TRIGGER ", name, " AFTER UPDATE ON ", table, " WHEN ", changed,
                      " BEGIN\n", Contributions(version, selects, "OLD", "-1"),
                      Contributions(version, selects, "NEW", "1"), "END;\n");
}

std::string InsertAndDeleteTriggers(const TriggerVersion& version, const std::string& table,
                                    std::initializer_list<const char*> selects) {
  return absl::StrCat("CREATE TRIGGER statistics_", table, "_insert AFTER INSERT ON ", table,
                      " BEGIN\n", Contributions(version, selects, "NEW", "1"), "END;\n",
                      "CREATE TRIGGER statistics_", table, "_delete AFTER DELETE ON ", table,
                      " BEGIN\n", Contributions(version, selects, "OLD", "-1"), "END;\n");
}

// Every trigger that keeps statistic_counts, as of `version`.
std::string Triggers(const TriggerVersion& version) {
  std::string sql;
  const std::initializer_list<const char*> household_selects = {
      kHouseholdCounts, kHouseholdMeasures, kHouseholdOpenCases, kHouseholdEliminated,
      kHouseholdEliminatedInYear};
  absl::StrAppend(&sql, InsertAndDeleteTriggers(version, "households", household_selects));
  // A household's own row changes with its status, category, risk type or size; its
  // measures follow it when it moves, is deleted or restored, or enters or leaves
  // monitoring; its cases when it moves, is deleted or restored.
  constexpr char kMovedOrDeleted[] =
      "(OLD.region_code IS NOT NEW.region_code OR OLD.deleted IS NOT NEW.deleted)";
  absl::StrAppend(
      &sql,
      UpdateTrigger(version, "statistics_household_counts", "households",
                    "(OLD.region_code IS NOT NEW.region_code OR OLD.deleted IS NOT NEW.deleted "
                    "OR OLD.status IS NOT NEW.status OR OLD.category IS NOT NEW.category "
                    "OR OLD.primary_risk_type IS NOT NEW.primary_risk_type "
                    "OR OLD.household_size IS NOT NEW.household_size)",
                    {kHouseholdCounts}),
      UpdateTrigger(version, "statistics_household_measures", "households",
                    absl::StrCat(kMovedOrDeleted,
                                 " OR (OLD.status = $MONITORED) IS NOT (NEW.status = $MONITORED)"),
                    {kHouseholdMeasures}),
      UpdateTrigger(version, "statistics_household_cases", "households", kMovedOrDeleted,
                    {kHouseholdOpenCases, kHouseholdEliminated, kHouseholdEliminatedInYear}));
  const std::initializer_list<const char*> measure_selects = {kMeasureCounts};
  absl::StrAppend(
      &sql, InsertAndDeleteTriggers(version, "measures", measure_selects),
      UpdateTrigger(version, "statistics_measures_update", "measures",
                    absl::StrCat("(OLD.household_id IS NOT NEW.household_id OR OLD.type IS NOT "
                                 "NEW.type OR OLD.status IS NOT NEW.status OR OLD.funds_fen IS "
                                 "NOT NEW.funds_fen",
                                 version.started_changed, ")"),
                    measure_selects));
  const std::initializer_list<const char*> case_selects = {kCaseOpen, kCaseEliminated,
                                                           kCaseEliminatedInYear};
  absl::StrAppend(
      &sql, InsertAndDeleteTriggers(version, "cases", case_selects),
      UpdateTrigger(version, "statistics_cases_update", "cases",
                    absl::StrCat("(OLD.household_id IS NOT NEW.household_id OR OLD.case_id IS "
                                 "NOT NEW.case_id OR OLD.open IS NOT NEW.open OR OLD.step IS NOT "
                                 "NEW.step OR OLD.kind IS NOT NEW.kind OR OLD.close_day IS NOT "
                                 "NEW.close_day",
                                 version.overdue_changed, ")"),
                    case_selects));
  return sql;
}

// Migration 9: the flags, the counts of measures and open cases recounted with them, the
// triggers that read them, and the indexes of the corrections (each a partial index of
// the rows on one side of a flag, so each correction reads only the rows whose flag is
// behind the day or instant asked for). Both flags default to 0, what nearly every row
// is (started; not overdue), so the migration writes the few rows that differ rather
// than the whole table. The recount groups the rows once, per village, and rolls the
// villages up to the coarser levels.
constexpr char kCountedFlags[] = R"sql(
ALTER TABLE measures ADD COLUMN counted_as_not_started INTEGER NOT NULL DEFAULT 0;
ALTER TABLE cases ADD COLUMN counted_as_overdue INTEGER NOT NULL DEFAULT 0;
DROP TRIGGER statistics_households_insert;
DROP TRIGGER statistics_households_delete;
DROP TRIGGER statistics_household_counts;
DROP TRIGGER statistics_household_measures;
DROP TRIGGER statistics_household_cases;
DROP TRIGGER statistics_measures_insert;
DROP TRIGGER statistics_measures_delete;
DROP TRIGGER statistics_measures_update;
DROP TRIGGER statistics_cases_insert;
DROP TRIGGER statistics_cases_delete;
DROP TRIGGER statistics_cases_update;
DROP INDEX measures_by_start_date;
DROP INDEX cases_open_by_due;
CREATE INDEX measures_started_by_start ON measures (start_date)
  WHERE counted_as_not_started = 0;
CREATE INDEX measures_not_started_by_start ON measures (start_date)
  WHERE counted_as_not_started = 1;
CREATE INDEX cases_overdue_by_due ON cases (due_micros)
  WHERE open = 1 AND counted_as_overdue = 1;
CREATE INDEX cases_not_overdue_by_due ON cases (due_micros)
  WHERE open = 1 AND counted_as_overdue = 0;
UPDATE measures SET counted_as_not_started = 1 WHERE start_date > date('now');
UPDATE cases SET counted_as_overdue = 1
  WHERE open = 1 AND due_micros < unixepoch('now') * 1000000;
DELETE FROM statistic_counts WHERE figure IN ($MEASURES, $OPEN_CASES);
INSERT INTO statistic_counts (digits, area, figure, k1, k2, k3, n, m)
SELECT 12, substr(h.region_code, 1, 12), $MEASURES, x.type, x.status,
  (h.status = $MONITORED) + 2 * x.counted_as_not_started, COUNT(*), SUM(x.funds_fen)
FROM measures x JOIN households h ON h.id = x.household_id
WHERE h.deleted = 0 GROUP BY 2, 4, 5, 6;
INSERT INTO statistic_counts (digits, area, figure, k1, k2, k3, n, m)
SELECT 12, substr(h.region_code, 1, 12), $OPEN_CASES, x.step, 0, 0, COUNT(*),
  SUM(x.counted_as_overdue)
FROM cases x JOIN households h ON h.id = x.household_id
WHERE h.deleted = 0 AND x.open = 1 GROUP BY 2, 4;
INSERT INTO statistic_counts (digits, area, figure, k1, k2, k3, n, m)
SELECT l.digits, substr(c.area, 1, l.digits), c.figure, c.k1, c.k2, c.k3, SUM(c.n), SUM(c.m)
FROM statistic_counts c, statistic_levels l
WHERE c.digits = 12 AND c.figure IN ($MEASURES, $OPEN_CASES) AND l.digits < 12
GROUP BY 1, 2, 3, 4, 5, 6;
)sql";

}  // namespace

std::string MaintainedStatisticsMigration() {
  return Expand(absl::StrCat(kTables, kBackfill, Triggers(kTriggersOfVersion8)));
}

std::string CountedFlagsMigration() {
  return Expand(absl::StrCat(kCountedFlags, Triggers(kTriggersOfVersion9)));
}

}  // namespace rrmon::monitoring

#include "services/monitoring/storage/sqlite_statistics_repository.h"

#include <map>
#include <tuple>
#include <utility>

#include "common/status/macros.h"
#include "common/storage/sqlite_bind.h"
#include "common/time/civil_date.h"
#include "common/validation/region_code.h"
#include "services/monitoring/storage/sqlite_statistics_schema.h"

namespace rrmon::monitoring {
namespace {

// What both ways of counting produce before it becomes a MonitoringStatistics: the figures
// of each area one level under the prefix (of the village itself for a village), keyed
// by the area's prefix so that they come out sorted.
struct AreaTally {
  // (status, category, primary risk type) → households, people.
  std::map<std::tuple<int, int, int>, std::pair<int64_t, int64_t>> households;
  // (type, status, whether the household is monitored) → measures, funds in fen.
  std::map<std::tuple<int, int, bool>, std::pair<int64_t, int64_t>> measures;
  // step → open cases, of which overdue.
  std::map<int, std::pair<int64_t, int64_t>> cases;
  int64_t eliminated = 0;
  int64_t eliminated_this_year = 0;
};
using AreaTallies = std::map<std::string, AreaTally>;

// What the queries below are bound with. Every query covers the live households of the
// region (?1, the prefix; ':' sorts right after '9', closing the prefix range) and names
// an area by the first ?3 digits of a region code (?2 in kCounts).
struct Parameters {
  std::string prefix;
  std::string as_of;
  int area_digits = 0;
  int monitored = static_cast<int>(v1::HOUSEHOLD_STATUS_MONITORED);
  int elimination = static_cast<int>(v1::CASE_KIND_ELIMINATION);
  int approved = static_cast<int>(v1::CASE_STEP_APPROVED);
  int64_t now_micros = 0;
  int64_t year = 0;
  std::string year_start;
  std::string year_end;
};

// Runs `sql` bound with `args` and hands each row to `row`.
template <typename RowFn, typename... Args>
absl::Status ForEachRow(SqliteConnection& connection, const char* sql, RowFn row,
                        const Args&... args) {
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement, connection.Prepare(sql));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, args...));
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool more, statement->Step());
    if (!more) return absl::OkStatus();
    row(*statement);
  }
}

// --- The maintained counts (sqlite_statistics_schema.h), and what a day and an instant
// take away from them. Each correction reads an index range of rows dated after the day
// counted (none when it is today) or of overdue open cases, never the region's rows.

// The counts of the areas one level under the prefix.
constexpr char kCounts[] =
    "SELECT area, figure, k1, k2, k3, n, m FROM statistic_counts "
    "WHERE digits = ?2 AND area >= ?1 AND area < ?1 || ':' AND (n <> 0 OR m <> 0)";

// Live households registered after the day counted (rows written before creation days
// were recorded have '' and count as registered since always).
constexpr char kHouseholdsRegisteredLater[] =
    "SELECT h.status, h.category, h.primary_risk_type, h.household_size, "
    "substr(h.region_code, 1, ?3) FROM households h INDEXED BY households_by_create_day "
    "WHERE h.create_day > ?2 AND h.deleted = 0 AND h.region_code >= ?1 "
    "AND h.region_code < ?1 || ':'";

// Measures the counts hold as started that the day does not, and the reverse, each with
// its sign (column 5): those counted as started of households registered after the day;
// those counted as started that start after it; and those counted as not started that
// start on or before it (flags behind the day; AdvanceCounts catches them up).
constexpr char kMeasureCorrections[] =
    "SELECT h.status = ?4, m.type, m.status, m.funds_fen, substr(h.region_code, 1, ?3), -1 "
    "FROM households h INDEXED BY households_by_create_day CROSS JOIN measures m "
    "WHERE h.create_day > ?2 AND h.deleted = 0 AND h.region_code >= ?1 "
    "AND h.region_code < ?1 || ':' AND m.household_id = h.id "
    "AND m.counted_as_not_started = 0 "
    "UNION ALL "
    "SELECT h.status = ?4, m.type, m.status, m.funds_fen, substr(h.region_code, 1, ?3), -1 "
    "FROM measures m INDEXED BY measures_started_by_start CROSS JOIN households h "
    "WHERE m.counted_as_not_started = 0 AND m.start_date > ?2 AND h.id = m.household_id "
    "AND h.deleted = 0 AND (h.create_day = '' OR h.create_day <= ?2) "
    "AND h.region_code >= ?1 AND h.region_code < ?1 || ':' "
    "UNION ALL "
    "SELECT h.status = ?4, m.type, m.status, m.funds_fen, substr(h.region_code, 1, ?3), 1 "
    "FROM measures m INDEXED BY measures_not_started_by_start CROSS JOIN households h "
    "WHERE m.counted_as_not_started = 1 AND m.start_date <= ?2 AND h.id = m.household_id "
    "AND h.deleted = 0 AND (h.create_day = '' OR h.create_day <= ?2) "
    "AND h.region_code >= ?1 AND h.region_code < ?1 || ':'";

// Open cases whose step is due strictly before the instant (?2) but not counted as
// overdue yet (sign 1, column 3), and those counted as overdue that are not due by it
// (-1); a case without a due time is never overdue (and is in neither index's range).
constexpr char kOverdueCorrections[] =
    "SELECT c.step, substr(h.region_code, 1, ?3), COUNT(*), 1 "
    "FROM cases c INDEXED BY cases_not_overdue_by_due CROSS JOIN households h "
    "WHERE c.open = 1 AND c.counted_as_overdue = 0 AND c.due_micros < ?2 "
    "AND h.id = c.household_id AND h.deleted = 0 "
    "AND h.region_code >= ?1 AND h.region_code < ?1 || ':' GROUP BY 1, 2 "
    "UNION ALL "
    "SELECT c.step, substr(h.region_code, 1, ?3), COUNT(*), -1 "
    "FROM cases c INDEXED BY cases_overdue_by_due CROSS JOIN households h "
    "WHERE c.open = 1 AND c.counted_as_overdue = 1 AND c.due_micros >= ?2 "
    "AND h.id = c.household_id AND h.deleted = 0 "
    "AND h.region_code >= ?1 AND h.region_code < ?1 || ':' GROUP BY 1, 2";

// What AdvanceCounts does: the flags of measures brought to the day (?1) and those of
// open cases to the instant (?1), through the partial indexes of the corrections above.
// The triggers move the counts with each flag.
constexpr const char* kAdvanceMeasureFlags[] = {
    "UPDATE measures SET counted_as_not_started = 0 "
    "WHERE counted_as_not_started = 1 AND start_date <= ?1",
    "UPDATE measures SET counted_as_not_started = 1 "
    "WHERE counted_as_not_started = 0 AND start_date > ?1",
};
constexpr const char* kAdvanceCaseFlags[] = {
    "UPDATE cases SET counted_as_overdue = 1 "
    "WHERE open = 1 AND counted_as_overdue = 0 AND due_micros < ?1",
    "UPDATE cases SET counted_as_overdue = 0 "
    "WHERE open = 1 AND counted_as_overdue = 1 AND due_micros >= ?1",
};
// Whether any flag is behind, read before taking the writer for nothing.
constexpr char kFlagsBehind[] =
    "SELECT EXISTS (SELECT 1 FROM measures INDEXED BY measures_not_started_by_start "
    "WHERE counted_as_not_started = 1 AND start_date <= ?1) "
    "OR EXISTS (SELECT 1 FROM measures INDEXED BY measures_started_by_start "
    "WHERE counted_as_not_started = 0 AND start_date > ?1) "
    "OR EXISTS (SELECT 1 FROM cases INDEXED BY cases_not_overdue_by_due "
    "WHERE open = 1 AND counted_as_overdue = 0 AND due_micros < ?2) "
    "OR EXISTS (SELECT 1 FROM cases INDEXED BY cases_overdue_by_due "
    "WHERE open = 1 AND counted_as_overdue = 1 AND due_micros >= ?2)";

// Households counted as eliminated (kind ?4, step ?5) whose every approved elimination
// closed after the day counted (?2); and, for the year (?6 its first day, ?7 its last),
// whose every one in that year closed after the day. The household's other cases are
// read by its key ('+' keeps the planner off cases_closed, which would read every
// elimination closed before the day for each row: 2 ms instead of 0.05 on a prefecture).
constexpr char kEliminatedLater[] =
    "SELECT substr(h.region_code, 1, ?3), COUNT(DISTINCT c.household_id) "
    "FROM cases c INDEXED BY cases_closed CROSS JOIN households h "
    "WHERE c.kind = ?4 AND c.step = ?5 AND c.close_day > ?2 AND h.id = c.household_id "
    "AND h.deleted = 0 AND h.region_code >= ?1 AND h.region_code < ?1 || ':' "
    "AND NOT EXISTS (SELECT 1 FROM cases e WHERE e.household_id = c.household_id "
    "AND +e.kind = ?4 AND e.step = ?5 AND e.close_day <> '' AND e.close_day <= ?2) GROUP BY 1";
constexpr char kEliminatedLaterThisYear[] =
    "SELECT substr(h.region_code, 1, ?3), COUNT(DISTINCT c.household_id) "
    "FROM cases c INDEXED BY cases_closed CROSS JOIN households h "
    "WHERE c.kind = ?4 AND c.step = ?5 AND c.close_day > ?2 AND c.close_day <= ?7 "
    "AND h.id = c.household_id AND h.deleted = 0 "
    "AND h.region_code >= ?1 AND h.region_code < ?1 || ':' "
    "AND NOT EXISTS (SELECT 1 FROM cases e WHERE e.household_id = c.household_id "
    "AND +e.kind = ?4 AND e.step = ?5 AND e.close_day >= ?6 AND e.close_day <= ?2) GROUP BY 1";

// --- The recount: every live household of the region and its measures and cases.

// One row per household; SQLite's GROUP BY would sort every row first
// (docs/performance.md), the map does not.
constexpr char kHouseholdRows[] =
    "SELECT h.status, h.category, h.primary_risk_type, h.household_size, "
    "substr(h.region_code, 1, ?3) FROM households h "
    "WHERE h.region_code >= ?1 AND h.region_code < ?1 || ':' AND h.deleted = 0 "
    "AND (h.create_day = '' OR h.create_day <= ?2)";
constexpr char kMeasureRows[] =
    "SELECT h.status = ?4, m.type, m.status, m.funds_fen, substr(h.region_code, 1, ?3) "
    "FROM households h JOIN measures m ON m.household_id = h.id "
    "WHERE h.region_code >= ?1 AND h.region_code < ?1 || ':' AND h.deleted = 0 "
    "AND (h.create_day = '' OR h.create_day <= ?2) AND m.start_date <= ?2";
constexpr char kOpenCaseGroups[] =
    "SELECT c.step, COUNT(*), COALESCE(SUM(c.due_micros < ?2), 0), "
    "substr(h.region_code, 1, ?3) "
    "FROM households h JOIN cases c ON c.household_id = h.id "
    "WHERE h.region_code >= ?1 AND h.region_code < ?1 || ':' AND h.deleted = 0 "
    "AND c.open = 1 GROUP BY 1, 4";
// A household eliminated, identified again and eliminated again counts once.
constexpr char kEliminations[] =
    "SELECT COUNT(DISTINCT c.household_id), "
    "COUNT(DISTINCT CASE WHEN c.close_day >= ?6 THEN c.household_id END), "
    "substr(h.region_code, 1, ?3) "
    "FROM households h JOIN cases c ON c.household_id = h.id "
    "WHERE h.region_code >= ?1 AND h.region_code < ?1 || ':' AND h.deleted = 0 "
    "AND c.kind = ?4 AND c.step = ?5 AND c.close_day <> '' AND c.close_day <= ?2 GROUP BY 3";

int IntColumn(SqliteStatement& row, int column) {
  return static_cast<int>(row.ColumnInt64(column));
}

// Adds (sign 1) or takes away (-1) a household row: status, category, risk, size, area.
void TallyHousehold(AreaTallies& areas, SqliteStatement& row, int64_t sign) {
  auto& [households, people] =
      areas[row.ColumnText(4)]
          .households[{IntColumn(row, 0), IntColumn(row, 1), IntColumn(row, 2)}];
  households += sign;
  people += sign * row.ColumnInt64(3);
}

// A measure row: monitored, type, status, funds, area.
void TallyMeasure(AreaTallies& areas, SqliteStatement& row, int64_t sign) {
  auto& [measures, funds_fen] =
      areas[row.ColumnText(4)].measures[{IntColumn(row, 1), IntColumn(row, 2), row.ColumnBool(0)}];
  measures += sign;
  funds_fen += sign * row.ColumnInt64(3);
}

void TallyCount(AreaTallies& areas, const Parameters& p, SqliteStatement& row) {
  AreaTally& area = areas[row.ColumnText(0)];
  const int64_t n = row.ColumnInt64(5);
  const int64_t m = row.ColumnInt64(6);
  switch (static_cast<StatisticFigure>(row.ColumnInt64(1))) {
    case StatisticFigure::kHouseholds: {
      auto& [households, people] =
          area.households[{IntColumn(row, 2), IntColumn(row, 3), IntColumn(row, 4)}];
      households += n;
      people += m;
      break;
    }
    case StatisticFigure::kMeasures: {
      // k3: 1 if the household is monitored, + 2 if the measure is counted as not
      // started; those are added by the corrections if the day has them.
      const int64_t k3 = row.ColumnInt64(4);
      if ((k3 & 2) != 0) break;
      auto& [measures, funds_fen] =
          area.measures[{IntColumn(row, 2), IntColumn(row, 3), (k3 & 1) != 0}];
      measures += n;
      funds_fen += m;
      break;
    }
    case StatisticFigure::kOpenCases: {
      auto& [open, overdue] = area.cases[IntColumn(row, 2)];
      open += n;
      overdue += m;
      break;
    }
    case StatisticFigure::kEliminated:
      area.eliminated += n;
      break;
    case StatisticFigure::kEliminatedInYear:
      if (row.ColumnInt64(2) == p.year) {
        area.eliminated_this_year += n;
      }
      break;
  }
}

void Add(v1::HouseholdCount& count, int64_t households, int64_t people) {
  count.set_households(count.households() + households);
  count.set_people(count.people() + people);
}

// Turns the tallies into the response: totals over every area, rows sorted by enum
// number with zero rows left out, and the areas themselves when there is a level below.
v1::MonitoringStatistics Report(const AreaTallies& areas, bool with_areas) {
  v1::MonitoringStatistics statistics;
  std::map<int, v1::HouseholdCount> by_status;
  std::map<int, v1::HouseholdCount> by_category;
  std::map<int, v1::HouseholdCount> by_risk_type;
  std::map<int, std::pair<int64_t, int64_t>> measures_by_type;
  std::map<int, int64_t> measures_by_status;
  std::map<int, std::pair<int64_t, int64_t>> cases_by_step;
  for (const auto& [prefix, tally] : areas) {
    v1::AreaStatistics area;
    area.set_region_prefix(prefix);
    std::map<int, v1::HouseholdCount> area_by_category;
    for (const auto& [key, count] : tally.households) {
      const auto& [status, category, risk_type] = key;
      const auto [households, people] = count;
      if (households == 0) continue;
      Add(*area.mutable_registered(), households, people);
      Add(by_status[status], households, people);
      if (status != v1::HOUSEHOLD_STATUS_MONITORED) continue;
      Add(*area.mutable_monitored(), households, people);
      Add(area_by_category[category], households, people);
      Add(by_category[category], households, people);
      Add(by_risk_type[risk_type], households, people);
    }
    for (const auto& [key, count] : tally.measures) {
      const auto& [type, status, monitored] = key;
      const auto [measures, funds_fen] = count;
      if (measures == 0) continue;
      measures_by_status[status] += measures;
      // A cancelled measure is part of the record, not of the plan being carried out.
      if (status == v1::MEASURE_STATUS_CANCELLED) continue;
      if (monitored) area.set_monitored_measures(area.monitored_measures() + measures);
      measures_by_type[type].first += measures;
      measures_by_type[type].second += funds_fen;
    }
    for (const auto& [step, count] : tally.cases) {
      if (count.first == 0) continue;
      area.set_open_cases(area.open_cases() + count.first);
      area.set_overdue_cases(area.overdue_cases() + count.second);
      cases_by_step[step].first += count.first;
      cases_by_step[step].second += count.second;
    }
    area.set_eliminations(tally.eliminated);
    area.set_eliminations_this_year(tally.eliminated_this_year);
    for (const auto& [category, count] : area_by_category) {
      auto* row = area.add_monitored_by_category();
      row->set_category(static_cast<v1::MonitoringCategory>(category));
      *row->mutable_count() = count;
    }
    // Only areas with households set the totals, so that an area known only from a
    // correction (its rows all dated after the day) leaves the response as if unseen.
    if (area.has_registered()) {
      Add(*statistics.mutable_registered(), area.registered().households(),
          area.registered().people());
    }
    if (area.has_monitored()) {
      Add(*statistics.mutable_monitored(), area.monitored().households(),
          area.monitored().people());
    }
    statistics.set_monitored_measures(statistics.monitored_measures() + area.monitored_measures());
    statistics.set_overdue_cases(statistics.overdue_cases() + area.overdue_cases());
    statistics.set_eliminations(statistics.eliminations() + area.eliminations());
    statistics.set_eliminations_this_year(statistics.eliminations_this_year() +
                                          area.eliminations_this_year());
    // An area is listed when it has a registered household, an open case or an
    // elimination.
    if (with_areas &&
        (area.registered().households() > 0 || area.open_cases() > 0 || area.eliminations() > 0)) {
      *statistics.add_by_area() = std::move(area);
    }
  }
  for (const auto& [status, count] : by_status) {
    auto* row = statistics.add_by_status();
    row->set_status(static_cast<v1::HouseholdStatus>(status));
    *row->mutable_count() = count;
  }
  for (const auto& [category, count] : by_category) {
    auto* row = statistics.add_monitored_by_category();
    row->set_category(static_cast<v1::MonitoringCategory>(category));
    *row->mutable_count() = count;
  }
  for (const auto& [risk_type, count] : by_risk_type) {
    auto* row = statistics.add_monitored_by_primary_risk_type();
    row->set_risk_type(static_cast<v1::RiskType>(risk_type));
    *row->mutable_count() = count;
  }
  for (const auto& [type, count] : measures_by_type) {
    auto* row = statistics.add_measures_by_type();
    row->set_type(static_cast<v1::MeasureType>(type));
    row->set_measures(count.first);
    row->set_funds_fen(count.second);
  }
  for (const auto& [status, measures] : measures_by_status) {
    auto* row = statistics.add_measures_by_status();
    row->set_status(static_cast<v1::MeasureStatus>(status));
    row->set_measures(measures);
  }
  for (const auto& [step, count] : cases_by_step) {
    auto* row = statistics.add_open_cases_by_step();
    row->set_step(static_cast<v1::CaseStep>(step));
    row->set_cases(count.first);
    row->set_overdue(count.second);
  }
  return statistics;
}

absl::StatusOr<Parameters> ParametersOf(const StatisticsQuery& query) {
  if (query.region_prefix.empty()) {
    // An empty prefix would select every region; scoping is the caller's job, but a
    // missing scope must never widen to everything.
    return absl::InvalidArgumentError("statistics need a region prefix");
  }
  Parameters p;
  p.prefix = query.region_prefix;
  p.as_of = FormatDate(query.as_of);
  // A village is its own (single) area; its figures are not listed by area.
  const size_t below = validation::SubareaPrefixLength(query.region_prefix.size());
  p.area_digits = static_cast<int>(below > 0 ? below : query.region_prefix.size());
  p.now_micros = query.now_micros;
  p.year = query.as_of.year();
  p.year_start = FormatDate(absl::CivilDay(query.as_of.year(), 1, 1));
  p.year_end = FormatDate(absl::CivilDay(query.as_of.year(), 12, 31));
  return p;
}

bool WithAreas(const StatisticsQuery& query) {
  return validation::SubareaPrefixLength(query.region_prefix.size()) > 0;
}

}  // namespace

absl::StatusOr<v1::MonitoringStatistics> SqliteStatisticsRepository::Compute(
    const StatisticsQuery& query) {
  RRMON_ASSIGN_OR_RETURN(const Parameters p, ParametersOf(query));
  auto connection = database_.Acquire();
  // One read transaction: in WAL mode every query below sees the snapshot taken at the
  // first one, so the counts and their corrections agree even while rows change. The
  // lease rolls it back if a query fails.
  RRMON_RETURN_IF_ERROR(connection->Execute("BEGIN"));
  AreaTallies areas;
  RRMON_RETURN_IF_ERROR(ForEachRow(
      *connection, kCounts, [&](SqliteStatement& row) { TallyCount(areas, p, row); }, p.prefix,
      p.area_digits));
  RRMON_RETURN_IF_ERROR(ForEachRow(
      *connection, kHouseholdsRegisteredLater,
      [&](SqliteStatement& row) { TallyHousehold(areas, row, -1); }, p.prefix, p.as_of,
      p.area_digits));
  RRMON_RETURN_IF_ERROR(ForEachRow(
      *connection, kMeasureCorrections,
      [&](SqliteStatement& row) { TallyMeasure(areas, row, row.ColumnInt64(5)); }, p.prefix,
      p.as_of, p.area_digits, p.monitored));
  RRMON_RETURN_IF_ERROR(ForEachRow(
      *connection, kOverdueCorrections,
      [&](SqliteStatement& row) {
        areas[row.ColumnText(1)].cases[IntColumn(row, 0)].second +=
            row.ColumnInt64(3) * row.ColumnInt64(2);
      },
      p.prefix, p.now_micros, p.area_digits));
  RRMON_RETURN_IF_ERROR(ForEachRow(
      *connection, kEliminatedLater,
      [&](SqliteStatement& row) { areas[row.ColumnText(0)].eliminated -= row.ColumnInt64(1); },
      p.prefix, p.as_of, p.area_digits, p.elimination, p.approved));
  RRMON_RETURN_IF_ERROR(ForEachRow(
      *connection, kEliminatedLaterThisYear,
      [&](SqliteStatement& row) {
        areas[row.ColumnText(0)].eliminated_this_year -= row.ColumnInt64(1);
      },
      p.prefix, p.as_of, p.area_digits, p.elimination, p.approved, p.year_start, p.year_end));
  RRMON_RETURN_IF_ERROR(connection->Execute("COMMIT"));
  return Report(areas, WithAreas(query));
}

absl::StatusOr<v1::MonitoringStatistics> SqliteStatisticsRepository::Recount(
    const StatisticsQuery& query) {
  RRMON_ASSIGN_OR_RETURN(const Parameters p, ParametersOf(query));
  auto connection = database_.Acquire();
  RRMON_RETURN_IF_ERROR(connection->Execute("BEGIN"));
  AreaTallies areas;
  RRMON_RETURN_IF_ERROR(ForEachRow(
      *connection, kHouseholdRows, [&](SqliteStatement& row) { TallyHousehold(areas, row, 1); },
      p.prefix, p.as_of, p.area_digits));
  RRMON_RETURN_IF_ERROR(ForEachRow(
      *connection, kMeasureRows, [&](SqliteStatement& row) { TallyMeasure(areas, row, 1); },
      p.prefix, p.as_of, p.area_digits, p.monitored));
  RRMON_RETURN_IF_ERROR(ForEachRow(
      *connection, kOpenCaseGroups,
      [&](SqliteStatement& row) {
        auto& [open, overdue] = areas[row.ColumnText(3)].cases[IntColumn(row, 0)];
        open += row.ColumnInt64(1);
        overdue += row.ColumnInt64(2);
      },
      p.prefix, p.now_micros, p.area_digits));
  RRMON_RETURN_IF_ERROR(ForEachRow(
      *connection, kEliminations,
      [&](SqliteStatement& row) {
        AreaTally& area = areas[row.ColumnText(2)];
        area.eliminated += row.ColumnInt64(0);
        area.eliminated_this_year += row.ColumnInt64(1);
      },
      p.prefix, p.as_of, p.area_digits, p.elimination, p.approved, p.year_start));
  RRMON_RETURN_IF_ERROR(connection->Execute("COMMIT"));
  return Report(areas, WithAreas(query));
}

absl::Status SqliteStatisticsRepository::AdvanceCounts(absl::Time now) {
  const std::string today = FormatDate(absl::ToCivilDay(now, absl::UTCTimeZone()));
  const int64_t now_micros = absl::ToUnixMicros(now);
  bool behind = false;
  RRMON_RETURN_IF_ERROR(ForEachRow(
      *database_.Acquire(), kFlagsBehind, [&](SqliteStatement& row) { behind = row.ColumnBool(0); },
      today, now_micros));
  if (!behind) return absl::OkStatus();
  return database_.Write([&](SqliteConnection& connection) -> absl::Status {
    for (const char* sql : kAdvanceMeasureFlags) {
      RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement, connection.Prepare(sql));
      RRMON_RETURN_IF_ERROR(BindAll(*statement, today));
      RRMON_RETURN_IF_ERROR(statement->Run());
    }
    for (const char* sql : kAdvanceCaseFlags) {
      RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement, connection.Prepare(sql));
      RRMON_RETURN_IF_ERROR(BindAll(*statement, now_micros));
      RRMON_RETURN_IF_ERROR(statement->Run());
    }
    return absl::OkStatus();
  });
}

}  // namespace rrmon::monitoring

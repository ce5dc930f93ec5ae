#include "services/monitoring/storage/sqlite_statistics_repository.h"

#include <map>
#include <tuple>
#include <utility>

#include "common/status/macros.h"
#include "common/storage/sqlite_bind.h"
#include "common/time/civil_date.h"
#include "common/validation/region_code.h"

namespace rrmon::monitoring {
namespace {

// Every query covers the households of the region (?1; ':' sorts right after '9',
// closing the prefix range on households_by_region) that are not soft-deleted. Household
// and measure figures also leave out households registered after the day counted (?2);
// rows written before create_day existed have it empty and count as registered since
// always.

// One row per household (status, category, primary risk type, size), grouped in C++: every
// household figure comes out of these few groups, and SQLite's GROUP BY would sort every
// row first (docs/performance.md).
// Each query also yields the area one level under the prefix (the first ?N digits of the
// region code; '' when there is no level below) for the breakdown by area.
constexpr char kHouseholdRows[] =
    "SELECT h.status, h.category, h.primary_risk_type, h.household_size, "
    "substr(h.region_code, 1, ?3) FROM households h "
    "WHERE h.region_code >= ?1 AND h.region_code < ?1 || ':' AND h.deleted = 0 "
    "AND (h.create_day = '' OR h.create_day <= ?2)";

// Measures started on or before the day counted, with whether their household is
// monitored (?3 is MONITORED), type, status and funds. One row per measure, tallied in
// C++: SQLite's GROUP BY sorts every row first, which measured about half the time of
// the whole statistics call for a prefecture (docs/performance.md).
constexpr char kMeasureRows[] =
    "SELECT h.status = ?3, m.type, m.status, m.funds_fen, substr(h.region_code, 1, ?4) "
    "FROM households h JOIN measures m ON m.household_id = h.id "
    "WHERE h.region_code >= ?1 AND h.region_code < ?1 || ':' AND h.deleted = 0 "
    "AND (h.create_day = '' OR h.create_day <= ?2) AND m.start_date <= ?2";

// Open cases by step, and how many are past their due time (?2, Unix microseconds). A case
// without a due time is never overdue: the comparison is NULL, which SUM skips.
constexpr char kOpenCaseGroups[] =
    "SELECT c.step, COUNT(*), COALESCE(SUM(c.due_micros < ?2), 0), "
    "substr(h.region_code, 1, ?3) "
    "FROM households h JOIN cases c ON c.household_id = h.id "
    "WHERE h.region_code >= ?1 AND h.region_code < ?1 || ':' AND h.deleted = 0 "
    "AND c.open = 1 GROUP BY 1, 4";

// Households with an approved elimination (?4 kind, ?5 step) closed on or before the day
// counted (?2), and of those, closed on or after the first day of its year (?3). A
// household eliminated, identified again and eliminated again counts once; a household is
// in one area, so the areas' counts add up to the total.
constexpr char kEliminations[] =
    "SELECT COUNT(DISTINCT c.household_id), "
    "COUNT(DISTINCT CASE WHEN c.close_day >= ?3 THEN c.household_id END), "
    "substr(h.region_code, 1, ?6) "
    "FROM households h JOIN cases c ON c.household_id = h.id "
    "WHERE h.region_code >= ?1 AND h.region_code < ?1 || ':' AND h.deleted = 0 "
    "AND c.kind = ?4 AND c.step = ?5 AND c.close_day <> '' AND c.close_day <= ?2 GROUP BY 3";

void Add(v1::HouseholdCount& count, int64_t households, int64_t people) {
  count.set_households(count.households() + households);
  count.set_people(count.people() + people);
}

// Households and people by an enum number; std::map keeps the output sorted by it.
using HouseholdTally = std::map<int, v1::HouseholdCount>;

// The breakdown by area as it is being counted: the area's figures and its monitored
// households by category, keyed (and so sorted) by the area's prefix.
struct AreaTally {
  v1::AreaStatistics figures;
  HouseholdTally monitored_by_category;
};
using AreaTallies = std::map<std::string, AreaTally>;

AreaTally& AreaOf(AreaTallies& areas, std::string prefix) {
  AreaTally& area = areas[prefix];
  area.figures.set_region_prefix(std::move(prefix));
  return area;
}

absl::Status CountHouseholds(SqliteConnection& connection, const StatisticsQuery& query,
                             const std::string& as_of, int area_digits,
                             v1::MonitoringStatistics& statistics, AreaTallies& areas) {
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement, connection.Prepare(kHouseholdRows));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, query.region_prefix, as_of, area_digits));
  // (area, status, category, primary risk type) → households, people.
  std::map<std::tuple<std::string, int, int, int>, std::pair<int64_t, int64_t>> groups;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) break;
    auto& [households, people] = groups[{
        statement->ColumnText(4), static_cast<int>(statement->ColumnInt64(0)),
        static_cast<int>(statement->ColumnInt64(1)), static_cast<int>(statement->ColumnInt64(2))}];
    ++households;
    people += statement->ColumnInt64(3);
  }
  HouseholdTally by_status;
  HouseholdTally by_category;
  HouseholdTally by_risk_type;
  for (const auto& [key, count] : groups) {
    const auto& [area_prefix, status, category, risk_type] = key;
    const auto [households, people] = count;
    AreaTally& area = AreaOf(areas, area_prefix);
    Add(*statistics.mutable_registered(), households, people);
    Add(*area.figures.mutable_registered(), households, people);
    Add(by_status[status], households, people);
    if (status != v1::HOUSEHOLD_STATUS_MONITORED) continue;
    Add(*statistics.mutable_monitored(), households, people);
    Add(*area.figures.mutable_monitored(), households, people);
    Add(by_category[category], households, people);
    Add(area.monitored_by_category[category], households, people);
    Add(by_risk_type[risk_type], households, people);
  }
  // Every group holds at least one household, so no zero rows reach the tallies.
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
  return absl::OkStatus();
}

absl::Status CountMeasures(SqliteConnection& connection, const StatisticsQuery& query,
                           const std::string& as_of, int area_digits,
                           v1::MonitoringStatistics& statistics, AreaTallies& areas) {
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement, connection.Prepare(kMeasureRows));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, query.region_prefix, as_of,
                                static_cast<int>(v1::HOUSEHOLD_STATUS_MONITORED), area_digits));
  // Monitored measures by area.
  std::map<std::string, int64_t> monitored_by_area;
  struct TypeTally {
    int64_t measures = 0;
    int64_t funds_fen = 0;
  };
  std::map<int, TypeTally> by_type;
  std::map<int, int64_t> by_status;
  int64_t monitored_measures = 0;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) break;
    const bool monitored = statement->ColumnBool(0);
    const int type = static_cast<int>(statement->ColumnInt64(1));
    const int status = static_cast<int>(statement->ColumnInt64(2));
    const int64_t measures = 1;
    const int64_t funds_fen = statement->ColumnInt64(3);
    by_status[status] += measures;
    // A cancelled measure is part of the record, not of the plan being carried out.
    if (status == v1::MEASURE_STATUS_CANCELLED) continue;
    if (monitored) {
      monitored_measures += measures;
      monitored_by_area[statement->ColumnText(4)] += measures;
    }
    TypeTally& tally = by_type[type];
    tally.measures += measures;
    tally.funds_fen += funds_fen;
  }
  statistics.set_monitored_measures(monitored_measures);
  for (const auto& [area_prefix, measures] : monitored_by_area) {
    AreaOf(areas, area_prefix).figures.set_monitored_measures(measures);
  }
  for (const auto& [type, tally] : by_type) {
    auto* row = statistics.add_measures_by_type();
    row->set_type(static_cast<v1::MeasureType>(type));
    row->set_measures(tally.measures);
    row->set_funds_fen(tally.funds_fen);
  }
  for (const auto& [status, measures] : by_status) {
    auto* row = statistics.add_measures_by_status();
    row->set_status(static_cast<v1::MeasureStatus>(status));
    row->set_measures(measures);
  }
  return absl::OkStatus();
}

absl::Status CountOpenCases(SqliteConnection& connection, const StatisticsQuery& query,
                            int area_digits, v1::MonitoringStatistics& statistics,
                            AreaTallies& areas) {
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement, connection.Prepare(kOpenCaseGroups));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, query.region_prefix, query.now_micros, area_digits));
  // SQL promises no order for GROUP BY output, so the rows are sorted here.
  std::map<int, std::pair<int64_t, int64_t>> by_step;
  int64_t overdue = 0;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) break;
    const int step = static_cast<int>(statement->ColumnInt64(0));
    const int64_t cases = statement->ColumnInt64(1);
    const int64_t overdue_cases = statement->ColumnInt64(2);
    by_step[step].first += cases;
    by_step[step].second += overdue_cases;
    overdue += overdue_cases;
    v1::AreaStatistics& area = AreaOf(areas, statement->ColumnText(3)).figures;
    area.set_open_cases(area.open_cases() + cases);
    area.set_overdue_cases(area.overdue_cases() + overdue_cases);
  }
  for (const auto& [step, counts] : by_step) {
    auto* row = statistics.add_open_cases_by_step();
    row->set_step(static_cast<v1::CaseStep>(step));
    row->set_cases(counts.first);
    row->set_overdue(counts.second);
  }
  statistics.set_overdue_cases(overdue);
  return absl::OkStatus();
}

absl::Status CountEliminations(SqliteConnection& connection, const StatisticsQuery& query,
                               const std::string& as_of, int area_digits,
                               v1::MonitoringStatistics& statistics, AreaTallies& areas) {
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement, connection.Prepare(kEliminations));
  const std::string year_start = FormatDate(absl::CivilDay(query.as_of.year(), 1, 1));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, query.region_prefix, as_of, year_start,
                                static_cast<int>(v1::CASE_KIND_ELIMINATION),
                                static_cast<int>(v1::CASE_STEP_APPROVED), area_digits));
  int64_t eliminations = 0;
  int64_t this_year = 0;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) break;
    eliminations += statement->ColumnInt64(0);
    this_year += statement->ColumnInt64(1);
    v1::AreaStatistics& area = AreaOf(areas, statement->ColumnText(2)).figures;
    area.set_eliminations(statement->ColumnInt64(0));
    area.set_eliminations_this_year(statement->ColumnInt64(1));
  }
  statistics.set_eliminations(eliminations);
  statistics.set_eliminations_this_year(this_year);
  return absl::OkStatus();
}

void WriteAreas(AreaTallies& areas, v1::MonitoringStatistics& statistics) {
  for (auto& [prefix, area] : areas) {
    for (const auto& [category, count] : area.monitored_by_category) {
      auto* row = area.figures.add_monitored_by_category();
      row->set_category(static_cast<v1::MonitoringCategory>(category));
      *row->mutable_count() = count;
    }
    *statistics.add_by_area() = std::move(area.figures);
  }
}

}  // namespace

absl::StatusOr<v1::MonitoringStatistics> SqliteStatisticsRepository::Compute(
    const StatisticsQuery& query) {
  if (query.region_prefix.empty()) {
    // An empty prefix would select every region; scoping is the caller's job, but a
    // missing scope must never widen to everything.
    return absl::InvalidArgumentError("statistics need a region prefix");
  }
  const std::string as_of = FormatDate(query.as_of);
  auto connection = database_.Acquire();
  // One read transaction: in WAL mode every query below sees the snapshot taken at the
  // first one, so the figures add up even while households and cases change. The lease
  // rolls it back if a query fails.
  RRMON_RETURN_IF_ERROR(connection->Execute("BEGIN"));
  // 0 for a village: every row then falls in one area, '', which is not reported.
  const int area_digits =
      static_cast<int>(validation::SubareaPrefixLength(query.region_prefix.size()));
  v1::MonitoringStatistics statistics;
  AreaTallies areas;
  RRMON_RETURN_IF_ERROR(CountHouseholds(*connection, query, as_of, area_digits, statistics, areas));
  RRMON_RETURN_IF_ERROR(CountMeasures(*connection, query, as_of, area_digits, statistics, areas));
  RRMON_RETURN_IF_ERROR(CountOpenCases(*connection, query, area_digits, statistics, areas));
  RRMON_RETURN_IF_ERROR(
      CountEliminations(*connection, query, as_of, area_digits, statistics, areas));
  RRMON_RETURN_IF_ERROR(connection->Execute("COMMIT"));
  if (area_digits > 0) WriteAreas(areas, statistics);
  return statistics;
}

}  // namespace rrmon::monitoring

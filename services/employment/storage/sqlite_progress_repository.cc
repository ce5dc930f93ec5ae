#include "services/employment/storage/sqlite_progress_repository.h"

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/audit/sqlite_audit_trail.h"
#include "common/status/macros.h"
#include "common/storage/sqlite_bind.h"
#include "common/time/civil_date.h"
#include "common/validation/region_code.h"
#include "services/employment/storage/sqlite_progress_counts.h"

namespace rrmon::employment {
namespace {

// The region's own rows (?2 digits) and those of the areas one level below (?3 digits,
// inside the prefix: ':' sorts right after '9'), summed by month up to the day asked.
constexpr char kCounts[] =
    "SELECT area, figure, form, tier, CAST(substr(day, 6, 2) AS INTEGER), SUM(n) "
    "FROM progress_counts WHERE ((digits = ?2 AND area = ?1) OR "
    "(digits = ?3 AND area >= ?1 AND area < ?1 || ':')) AND year = ?4 AND day <= ?5 "
    "GROUP BY area, figure, form, tier, substr(day, 6, 2)";

absl::StatusOr<v1::EmploymentTarget> ParseTarget(const std::string& bytes) {
  v1::EmploymentTarget target;
  if (!target.ParseFromString(bytes)) {
    return absl::DataLossError("a stored employment target is unreadable");
  }
  return target;
}

}  // namespace

absl::StatusOr<std::vector<ProgressCountRow>> SqliteProgressRepository::ReadCounts(
    const ProgressQuery& query, int current_year) {
  if (query.region_prefix.empty()) {
    return absl::InvalidArgumentError("progress needs a region prefix");
  }
  bool current = false;
  {
    auto connection = database_.Acquire();
    RRMON_ASSIGN_OR_RETURN(current, ProgressCountsAreCurrent(*connection, rule_, current_year));
  }
  if (!current) {
    // Once a year (or after the rule changed): one write brings them up to date.
    RRMON_RETURN_IF_ERROR(database_.Write([&](SqliteConnection& writer) -> absl::Status {
      return BringProgressCountsUpTo(writer, rule_, current_year).status();
    }));
  }
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * rows, connection->Prepare(kCounts));
  const int digits = static_cast<int>(query.region_prefix.size());
  // A village has no areas below it: -1 matches no row.
  const size_t below = validation::SubareaPrefixLength(query.region_prefix.size());
  RRMON_RETURN_IF_ERROR(BindAll(*rows, query.region_prefix, digits,
                                below > 0 ? static_cast<int>(below) : -1, query.year,
                                FormatDate(query.as_of)));
  std::vector<ProgressCountRow> counts;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, rows->Step());
    if (!row) break;
    ProgressCountRow& count = counts.emplace_back();
    count.area = rows->ColumnText(0);
    count.figure = static_cast<ProgressFigure>(rows->ColumnInt64(1));
    count.form = static_cast<int>(rows->ColumnInt64(2));
    count.tier = static_cast<int>(rows->ColumnInt64(3));
    count.month = static_cast<int>(rows->ColumnInt64(4));
    count.n = rows->ColumnInt64(5);
  }
  return counts;
}

absl::StatusOr<std::optional<v1::EmploymentTarget>> SqliteProgressRepository::FindTarget(
    const std::string& region_prefix, int year) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * select,
      connection->Prepare("SELECT record FROM employment_targets "
                          "WHERE digits = ?1 AND region_prefix = ?2 AND year = ?3"));
  RRMON_RETURN_IF_ERROR(
      BindAll(*select, static_cast<int>(region_prefix.size()), region_prefix, year));
  RRMON_ASSIGN_OR_RETURN(bool row, select->Step());
  if (!row) return std::optional<v1::EmploymentTarget>();
  RRMON_ASSIGN_OR_RETURN(v1::EmploymentTarget target, ParseTarget(select->ColumnBlob(0)));
  return std::optional<v1::EmploymentTarget>(std::move(target));
}

absl::StatusOr<std::vector<v1::EmploymentTarget>> SqliteProgressRepository::ListTargetsBelow(
    const std::string& region_prefix, int year) {
  const size_t below = validation::SubareaPrefixLength(region_prefix.size());
  if (below == 0) return std::vector<v1::EmploymentTarget>();
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * select,
      connection->Prepare("SELECT record FROM employment_targets WHERE digits = ?1 "
                          "AND region_prefix >= ?2 AND region_prefix < ?2 || ':' AND year = ?3 "
                          "ORDER BY region_prefix"));
  RRMON_RETURN_IF_ERROR(BindAll(*select, static_cast<int>(below), region_prefix, year));
  std::vector<v1::EmploymentTarget> targets;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    RRMON_ASSIGN_OR_RETURN(targets.emplace_back(), ParseTarget(select->ColumnBlob(0)));
  }
  return targets;
}

absl::Status SqliteProgressRepository::WriteTarget(const TargetChange& change) {
  const v1::EmploymentTarget& target = change.target;
  const std::string record = target.SerializeAsString();
  const int64_t revision = RevisionOf(target.etag()).value_or(0);
  const int digits = static_cast<int>(target.region_prefix().size());
  return database_.Write([&](SqliteConnection& connection) -> absl::Status {
    if (!change.expected_revision.has_value()) {
      // A target set meanwhile by someone else is a clash like any other.
      RRMON_ASSIGN_OR_RETURN(
          SqliteStatement * insert,
          connection.Prepare("INSERT INTO employment_targets (region_prefix, year, digits, "
                             "revision, record) VALUES (?,?,?,?,?) ON CONFLICT DO NOTHING"));
      RRMON_RETURN_IF_ERROR(BindAll(*insert, target.region_prefix(), target.year(), digits,
                                    revision, SqlBlob{record}));
      RRMON_RETURN_IF_ERROR(insert->Run());
    } else {
      RRMON_ASSIGN_OR_RETURN(
          SqliteStatement * update,
          connection.Prepare("UPDATE employment_targets SET revision = ?4, record = ?5 "
                             "WHERE digits = ?1 AND region_prefix = ?2 AND year = ?3 "
                             "AND revision = ?6"));
      RRMON_RETURN_IF_ERROR(BindAll(*update, digits, target.region_prefix(), target.year(),
                                    revision, SqlBlob{record}, *change.expected_revision));
      RRMON_RETURN_IF_ERROR(update->Run());
    }
    if (connection.ChangedRows() == 0) return EtagMismatchError("employment target");
    return InsertAuditChange(connection, change.audit);
  });
}

}  // namespace rrmon::employment

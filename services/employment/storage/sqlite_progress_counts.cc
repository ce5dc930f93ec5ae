#include "services/employment/storage/sqlite_progress_counts.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/status/macros.h"
#include "common/storage/sqlite_bind.h"
#include "common/time/civil_date.h"

namespace rrmon::employment {
namespace {

template <typename Message>
absl::Status ParseInto(const std::string& bytes, const char* what, Message& message) {
  if (!message.ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat("a stored ", what, " is unreadable"));
  }
  return absl::OkStatus();
}

struct CountState {
  int through_year = 0;
  int employed_min_days = 0;
};

absl::StatusOr<CountState> ReadState(SqliteConnection& connection) {
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * read,
      connection.Prepare(
          "SELECT through_year, employed_min_days FROM progress_count_state WHERE id = 1"));
  RRMON_ASSIGN_OR_RETURN(bool row, read->Step());
  if (!row) return absl::DataLossError("the progress count state is missing");
  CountState state{static_cast<int>(read->ColumnInt64(0)), static_cast<int>(read->ColumnInt64(1))};
  return state;
}

absl::Status WriteState(SqliteConnection& connection, const CountState& state) {
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * write,
                         connection.Prepare("UPDATE progress_count_state SET through_year = ?1, "
                                            "employed_min_days = ?2 WHERE id = 1"));
  RRMON_RETURN_IF_ERROR(BindAll(*write, state.through_year, state.employed_min_days));
  return write->Run();
}

// Ids of the labourers with a spell still going on, or of every labourer.
absl::StatusOr<std::vector<std::string>> LabourerIds(SqliteConnection& connection,
                                                     bool ongoing_only) {
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * select,
      connection.Prepare(ongoing_only
                             ? "SELECT DISTINCT labourer_id FROM job_spells WHERE end_date = ''"
                             : "SELECT id FROM labourers"));
  std::vector<std::string> ids;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) break;
    ids.push_back(select->ColumnText(0));
  }
  return ids;
}

absl::Status Recount(SqliteConnection& connection, const EmployedRule& rule, int through_year) {
  RRMON_RETURN_IF_ERROR(connection.Execute("DELETE FROM progress_counts"));
  RRMON_ASSIGN_OR_RETURN(std::vector<std::string> ids, LabourerIds(connection, false));
  for (const std::string& id : ids) {
    RRMON_ASSIGN_OR_RETURN(std::optional<LabourerRecord> record,
                           ReadLabourerAggregate(connection, id));
    if (!record.has_value()) continue;
    RRMON_RETURN_IF_ERROR(ApplyProgressChanges(
        connection, CountChanges({}, ContributionOf(record->labourer, record->spells,
                                                    record->businesses, rule, through_year))));
  }
  return absl::OkStatus();
}

absl::Status RollForward(SqliteConnection& connection, const EmployedRule& rule, int from_year,
                         int to_year) {
  RRMON_ASSIGN_OR_RETURN(std::vector<std::string> ids, LabourerIds(connection, true));
  for (const std::string& id : ids) {
    RRMON_ASSIGN_OR_RETURN(std::optional<LabourerRecord> record,
                           ReadLabourerAggregate(connection, id));
    if (!record.has_value()) continue;
    RRMON_RETURN_IF_ERROR(ApplyProgressChanges(
        connection,
        CountChanges(
            ContributionOf(record->labourer, record->spells, record->businesses, rule, from_year),
            ContributionOf(record->labourer, record->spells, record->businesses, rule, to_year))));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<LabourerRecord>> ReadLabourerAggregate(
    SqliteConnection& connection, const std::string& labourer_id) {
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * statement,
      connection.Prepare("SELECT 0 AS part, '' AS start, '' AS id, record FROM labourers "
                         "WHERE id = ?1 UNION ALL "
                         "SELECT 1, start_date, spell_id, record FROM job_spells "
                         "WHERE labourer_id = ?1 UNION ALL "
                         "SELECT 2, start_date, business_id, record FROM businesses "
                         "WHERE labourer_id = ?1 ORDER BY part, start, id"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, labourer_id));
  LabourerRecord record;
  bool found = false;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) break;
    switch (statement->ColumnInt64(0)) {
      case 0:
        found = true;
        RRMON_RETURN_IF_ERROR(ParseInto(statement->ColumnBlob(3), "labourer", record.labourer));
        break;
      case 1:
        RRMON_RETURN_IF_ERROR(
            ParseInto(statement->ColumnBlob(3), "job spell", record.spells.emplace_back()));
        break;
      default:
        RRMON_RETURN_IF_ERROR(
            ParseInto(statement->ColumnBlob(3), "business", record.businesses.emplace_back()));
        break;
    }
  }
  if (!found) return std::optional<LabourerRecord>();
  return std::optional<LabourerRecord>(std::move(record));
}

absl::StatusOr<bool> ProgressCountsAreCurrent(SqliteConnection& connection,
                                              const EmployedRule& rule, int year) {
  RRMON_ASSIGN_OR_RETURN(CountState state, ReadState(connection));
  return state.employed_min_days == rule.min_days && state.through_year >= year;
}

absl::StatusOr<int> BringProgressCountsUpTo(SqliteConnection& connection, const EmployedRule& rule,
                                            int year) {
  RRMON_ASSIGN_OR_RETURN(CountState state, ReadState(connection));
  const int through_year = std::max(state.through_year, year);
  if (state.employed_min_days != rule.min_days) {
    RRMON_RETURN_IF_ERROR(Recount(connection, rule, through_year));
  } else if (state.through_year < through_year) {
    RRMON_RETURN_IF_ERROR(RollForward(connection, rule, state.through_year, through_year));
  } else {
    return through_year;
  }
  RRMON_RETURN_IF_ERROR(WriteState(connection, CountState{through_year, rule.min_days}));
  return through_year;
}

absl::Status ApplyProgressChanges(
    SqliteConnection& connection,
    const std::vector<std::pair<ProgressCountKey, int64_t>>& changes) {
  if (changes.empty()) return absl::OkStatus();
  // Rows that reach zero are deleted, so an area keeps only the days something counts on.
  // Prepare() hands out the cached statement reset for the next execution.
  for (const auto& [key, n] : changes) {
    RRMON_ASSIGN_OR_RETURN(
        SqliteStatement * add,
        connection.Prepare("INSERT INTO progress_counts (digits, area, year, figure, form, tier, "
                           "day, n) VALUES (?,?,?,?,?,?,?,?) "
                           "ON CONFLICT (digits, area, year, figure, form, tier, day) "
                           "DO UPDATE SET n = n + excluded.n"));
    const std::string day = FormatDate(key.day);
    const int digits = static_cast<int>(key.area.size());
    const int figure = static_cast<int>(key.figure);
    RRMON_RETURN_IF_ERROR(
        BindAll(*add, digits, key.area, key.year, figure, key.form, key.tier, day, n));
    RRMON_RETURN_IF_ERROR(add->Run());
    if (n < 0) {
      RRMON_ASSIGN_OR_RETURN(
          SqliteStatement * prune,
          connection.Prepare("DELETE FROM progress_counts WHERE digits = ?1 AND area = ?2 AND "
                             "year = ?3 AND figure = ?4 AND form = ?5 AND tier = ?6 AND day = ?7 "
                             "AND n = 0"));
      RRMON_RETURN_IF_ERROR(
          BindAll(*prune, digits, key.area, key.year, figure, key.form, key.tier, day));
      RRMON_RETURN_IF_ERROR(prune->Run());
    }
  }
  return absl::OkStatus();
}

}  // namespace rrmon::employment

#include "services/monitoring/storage/sqlite_household_repository.h"

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
#include "services/monitoring/domain/household_rules.h"
#include "services/monitoring/storage/sqlite_schema.h"
#include "services/monitoring/storage/sqlite_statistics_schema.h"

namespace rrmon::monitoring {
namespace {

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
  const std::string id = HouseholdIdOf(household);
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
  std::optional<WriteResult> result;
  RRMON_RETURN_IF_ERROR(database_.Write([&](SqliteConnection& connection) -> absl::Status {
    if (key.has_value()) {
      RRMON_ASSIGN_OR_RETURN(result, ReadRequest(connection, *key));
      if (result.has_value()) return absl::OkStatus();
    }
    RRMON_RETURN_IF_ERROR(WriteHouseholdRow(connection, household,
                                            /*insert=*/!expected_revision.has_value(),
                                            expected_revision.value_or(0)));
    RRMON_RETURN_IF_ERROR(WriteMembers(connection, HouseholdIdOf(household), household));
    if (key.has_value()) {
      RRMON_RETURN_IF_ERROR(WriteRequest(connection, *key, resource_name, household, audit.time));
    }
    RRMON_RETURN_IF_ERROR(InsertAuditChange(connection, audit));
    result = WriteResult{household, resource_name, false};
    return absl::OkStatus();
  }));
  return *std::move(result);
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

absl::StatusOr<std::optional<std::string>> SqliteHouseholdRepository::FindHouseholdOfPerson(
    const std::string& id_number) {
  auto connection = database_.Acquire();
  // The partial unique index of live members answers it (a soft-deleted household
  // releases its people, so at most one row).
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                         connection->Prepare("SELECT household_id FROM household_members "
                                             "WHERE id_number = ?1 AND active = 1"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, id_number));
  RRMON_ASSIGN_OR_RETURN(bool row, statement->Step());
  if (!row) return std::optional<std::string>();
  return std::optional<std::string>(statement->ColumnText(0));
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
      if (static_cast<int>(page.items.size()) == query.limit) {
        page.more = true;
        break;
      }
      ids.push_back(rows->ColumnText(0));
      if (!page.items.emplace_back().ParseFromString(rows->ColumnBlob(1))) {
        return absl::DataLossError("a stored household record is unreadable");
      }
    }
    if (page.items.empty()) return page;
    page.last_key = SortKey(page.items.back(), ids.back());
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
    for (size_t i = 0; i < ids.size(); ++i) by_id[ids[i]] = &page.items[i];
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
      // From the counts the database maintains per county (sqlite_statistics_schema.h),
      // so a refresh costs the counties, not the rows.
      connection->Prepare("SELECT area, k2, k1, SUM(n), SUM(m) FROM statistic_counts "
                          "WHERE digits = 6 AND figure = ?1 GROUP BY 1, 2, 3 HAVING SUM(n) <> 0"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, static_cast<int>(StatisticFigure::kHouseholds)));
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

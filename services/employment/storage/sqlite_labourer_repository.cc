#include "services/employment/storage/sqlite_labourer_repository.h"

#include <algorithm>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/api/etag.h"
#include "common/audit/sqlite_audit_trail.h"
#include "common/idempotency/sqlite_request_log.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/storage/keyset_page.h"
#include "common/storage/sqlite_bind.h"
#include "common/time/civil_date.h"
#include "common/validation/region_code.h"
#include "services/employment/domain/business_rules.h"
#include "services/employment/domain/job_spell_rules.h"
#include "services/employment/domain/labourer_rules.h"
#include "services/employment/domain/progress_counts.h"
#include "services/employment/storage/sqlite_progress_counts.h"

namespace rrmon::employment {
namespace {

// Sort keys are the ordering columns joined by '/', which none of them contains.
std::vector<std::string> SplitKey(const std::string& key, size_t parts) {
  std::vector<std::string> split = absl::StrSplit(key, '/');
  if (split.size() != parts) split.assign(parts, "");
  return split;
}

absl::Status AlreadyRegistered(const absl::Status& status) {
  if (status.code() == absl::StatusCode::kAlreadyExists &&
      absl::StrContains(status.message(), "id_number")) {
    return WithErrorReason(
        absl::AlreadyExistsError("a labourer with this ID number is already registered"),
        "LABOURER_ALREADY_REGISTERED");
  }
  return status;
}

absl::Status WriteLabourerRow(SqliteConnection& connection, const v1::Labourer& labourer,
                              std::optional<int64_t> expected_revision) {
  const std::string id = LabourerIdOf(labourer);
  const std::string record = labourer.SerializeAsString();
  const int64_t revision = RevisionOf(labourer.etag()).value_or(0);
  const std::string& household = labourer.household_link().household();
  const std::string household_id =
      household.empty() ? std::string() : household.substr(household.find('/') + 1);
  if (!expected_revision.has_value()) {
    RRMON_ASSIGN_OR_RETURN(
        SqliteStatement * insert,
        connection.Prepare("INSERT INTO labourers (id, region_code, county_code, id_number, "
                           "poverty_alleviated_labour, household_id, link_state, revision, record) "
                           "VALUES (?,?,?,?,?,?,?,?,?)"));
    RRMON_RETURN_IF_ERROR(
        BindAll(*insert, id, labourer.region_code(), validation::CountyOf(labourer.region_code()),
                labourer.id_number(), labourer.poverty_alleviated_labour(), household_id,
                static_cast<int>(labourer.household_link().state()), revision, SqlBlob{record}));
    return AlreadyRegistered(insert->Run());
  }
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * update,
      connection.Prepare("UPDATE labourers SET region_code = ?, county_code = ?, id_number = ?, "
                         "poverty_alleviated_labour = ?, household_id = ?, link_state = ?, "
                         "revision = ?, record = ? WHERE id = ? AND revision = ?"));
  RRMON_RETURN_IF_ERROR(BindAll(*update, labourer.region_code(),
                                validation::CountyOf(labourer.region_code()), labourer.id_number(),
                                labourer.poverty_alleviated_labour(), household_id,
                                static_cast<int>(labourer.household_link().state()), revision,
                                SqlBlob{record}, id, *expected_revision));
  RRMON_RETURN_IF_ERROR(AlreadyRegistered(update->Run()));
  if (connection.ChangedRows() == 0) return EtagMismatchError("labourer");
  // The spells and businesses follow their labourer's home village.
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * move,
                         connection.Prepare("UPDATE job_spells SET region_code = ?2 "
                                            "WHERE labourer_id = ?1 AND region_code <> ?2"));
  RRMON_RETURN_IF_ERROR(BindAll(*move, id, labourer.region_code()));
  RRMON_RETURN_IF_ERROR(move->Run());
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * move_businesses,
                         connection.Prepare("UPDATE businesses SET region_code = ?2 "
                                            "WHERE labourer_id = ?1 AND region_code <> ?2"));
  RRMON_RETURN_IF_ERROR(BindAll(*move_businesses, id, labourer.region_code()));
  return move_businesses->Run();
}

absl::Status WriteSpellRow(SqliteConnection& connection, const v1::Labourer& labourer,
                           const v1::JobSpell& spell) {
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * upsert,
      connection.Prepare(
          "INSERT INTO job_spells (labourer_id, spell_id, region_code, start_date, end_date, "
          "form, place_tier, second_job, monthly_income_fen, record) VALUES (?,?,?,?,?,?,?,?,?,?) "
          "ON CONFLICT (labourer_id, spell_id) DO UPDATE SET region_code = excluded.region_code, "
          "start_date = excluded.start_date, end_date = excluded.end_date, form = excluded.form, "
          "place_tier = excluded.place_tier, second_job = excluded.second_job, "
          "monthly_income_fen = excluded.monthly_income_fen, record = excluded.record"));
  const std::string record = spell.SerializeAsString();
  RRMON_RETURN_IF_ERROR(BindAll(
      *upsert, LabourerIdOf(labourer), SpellIdOf(spell), labourer.region_code(), spell.start_date(),
      spell.end_date(), static_cast<int>(spell.form()), static_cast<int>(spell.place_tier()),
      spell.second_job(), spell.monthly_income_fen(), SqlBlob{record}));
  return upsert->Run();
}

absl::Status WriteBusinessRow(SqliteConnection& connection, const v1::Labourer& labourer,
                              const v1::Business& business) {
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * upsert,
      connection.Prepare("INSERT INTO businesses (labourer_id, business_id, region_code, "
                         "start_date, record) VALUES (?,?,?,?,?) "
                         "ON CONFLICT (labourer_id, business_id) DO UPDATE SET "
                         "region_code = excluded.region_code, start_date = excluded.start_date, "
                         "record = excluded.record"));
  const std::string record = business.SerializeAsString();
  RRMON_RETURN_IF_ERROR(BindAll(*upsert, LabourerIdOf(labourer), BusinessIdOf(business),
                                labourer.region_code(), business.start_date(), SqlBlob{record}));
  return upsert->Run();
}

// `items` with `changed` put in by name: replaced where the name is there, added after.
template <typename Message>
std::vector<Message> Merged(std::vector<Message> items, const std::vector<Message>& changed) {
  for (const Message& item : changed) {
    auto same = std::find_if(items.begin(), items.end(),
                             [&](const Message& old) { return old.name() == item.name(); });
    if (same != items.end()) {
      *same = item;
    } else {
      items.push_back(item);
    }
  }
  return items;
}

// The progress counts follow the aggregate: what it contributed before the change is
// taken back and what it contributes after is added, in the change's transaction.
// `through_year` comes from BringProgressCountsUpTo, called before anything of the
// change is written: a recount it makes must not count the change already.
std::vector<std::pair<ProgressCountKey, int64_t>> ProgressChangesOf(const EmployedRule& rule,
                                                                    int through_year,
                                                                    const LabourerChange& change,
                                                                    const LabourerRecord* before) {
  ProgressContribution old_contribution;
  std::vector<v1::JobSpell> spells = change.spells;
  std::vector<v1::Business> businesses = change.businesses;
  if (before != nullptr) {
    old_contribution =
        ContributionOf(before->labourer, before->spells, before->businesses, rule, through_year);
    spells = Merged(before->spells, change.spells);
    businesses = Merged(before->businesses, change.businesses);
  }
  return CountChanges(old_contribution,
                      ContributionOf(change.labourer, spells, businesses, rule, through_year));
}

int YearOf(absl::Time time) { return static_cast<int>(UtcDay(time).year()); }

// The labourer row with the spells and businesses of the change.
absl::Status WriteAggregateRows(SqliteConnection& connection, const LabourerChange& change) {
  RRMON_RETURN_IF_ERROR(WriteLabourerRow(connection, change.labourer, change.expected_revision));
  for (const v1::JobSpell& spell : change.spells) {
    RRMON_RETURN_IF_ERROR(WriteSpellRow(connection, change.labourer, spell));
  }
  for (const v1::Business& business : change.businesses) {
    RRMON_RETURN_IF_ERROR(WriteBusinessRow(connection, change.labourer, business));
  }
  return absl::OkStatus();
}

// The change with its spells, businesses, counts, logged response and audit row, on a
// connection inside a write transaction.
absl::Status WriteChange(SqliteConnection& connection, const EmployedRule& rule,
                         const LabourerChange& change) {
  RRMON_ASSIGN_OR_RETURN(const int through_year,
                         BringProgressCountsUpTo(connection, rule, YearOf(change.audit.time)));
  std::optional<LabourerRecord> before;
  if (change.expected_revision.has_value()) {
    RRMON_ASSIGN_OR_RETURN(before,
                           ReadLabourerAggregate(connection, LabourerIdOf(change.labourer)));
  }
  RRMON_RETURN_IF_ERROR(WriteAggregateRows(connection, change));
  RRMON_RETURN_IF_ERROR(ApplyProgressChanges(
      connection,
      ProgressChangesOf(rule, through_year, change, before.has_value() ? &*before : nullptr)));
  if (change.key.has_value()) {
    RRMON_RETURN_IF_ERROR(LogResponse(connection, *change.key, change.audit.resource,
                                      change.response, change.audit.time));
  }
  return InsertAuditChange(connection, change.audit);
}

class SqliteImportSession final : public LabourImportSession {
 public:
  SqliteImportSession(SqliteConnection& connection, const EmployedRule& rule, bool read_only)
      : connection_(connection), rule_(rule), read_only_(read_only) {}

  absl::StatusOr<std::optional<ImportedRow>> FindRow(const std::string& row_id) override {
    RRMON_ASSIGN_OR_RETURN(
        SqliteStatement * select,
        connection_.Prepare("SELECT fingerprint, resource FROM import_rows WHERE row_id = ?1"));
    RRMON_RETURN_IF_ERROR(BindAll(*select, row_id));
    RRMON_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) return std::optional<ImportedRow>();
    ImportedRow imported{row_id, static_cast<uint64_t>(select->ColumnInt64(0)),
                         select->ColumnText(1)};
    RRMON_ASSIGN_OR_RETURN(bool more, select->Step());
    (void)more;  // the key is unique; stepping to the end releases the statement
    return std::optional<ImportedRow>(std::move(imported));
  }

  absl::StatusOr<std::optional<LabourerRecord>> FindLabourerByIdNumber(
      const std::string& id_number) override {
    RRMON_ASSIGN_OR_RETURN(SqliteStatement * select,
                           connection_.Prepare("SELECT id FROM labourers WHERE id_number = ?1"));
    RRMON_RETURN_IF_ERROR(BindAll(*select, id_number));
    RRMON_ASSIGN_OR_RETURN(bool row, select->Step());
    if (!row) return std::optional<LabourerRecord>();
    const std::string id = select->ColumnText(0);
    RRMON_ASSIGN_OR_RETURN(bool more, select->Step());
    (void)more;
    return ReadLabourerAggregate(connection_, id);
  }

  absl::Status WriteBatch(const std::vector<ImportWrite>& writes) override {
    if (read_only_) return absl::FailedPreconditionError("a validating import writes nothing");
    // The batch's count changes summed: rows of many labourers on the same area and day
    // (a village's people starting on one day) become one update.
    if (writes.empty()) return absl::OkStatus();
    RRMON_ASSIGN_OR_RETURN(
        const int through_year,
        BringProgressCountsUpTo(connection_, rule_, YearOf(writes.front().change.audit.time)));
    ProgressContribution summed;
    for (const ImportWrite& write : writes) {
      RRMON_RETURN_IF_ERROR(WriteAggregateRows(connection_, write.change));
      for (const auto& [key, n] :
           ProgressChangesOf(rule_, through_year, write.change, write.before)) {
        summed[key] += n;
      }
      for (const ImportedRow& row : write.rows) {
        RRMON_ASSIGN_OR_RETURN(SqliteStatement * insert,
                               connection_.Prepare("INSERT INTO import_rows (row_id, fingerprint, "
                                                   "resource, time_micros) VALUES (?,?,?,?)"));
        RRMON_RETURN_IF_ERROR(BindAll(*insert, row.row_id, static_cast<int64_t>(row.fingerprint),
                                      row.resource, absl::ToUnixMicros(write.change.audit.time)));
        RRMON_RETURN_IF_ERROR(insert->Run());
      }
      for (const AuditRecord& audit : write.audits) {
        RRMON_RETURN_IF_ERROR(InsertAuditChange(connection_, audit));
      }
    }
    std::vector<std::pair<ProgressCountKey, int64_t>> changes;
    for (const auto& [key, n] : summed) {
      if (n != 0) changes.emplace_back(key, n);
    }
    return ApplyProgressChanges(connection_, changes);
  }

 private:
  SqliteConnection& connection_;
  const EmployedRule& rule_;
  const bool read_only_;
};

template <typename Message>
absl::Status ParseRecord(const std::string& bytes, const char* what, Message& message) {
  if (!message.ParseFromString(bytes)) {
    return absl::DataLossError(absl::StrCat("a stored ", what, " is unreadable"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::optional<std::string>> SqliteLabourerRepository::FindRequest(
    const RequestKey& key) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(std::optional<LoggedResponse> logged,
                         ReadLoggedResponse(*connection, key));
  if (!logged.has_value()) return std::optional<std::string>();
  return std::optional<std::string>(std::move(logged->response));
}

absl::StatusOr<std::optional<std::string>> SqliteLabourerRepository::Write(
    const LabourerChange& change) {
  std::optional<std::string> earlier;
  RRMON_RETURN_IF_ERROR(database_.Write([&](SqliteConnection& connection) -> absl::Status {
    earlier.reset();  // the work may run twice
    if (change.key.has_value()) {
      RRMON_ASSIGN_OR_RETURN(std::optional<LoggedResponse> logged,
                             ReadLoggedResponse(connection, *change.key));
      if (logged.has_value()) {
        earlier = std::move(logged->response);
        return absl::OkStatus();
      }
    }
    return WriteChange(connection, rule_, change);
  }));
  return earlier;
}

absl::Status SqliteLabourerRepository::Import(
    bool read_only, const std::function<absl::Status(LabourImportSession&)>& work) {
  if (read_only) {
    auto connection = database_.Acquire();
    // One snapshot for the whole batch.
    RRMON_RETURN_IF_ERROR(connection->Execute("BEGIN"));
    SqliteImportSession session(*connection, rule_, /*read_only=*/true);
    absl::Status status = work(session);
    RRMON_RETURN_IF_ERROR(connection->Execute("ROLLBACK"));
    return status;
  }
  return database_.Write([&](SqliteConnection& connection) -> absl::Status {
    SqliteImportSession session(connection, rule_, /*read_only=*/false);
    return work(session);
  });
}

absl::StatusOr<LabourerRecord> SqliteLabourerRepository::Get(const std::string& labourer_id) {
  auto connection = database_.Acquire();
  RRMON_ASSIGN_OR_RETURN(std::optional<LabourerRecord> record,
                         ReadLabourerAggregate(*connection, labourer_id));
  if (!record.has_value()) return ResourceNotFoundError("Labourer", LabourerName(labourer_id));
  return *std::move(record);
}

absl::StatusOr<std::vector<LabourerRecord>> SqliteLabourerRepository::ListLabourersOfHousehold(
    const std::string& household_id) {
  auto connection = database_.Acquire();
  // One statement (one snapshot), by the partial index of linked labourers.
  RRMON_ASSIGN_OR_RETURN(SqliteStatement * statement,
                         connection->Prepare("SELECT l.id, l.record, s.record FROM labourers l "
                                             "LEFT JOIN job_spells s ON s.labourer_id = l.id "
                                             "WHERE l.household_id = ?1 AND l.household_id <> '' "
                                             "ORDER BY l.id, s.start_date, s.spell_id"));
  RRMON_RETURN_IF_ERROR(BindAll(*statement, household_id));
  std::vector<LabourerRecord> records;
  std::string current;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, statement->Step());
    if (!row) break;
    if (records.empty() || statement->ColumnText(0) != current) {
      current = statement->ColumnText(0);
      RRMON_RETURN_IF_ERROR(
          ParseRecord(statement->ColumnBlob(1), "labourer", records.emplace_back().labourer));
    }
    if (statement->ColumnIsNull(2)) continue;
    RRMON_RETURN_IF_ERROR(
        ParseRecord(statement->ColumnBlob(2), "job spell", records.back().spells.emplace_back()));
  }
  return records;
}

absl::StatusOr<Page<v1::Labourer>> SqliteLabourerRepository::List(const LabourerQuery& query) {
  auto connection = database_.Acquire();
  // ':' sorts right after '9', closing the prefix range; one text for every filter, so
  // the statement is prepared once. The first column is the page's sort key.
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * rows,
      connection->Prepare("SELECT region_code || '/' || id, record FROM labourers "
                          "WHERE region_code >= ?1 AND region_code < ?1 || ':' "
                          "AND (?2 = 0 OR poverty_alleviated_labour = 1) "
                          "AND (region_code, id) > (?3, ?4) ORDER BY region_code, id LIMIT ?5"));
  const std::vector<std::string> after = SplitKey(query.after_key, 2);
  RRMON_RETURN_IF_ERROR(BindAll(*rows, query.region_prefix, query.poverty_alleviated_only, after[0],
                                after[1], query.limit + 1));
  return ReadKeyedPage<v1::Labourer>(*rows, query.limit, "labourer");
}

absl::StatusOr<Page<v1::JobSpell>> SqliteLabourerRepository::ListSpells(const SpellQuery& query) {
  auto connection = database_.Acquire();
  if (!query.labourer_id.empty()) {
    RRMON_ASSIGN_OR_RETURN(
        SqliteStatement * rows,
        connection->Prepare("SELECT start_date || '/' || spell_id, record FROM job_spells "
                            "WHERE labourer_id = ?1 AND (?2 = 0 OR end_date = '') "
                            "AND (start_date, spell_id) > (?3, ?4) "
                            "ORDER BY start_date, spell_id LIMIT ?5"));
    const std::vector<std::string> after = SplitKey(query.after_key, 2);
    RRMON_RETURN_IF_ERROR(
        BindAll(*rows, query.labourer_id, query.ongoing_only, after[0], after[1], query.limit + 1));
    return ReadKeyedPage<v1::JobSpell>(*rows, query.limit, "job spell");
  }
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * rows,
      connection->Prepare(
          "SELECT region_code || '/' || labourer_id || '/' || start_date || '/' || spell_id, "
          "record FROM job_spells "
          "WHERE region_code >= ?1 AND region_code < ?1 || ':' AND (?2 = 0 OR end_date = '') "
          "AND (region_code, labourer_id, start_date, spell_id) > (?3, ?4, ?5, ?6) "
          "ORDER BY region_code, labourer_id, start_date, spell_id LIMIT ?7"));
  const std::vector<std::string> after = SplitKey(query.after_key, 4);
  RRMON_RETURN_IF_ERROR(BindAll(*rows, query.region_prefix, query.ongoing_only, after[0], after[1],
                                after[2], after[3], query.limit + 1));
  return ReadKeyedPage<v1::JobSpell>(*rows, query.limit, "job spell");
}

absl::StatusOr<Page<v1::Business>> SqliteLabourerRepository::ListBusinesses(
    const BusinessQuery& query) {
  auto connection = database_.Acquire();
  if (!query.labourer_id.empty()) {
    RRMON_ASSIGN_OR_RETURN(
        SqliteStatement * rows,
        connection->Prepare("SELECT start_date || '/' || business_id, record FROM businesses "
                            "WHERE labourer_id = ?1 AND (start_date, business_id) > (?2, ?3) "
                            "ORDER BY start_date, business_id LIMIT ?4"));
    const std::vector<std::string> after = SplitKey(query.after_key, 2);
    RRMON_RETURN_IF_ERROR(BindAll(*rows, query.labourer_id, after[0], after[1], query.limit + 1));
    return ReadKeyedPage<v1::Business>(*rows, query.limit, "business");
  }
  RRMON_ASSIGN_OR_RETURN(
      SqliteStatement * rows,
      connection->Prepare(
          "SELECT region_code || '/' || labourer_id || '/' || start_date || '/' || business_id, "
          "record FROM businesses WHERE region_code >= ?1 AND region_code < ?1 || ':' "
          "AND (region_code, labourer_id, start_date, business_id) > (?2, ?3, ?4, ?5) "
          "ORDER BY region_code, labourer_id, start_date, business_id LIMIT ?6"));
  const std::vector<std::string> after = SplitKey(query.after_key, 4);
  RRMON_RETURN_IF_ERROR(
      BindAll(*rows, query.region_prefix, after[0], after[1], after[2], after[3], query.limit + 1));
  return ReadKeyedPage<v1::Business>(*rows, query.limit, "business");
}

}  // namespace rrmon::employment

#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>

#include "absl/time/time.h"
#include "common/idempotency/sqlite_request_log.h"
#include "common/storage/sqlite_database.h"
#include "services/monitoring/storage/sqlite_schema.h"
#include "services/monitoring/usecases/household_repository.h"

namespace rrmon::monitoring {

// Pieces of a registry write for other repositories of the same database that change a
// household inside their own transaction (the case repository): the household row
// (members untouched) compared and set on its revision, ABORTED on a mismatch; an audit row.
absl::Status UpdateHouseholdRow(SqliteConnection& connection, const v1::Household& household,
                                int64_t expected_revision);
absl::Status InsertAuditRow(SqliteConnection& connection, const AuditRecord& audit);

class SqliteHouseholdRepository final : public HouseholdRepository {
 public:
  // `database` must have been opened with MonitoringSqliteMigrations().
  explicit SqliteHouseholdRepository(SqliteDatabase& database) : database_(database) {}

  absl::StatusOr<WriteResult> Insert(const v1::Household& household, const AuditRecord& audit,
                                     const std::optional<RequestKey>& key,
                                     const std::string& resource_name) override;
  absl::StatusOr<v1::Household> Get(const std::string& household_id) override;
  absl::StatusOr<std::optional<WriteResult>> FindRequest(const RequestKey& key) override;
  absl::StatusOr<WriteResult> Replace(const v1::Household& household, int64_t expected_revision,
                                      const AuditRecord& audit,
                                      const std::optional<RequestKey>& key,
                                      const std::string& resource_name) override;
  absl::StatusOr<std::optional<std::string>> FindHouseholdOfPerson(
      const std::string& id_number) override;
  absl::StatusOr<HouseholdPage> List(const HouseholdQuery& query) override;
  absl::StatusOr<std::vector<HouseholdCount>> CountHouseholds() override;

 private:
  // One transaction: the household row (inserted when `expected_revision` is empty,
  // else compared and set), its members, the request record and the audit row.
  absl::StatusOr<WriteResult> Write(const v1::Household& household,
                                    std::optional<int64_t> expected_revision,
                                    const AuditRecord& audit, const std::optional<RequestKey>& key,
                                    const std::string& resource_name);

  SqliteDatabase& database_;
};

}  // namespace rrmon::monitoring

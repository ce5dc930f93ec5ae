#pragma once

// The labourer repository on the employment service's SQLite database.

#include <optional>
#include <string>

#include "common/storage/sqlite_database.h"
#include "services/employment/domain/work_year.h"
#include "services/employment/usecases/labourer_repository.h"

namespace rrmon::employment {

class SqliteLabourerRepository final : public LabourerRepository {
 public:
  // `database` must have been opened with EmploymentSqliteMigrations(); the progress
  // counts are kept under `rule`.
  SqliteLabourerRepository(SqliteDatabase& database, EmployedRule rule)
      : database_(database), rule_(rule) {}

  absl::StatusOr<std::optional<std::string>> FindRequest(const RequestKey& key) override;
  absl::StatusOr<std::optional<std::string>> Write(const LabourerChange& change) override;
  absl::Status Import(bool read_only,
                      const std::function<absl::Status(LabourImportSession&)>& work) override;
  absl::StatusOr<LabourerRecord> Get(const std::string& labourer_id) override;
  absl::StatusOr<std::vector<LabourerRecord>> ListLabourersOfHousehold(
      const std::string& household_id) override;
  absl::StatusOr<Page<v1::Labourer>> List(const LabourerQuery& query) override;
  absl::StatusOr<Page<v1::JobSpell>> ListSpells(const SpellQuery& query) override;
  absl::StatusOr<Page<v1::Business>> ListBusinesses(const BusinessQuery& query) override;

 private:
  SqliteDatabase& database_;
  const EmployedRule rule_;
};

}  // namespace rrmon::employment

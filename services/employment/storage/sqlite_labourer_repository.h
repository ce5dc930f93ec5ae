#pragma once

// The labourer repository on the employment service's SQLite database.

#include <optional>
#include <string>

#include "common/storage/sqlite_database.h"
#include "services/employment/usecases/labourer_repository.h"

namespace rrmon::employment {

class SqliteLabourerRepository final : public LabourerRepository {
 public:
  // `database` must have been opened with EmploymentSqliteMigrations().
  explicit SqliteLabourerRepository(SqliteDatabase& database) : database_(database) {}

  absl::StatusOr<std::optional<std::string>> FindRequest(const RequestKey& key) override;
  absl::StatusOr<std::optional<std::string>> Write(const LabourerChange& change) override;
  absl::StatusOr<LabourerRecord> Get(const std::string& labourer_id) override;
  absl::StatusOr<std::vector<LabourerRecord>> ListLabourersOfHousehold(
      const std::string& household_id) override;
  absl::StatusOr<Page<v1::Labourer>> List(const LabourerQuery& query) override;
  absl::StatusOr<Page<v1::JobSpell>> ListSpells(const SpellQuery& query) override;

 private:
  SqliteDatabase& database_;
};

}  // namespace rrmon::employment

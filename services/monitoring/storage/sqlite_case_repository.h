#pragma once

#include "common/storage/sqlite_database.h"
#include "services/monitoring/usecases/case_repository.h"

namespace rrmon::monitoring {

// Signals and cases in the monitoring database (tables of MonitoringSqliteMigrations()
// version 2), sharing the household registry's connections so a case and its household
// change in one transaction.
class SqliteCaseRepository final : public CaseRepository {
 public:
  explicit SqliteCaseRepository(SqliteDatabase& database) : database_(database) {}

  absl::StatusOr<CaseWriteResult> Apply(const CaseChange& change) override;
  absl::StatusOr<std::optional<StoredSignal>> GetSignal(const std::string& household_id,
                                                        const std::string& signal_id) override;
  absl::StatusOr<StoredCase> GetCase(const std::string& household_id,
                                     const std::string& case_id) override;
  absl::StatusOr<std::optional<StoredCase>> GetOpenCase(const std::string& household_id) override;
  absl::StatusOr<std::optional<v1::Case>> FindCaseRequest(const RequestKey& key) override;
  absl::StatusOr<Page<v1::RiskSignal>> ListSignals(const RegionPageQuery& query) override;
  absl::StatusOr<Page<v1::Case>> ListCases(const CaseQuery& query) override;
  absl::StatusOr<std::vector<StoredCase>> ListOpenCases() override;

 private:
  SqliteDatabase& database_;
};

}  // namespace rrmon::monitoring

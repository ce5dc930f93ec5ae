#pragma once

#include "common/storage/sqlite_database.h"
#include "services/monitoring/usecases/plan_repository.h"

namespace rrmon::monitoring {

// Measures, income records and guarantees in the monitoring database (tables of
// MonitoringSqliteMigrations() version 3).
class SqlitePlanRepository final : public PlanRepository {
 public:
  explicit SqlitePlanRepository(SqliteDatabase& database) : database_(database) {}

  absl::StatusOr<std::optional<v1::AssistanceMeasure>> Apply(const PlanChange& change) override;
  absl::StatusOr<std::optional<v1::AssistanceMeasure>> FindMeasureRequest(
      const RequestKey& key) override;
  absl::StatusOr<v1::AssistanceMeasure> GetMeasure(const std::string& household_id,
                                                   const std::string& measure_id) override;
  absl::StatusOr<std::vector<v1::AssistanceMeasure>> HouseholdMeasures(
      const std::string& household_id) override;
  absl::StatusOr<Page<v1::AssistanceMeasure>> ListMeasures(const MeasureQuery& query) override;
  absl::StatusOr<std::optional<v1::IncomeRecord>> GetIncomeRecord(
      const std::string& household_id, const std::string& month) override;
  absl::StatusOr<std::vector<v1::IncomeRecord>> ListIncomeRecords(
      const std::string& household_id, const std::string& first_month,
      const std::string& last_month) override;
  absl::StatusOr<std::optional<v1::Guarantees>> GetGuarantees(
      const std::string& household_id) override;
  absl::StatusOr<std::vector<std::pair<v1::MeasureStatus, int64_t>>> CountMeasuresByStatus()
      override;

 private:
  SqliteDatabase& database_;
};

}  // namespace rrmon::monitoring

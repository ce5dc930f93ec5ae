#pragma once

#include "common/storage/sqlite_database.h"
#include "services/monitoring/usecases/statistics_repository.h"

namespace rrmon::monitoring {

// Statistics over the monitoring database (MonitoringSqliteMigrations(), version 3 or
// later): a few GROUP BY queries in one read transaction, so households, measures and
// cases are counted from the same snapshot even while other connections write.
//
// Measures and cases are attributed to a region through their household's current
// region code, not through the region column on their own rows, which keeps the region a
// household had when the row was last written.
class SqliteStatisticsRepository final : public StatisticsRepository {
 public:
  // `database` must outlive the repository.
  explicit SqliteStatisticsRepository(SqliteDatabase& database) : database_(database) {}

  absl::StatusOr<v1::MonitoringStatistics> Compute(const StatisticsQuery& query) override;

 private:
  SqliteDatabase& database_;
};

}  // namespace rrmon::monitoring

#pragma once

#include "common/storage/sqlite_database.h"
#include "services/monitoring/usecases/statistics_repository.h"

namespace rrmon::monitoring {

// Statistics over the monitoring database (MonitoringSqliteMigrations(), version 9 or
// later). Compute reads the counts the database maintains per area
// (sqlite_statistics_schema.h) and takes away, from indexes, what the day asked for does
// not count yet: its cost grows with the areas and with the rows dated after that day,
// not with the registry. Recount counts every household, measure and case of the region
// instead; it is the definition the maintained counts are checked against.
//
// Either way every query runs in one read transaction, so the figures come from one
// snapshot even while other connections write; and measures and cases are attributed to
// a region through their household's current region code, not through the region column
// on their own rows, which keeps the region a household had when the row was last written.
class SqliteStatisticsRepository final : public StatisticsRepository {
 public:
  // `database` must outlive the repository.
  explicit SqliteStatisticsRepository(SqliteDatabase& database) : database_(database) {}

  absl::StatusOr<v1::MonitoringStatistics> Compute(const StatisticsQuery& query) override;
  absl::Status AdvanceCounts(absl::Time now) override;
  // The same figures from every row of the region.
  absl::StatusOr<v1::MonitoringStatistics> Recount(const StatisticsQuery& query);

 private:
  SqliteDatabase& database_;
};

}  // namespace rrmon::monitoring

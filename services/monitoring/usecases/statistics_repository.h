#pragma once

// The counts behind GetMonitoringStatistics (the 三类户 / 一户一策 table of a work report),
// computed by storage so that no household, measure or case leaves the database to be
// counted. The same interface is implemented for SQLite and, later, PostgreSQL.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::monitoring {

struct StatisticsQuery {
  // Households whose current region code starts with this; never empty (the caller's
  // region at most), already validated.
  std::string region_prefix;
  // Households registered after this day, measures started after it and eliminations
  // approved after it are not counted.
  absl::CivilDay as_of;
  // Open cases whose step is due strictly before this instant (Unix microseconds) are
  // overdue.
  int64_t now_micros = 0;
};

class StatisticsRepository {
 public:
  virtual ~StatisticsRepository() = default;

  // Every count of MonitoringStatistics from one consistent snapshot. Repeated counts are
  // sorted by enum number and leave out zero rows. region_prefix, as_of_date and
  // compute_time are left for the caller to fill.
  virtual absl::StatusOr<v1::MonitoringStatistics> Compute(const StatisticsQuery& query) = 0;

  // Brings what storage keeps for the clock (which measures have started, which steps are
  // overdue) up to `now`, so that a query of now has nothing to correct. Compute is exact
  // whether or not this has run; it only gets cheaper. Called on a schedule.
  virtual absl::Status AdvanceCounts(absl::Time now) = 0;
};

}  // namespace rrmon::monitoring

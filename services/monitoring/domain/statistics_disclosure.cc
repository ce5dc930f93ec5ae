#include "services/monitoring/domain/statistics_disclosure.h"

namespace rrmon::monitoring {
namespace {

void Suppress(v1::HouseholdCount& count, int32_t min_cell_size) {
  if (count.households() > 0 && count.households() < min_cell_size) {
    count.set_households(0);
    count.set_people(0);
    count.set_suppressed(true);
  }
}

}  // namespace

void SuppressSmallCells(v1::MonitoringStatistics& statistics, int32_t min_cell_size) {
  if (min_cell_size <= 1) return;
  statistics.set_min_cell_size(min_cell_size);
  Suppress(*statistics.mutable_registered(), min_cell_size);
  Suppress(*statistics.mutable_monitored(), min_cell_size);
  for (auto& row : *statistics.mutable_monitored_by_category()) {
    Suppress(*row.mutable_count(), min_cell_size);
  }
  for (auto& row : *statistics.mutable_by_status()) Suppress(*row.mutable_count(), min_cell_size);
  for (auto& row : *statistics.mutable_monitored_by_primary_risk_type()) {
    Suppress(*row.mutable_count(), min_cell_size);
  }
  for (auto& area : *statistics.mutable_by_area()) {
    Suppress(*area.mutable_registered(), min_cell_size);
    Suppress(*area.mutable_monitored(), min_cell_size);
    for (auto& row : *area.mutable_monitored_by_category()) {
      Suppress(*row.mutable_count(), min_cell_size);
    }
  }
}

}  // namespace rrmon::monitoring

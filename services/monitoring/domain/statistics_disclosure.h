#pragma once

// Statistical disclosure control for readers of aggregates (analysts): a count of one or
// two households in a village, by risk type, says which household is ill. As statistical
// offices do, a cell with fewer households than the minimum (but some) is withheld: its
// households and people become 0 and it is marked suppressed. Case handlers, who see the
// households themselves, get the figures whole.
//
// Only primary suppression: a withheld cell can still be derived from a total and its
// other cells in some tables (docs/monitoring-rules.md says which).

#include <cstdint>

#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::monitoring {

// Withholds every household count of `statistics` (totals, breakdowns, areas) with
// 0 < households < min_cell_size, and records the threshold. min_cell_size ≤ 1 changes
// nothing.
void SuppressSmallCells(v1::MonitoringStatistics& statistics, int32_t min_cell_size);

}  // namespace rrmon::monitoring

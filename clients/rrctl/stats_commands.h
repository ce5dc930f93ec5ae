#pragma once

// `rrctl stats`: what a region's monitoring adds up to (三类户, measures, cases,
// eliminations), as the yearly report needs it.

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/rrctl/command_context.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::rrctl {

absl::StatusOr<rrmon::monitoring::v1::GetMonitoringStatisticsRequest>
BuildGetMonitoringStatisticsRequest(absl::string_view region, absl::string_view as_of_date);

// Sections: the totals, monitored households by category, all households by status,
// monitored by primary risk type, measures (by type with funds in yuan, by status), open
// cases by step with the overdue ones, eliminations.
std::string FormatStatistics(const rrmon::monitoring::v1::MonitoringStatistics& statistics);

void AddStatsCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl

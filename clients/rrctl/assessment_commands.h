#pragma once

// `rrctl assess HOUSEHOLD`: the household against the monitoring line and the
// guarantees, with where each income figure came from.

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/rrctl/command_context.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::rrctl {

absl::StatusOr<rrmon::monitoring::v1::AssessHouseholdRequest> BuildAssessHouseholdRequest(
    absl::string_view household, absl::string_view as_of_date);

// The period, the six income factors (yuan, source), household size, per-capita net
// income against the line (with the line's region and year), AT RISK or not, findings.
std::string FormatAssessment(const rrmon::monitoring::v1::Assessment& assessment);

void AddAssessmentCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl

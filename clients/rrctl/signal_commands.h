#pragma once

// `rrctl signal report|list`: a household may be at risk (自主申报, 干部排查, 部门预警).
// Reporting opens an identification case, or joins the open one.

#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/rrctl/command_context.h"
#include "clients/rrctl/list_options.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::rrctl {

struct ReportSignalFlags {
  std::string household;
  std::string signal_id;
  std::string source;
  std::string source_detail;
  std::vector<std::string> risk_types;
  std::string evidence;
  std::string occurred_date;
};

absl::StatusOr<rrmon::monitoring::v1::ReportRiskSignalRequest> BuildReportRiskSignalRequest(
    const ReportSignalFlags& flags);

absl::StatusOr<rrmon::monitoring::v1::ListRiskSignalsRequest> BuildListRiskSignalsRequest(
    const ListOptions& options);

// One signal's fields, with the case it opened or joined.
std::string FormatRiskSignal(const rrmon::monitoring::v1::RiskSignal& signal);

// One line per signal; then "next page: TOKEN" when there is one.
std::string FormatRiskSignalList(const rrmon::monitoring::v1::ListRiskSignalsResponse& response);

void AddSignalCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl

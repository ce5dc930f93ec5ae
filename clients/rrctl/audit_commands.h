#pragma once

// `rrctl audit HOUSEHOLD`: a household's audit trail, oldest first: every change (who,
// in which role, which method, why) and every read of its personal data. For township
// and county officers.

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "clients/rrctl/command_context.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::rrctl {

struct AuditFlags {
  std::string household;
  int page_size = 0;
  std::string page_token;
  bool all = false;
};

absl::StatusOr<rrmon::monitoring::v1::ListAuditEntriesRequest> BuildListAuditEntriesRequest(
    const AuditFlags& flags);

// One row per entry: time, change or read, method, who (role), the resource under the
// household, and the reason of a change.
std::string FormatAuditEntries(const rrmon::monitoring::v1::ListAuditEntriesResponse& response);

void AddAuditCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl

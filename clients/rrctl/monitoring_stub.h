#pragma once

#include "absl/status/statusor.h"
#include "clients/rrctl/command_context.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::rrctl {

// Runs `body(connection, stub)` with a MonitoringService stub on a fresh connection;
// a connection that cannot be made (no token, refused plaintext, unreadable CA file) is
// reported and its exit code returned instead.
template <typename Body>
int WithMonitoringStub(CommandContext& context, Body body) {
  absl::StatusOr<Connection> connection = context.Connect();
  if (!connection.ok()) return context.ReportLocalError(connection.status());
  auto stub = rrmon::monitoring::v1::MonitoringService::NewStub(connection->channel);
  return body(*connection, *stub);
}

}  // namespace rrmon::rrctl

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

// Whether a call may be sent again after UNAVAILABLE / RESOURCE_EXHAUSTED: reads, and
// creates carrying a request_id (AIP-155), are; other changes are sent once.
enum class Retry { kSafe, kOnce };

// The shape of every single-call command: report a request that could not be built,
// call `rpc` on a fresh connection, report an RPC error, or print the response (as JSON,
// or as `format(response)` in table mode).
template <typename Request, typename Response, typename Format>
int RunUnaryCommand(CommandContext& context, const absl::StatusOr<Request>& request,
                    Retry retry,
                    grpc::Status (rrmon::monitoring::v1::MonitoringService::Stub::*rpc)(
                        grpc::ClientContext*, const Request&, Response*),
                    Format format) {
  if (!request.ok()) return context.ReportLocalError(request.status());
  return WithMonitoringStub(
      context, [&](const Connection& connection,
                   rrmon::monitoring::v1::MonitoringService::Stub& stub) {
        Response response;
        auto call = [&](grpc::ClientContext& call_context) {
          return (stub.*rpc)(&call_context, *request, &response);
        };
        const grpc::Status status = retry == Retry::kSafe
                                        ? CallWithRetry(connection.call, context.retry(), call)
                                        : CallOnce(connection.call, call);
        if (!status.ok()) return context.ReportRpcError(status, connection);
        return context.Print(response, format(response));
      });
}

}  // namespace rrmon::rrctl

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

// A MonitoringService method taking `Request` and answering `Response`.
template <typename Request, typename Response>
using MonitoringRpc = grpc::Status (rrmon::monitoring::v1::MonitoringService::Stub::*)(
    grpc::ClientContext*, const Request&, Response*);

// The shape of every single-call command: report a request that could not be built,
// call `rpc` on a fresh connection, report an RPC error, or print the response (as JSON,
// or as `format(response)` in table mode), then run `after(response)` (e.g. to print
// advice on stderr once the result is out).
template <typename Request, typename Response, typename Format, typename After>
int RunUnaryCommandThen(CommandContext& context, const absl::StatusOr<Request>& request,
                        Retry retry, MonitoringRpc<Request, Response> rpc, Format format,
                        After after) {
  if (!request.ok()) return context.ReportLocalError(request.status());
  return WithMonitoringStub(context, [&](const Connection& connection,
                                         rrmon::monitoring::v1::MonitoringService::Stub& stub) {
    Response response;
    auto call = [&](grpc::ClientContext& call_context) {
      return (stub.*rpc)(&call_context, *request, &response);
    };
    const grpc::Status status = retry == Retry::kSafe
                                    ? CallWithRetry(connection.call, context.retry(), call)
                                    : CallOnce(connection.call, call);
    if (!status.ok()) return context.ReportRpcError(status, connection);
    const int code = context.Print(response, format(response));
    after(response);
    return code;
  });
}

template <typename Request, typename Response, typename Format>
int RunUnaryCommand(CommandContext& context, const absl::StatusOr<Request>& request, Retry retry,
                    MonitoringRpc<Request, Response> rpc, Format format) {
  return RunUnaryCommandThen(context, request, retry, rpc, format, [](const Response&) {});
}

// A list command: like RunUnaryCommandThen, but with `all_pages` it follows
// next_page_token to the end and prints the pages as one response (whose
// next_page_token is the last page's). Lists are reads, so every page is retried.
// Advice repeated on every page (plan_warnings) is kept once.
template <typename Request, typename Response, typename Format, typename After>
int RunListCommand(CommandContext& context, absl::StatusOr<Request> request, bool all_pages,
                   MonitoringRpc<Request, Response> rpc, Format format, After after) {
  if (!request.ok()) return context.ReportLocalError(request.status());
  return WithMonitoringStub(context, [&](const Connection& connection,
                                         rrmon::monitoring::v1::MonitoringService::Stub& stub) {
    Response all;
    for (bool first = true;; first = false) {
      Response page;
      const grpc::Status status = CallWithRetry(
          connection.call, context.retry(),
          [&](grpc::ClientContext& call) { return (stub.*rpc)(&call, *request, &page); });
      if (!status.ok()) return context.ReportRpcError(status, connection);
      if constexpr (requires { page.clear_plan_warnings(); }) {
        if (!first) page.clear_plan_warnings();
      }
      all.MergeFrom(page);
      all.set_next_page_token(page.next_page_token());
      if (!all_pages || page.next_page_token().empty()) break;
      request->set_page_token(page.next_page_token());
    }
    const int code = context.Print(all, format(all));
    after(all);
    return code;
  });
}

}  // namespace rrmon::rrctl

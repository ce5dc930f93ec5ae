#include "clients/rrctl/alert_commands.h"

#include <grpcpp/client_context.h>

#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/rrctl/enum_names.h"
#include "clients/rrctl/error_output.h"
#include "clients/rrctl/interrupt_watcher.h"
#include "clients/rrctl/monitoring_stub.h"
#include "clients/rrctl/output.h"
#include "clients/rrctl/resource_names.h"
#include "common/auth/authorizer.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using monitoring::MonitoringService;

int RunWatch(CommandContext& context, const monitoring::WatchAlertsRequest& request) {
  return WithMonitoringStub(context,
                            [&](const Connection& connection, MonitoringService::Stub& stub) {
                              grpc::ClientContext call;
                              // No deadline: a watch lasts until the service ends it or the user
                              // stops it.
                              rrmon::auth::AttachBearerToken(call, connection.call.token);
                              InterruptWatcher interrupts([&call] { call.TryCancel(); });
                              std::unique_ptr<grpc::ClientReader<monitoring::Alert>> reader =
                                  stub.WatchAlerts(&call, request);
                              monitoring::Alert alert;
                              while (reader->Read(&alert)) {
                                if (context.format() == OutputFormat::kTable)
                                  context.out() << FormatDroppedAlerts(alert);
                                context.Print(alert, FormatAlert(alert));
                              }
                              const grpc::Status status = reader->Finish();
                              if (interrupts.interrupted())
                                return static_cast<int>(kExitOk);  // the user stopped it
                              if (!status.ok()) return context.ReportRpcError(status, connection);
                              return static_cast<int>(kExitOk);
                            });
}

}  // namespace

std::string FormatAlert(const monitoring::Alert& alert) {
  std::string text = absl::StrCat(FormatUtcMinute(alert.time()), "  ", EnumText(alert.kind()), "  ",
                                  OrNone(alert.household()));
  if (!alert.region_code().empty()) absl::StrAppend(&text, " (", alert.region_code(), ")");
  switch (alert.kind()) {
    case monitoring::ALERT_KIND_RISK_SIGNAL:
      absl::StrAppend(&text, "  signal ", OrNone(ResourceId(alert.risk_signal())));
      if (!alert.case_().empty()) absl::StrAppend(&text, ", case ", alert.case_());
      break;
    case monitoring::ALERT_KIND_STEP_OVERDUE:
      absl::StrAppend(&text, "  ", EnumLabel(alert.step()), " overdue, case ",
                      OrNone(alert.case_()));
      break;
    case monitoring::ALERT_KIND_ASSESSED_AT_RISK:
      absl::StrAppend(&text, "  findings ",
                      EnumListText<monitoring::RiskFinding>(alert.findings()));
      break;
    default:
      break;
  }
  absl::StrAppend(&text, "\n");
  return text;
}

std::string FormatDroppedAlerts(const monitoring::Alert& alert) {
  if (alert.dropped_before() <= 0) return "";
  return absl::StrCat("(", alert.dropped_before(),
                      alert.dropped_before() == 1 ? " alert" : " alerts",
                      " dropped: reader too slow)\n");
}

void AddAlertCommands(CLI::App& app, CommandContext& context) {
  CLI::App* alerts = app.add_subcommand("alerts", "Follow a region's alerts as they happen");
  CLI::App* watch = alerts->add_subcommand(
      "watch", "Print each alert as it happens, until the service ends the stream or Ctrl-C");
  auto region = std::make_shared<std::string>();
  watch->add_option("--region", *region, "Region code prefix (default: your whole region)")
      ->type_name("PREFIX");
  watch->callback([&context, region] {
    context.action = [&context, region] {
      monitoring::WatchAlertsRequest request;
      request.set_region_prefix(std::string(absl::StripAsciiWhitespace(*region)));
      return RunWatch(context, request);
    };
  });
  alerts->require_subcommand(1);
}

}  // namespace rrmon::rrctl

#include "clients/rrctl/signal_commands.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/rrctl/date_text.h"
#include "clients/rrctl/enum_names.h"
#include "clients/rrctl/flag_values.h"
#include "clients/rrctl/monitoring_stub.h"
#include "clients/rrctl/output.h"
#include "clients/rrctl/resource_names.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using monitoring::MonitoringService;

std::string SourceText(const monitoring::RiskSignal& signal) {
  std::string text = EnumText(signal.source());
  if (!signal.source_detail().empty()) absl::StrAppend(&text, " (", signal.source_detail(), ")");
  return text;
}

void AddReport(CLI::App* signal, CommandContext& context) {
  CLI::App* report = signal->add_subcommand(
      "report", "Report that a household may be at risk; opens or joins its identification case");
  auto flags = std::make_shared<ReportSignalFlags>();
  report->add_option("household", flags->household, "households/ID or ID")
      ->required()
      ->type_name("HOUSEHOLD");
  report
      ->add_option("--signal-id", flags->signal_id,
                   "Your id of this report (1-64 of A-Z a-z 0-9 _ -); the same id twice is "
                   "stored once")
      ->required()
      ->type_name("ID");
  report
      ->add_option("--source", flags->source,
                   EnumChoicesText(*monitoring::SignalSource_descriptor()))
      ->required();
  report->add_option("--source-detail", flags->source_detail,
                     "Who reported it, e.g. 塔城市医疗保障局");
  report
      ->add_option("--risk-type", flags->risk_types,
                   absl::StrCat("Repeatable (or comma-separated): ",
                                EnumChoicesText(*monitoring::RiskType_descriptor())))
      ->required()
      ->delimiter(',')
      ->allow_extra_args(false);
  report->add_option("--evidence", flags->evidence, "What was observed")->required();
  report->add_option("--occurred-date", flags->occurred_date, "When it happened, YYYY-MM-DD")
      ->required()
      ->type_name("DATE");
  report->callback([&context, flags] {
    context.action = [&context, flags] {
      // Safe to retry: the signal_id makes a repeated report return the stored signal.
      return RunUnaryCommand(context, BuildReportRiskSignalRequest(*flags), Retry::kSafe,
                             &MonitoringService::Stub::ReportRiskSignal, FormatRiskSignal);
    };
  });
}

void AddList(CLI::App* signal, CommandContext& context) {
  CLI::App* list = signal->add_subcommand("list", "List risk signals of a household or a region");
  auto options = std::make_shared<ListOptions>();
  AddListOptions(list, *options, "signals");
  list->callback([&context, options] {
    context.action = [&context, options] {
      return RunListCommand(context, BuildListRiskSignalsRequest(*options), options->all,
                            &MonitoringService::Stub::ListRiskSignals, FormatRiskSignalList,
                            [](const monitoring::ListRiskSignalsResponse&) {});
    };
  });
}

}  // namespace

absl::StatusOr<monitoring::ReportRiskSignalRequest> BuildReportRiskSignalRequest(
    const ReportSignalFlags& flags) {
  monitoring::ReportRiskSignalRequest request;
  absl::StatusOr<std::string> parent = NormaliseHouseholdName(flags.household);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  monitoring::RiskSignal& signal = *request.mutable_risk_signal();

  absl::StatusOr<std::string> signal_id = RequiredText(flags.signal_id, "--signal-id");
  if (!signal_id.ok()) return signal_id.status();
  signal.set_signal_id(*signal_id);
  absl::StatusOr<int> source =
      ParseEnumSpelling(*monitoring::SignalSource_descriptor(), flags.source, "--source");
  if (!source.ok()) return source.status();
  signal.set_source(static_cast<monitoring::SignalSource>(*source));
  signal.set_source_detail(flags.source_detail);
  if (flags.risk_types.empty()) {
    return absl::InvalidArgumentError("give at least one --risk-type");
  }
  absl::StatusOr<std::vector<int>> risk_types =
      ParseEnumSpellings(*monitoring::RiskType_descriptor(), flags.risk_types, "--risk-type");
  if (!risk_types.ok()) return risk_types.status();
  for (int type : *risk_types) signal.add_risk_types(static_cast<monitoring::RiskType>(type));
  signal.set_evidence(flags.evidence);
  absl::StatusOr<std::string> occurred = CheckDateText(flags.occurred_date, "--occurred-date");
  if (!occurred.ok()) return occurred.status();
  signal.set_occurred_date(*occurred);
  return request;
}

absl::StatusOr<monitoring::ListRiskSignalsRequest> BuildListRiskSignalsRequest(
    const ListOptions& options) {
  monitoring::ListRiskSignalsRequest request;
  if (absl::Status s = ApplyListOptions(options, request); !s.ok()) return s;
  return request;
}

std::string FormatRiskSignal(const monitoring::RiskSignal& signal) {
  return FormatFields({
      {"name", OrNone(signal.name())},
      {"signal id", OrNone(signal.signal_id())},
      {"source", SourceText(signal)},
      {"risk types", EnumListText<monitoring::RiskType>(signal.risk_types())},
      {"evidence", OrNone(signal.evidence())},
      {"occurred", OrNone(signal.occurred_date())},
      {"case", signal.case_().empty() ? std::string("- (the household is monitored already)")
                                      : signal.case_()},
      {"reporter", OrNone(signal.reporter())},
      {"reported", FormatUtcMinute(signal.create_time())},
  });
}

std::string FormatRiskSignalList(const monitoring::ListRiskSignalsResponse& response) {
  std::vector<std::vector<std::string>> rows;
  for (const monitoring::RiskSignal& signal : response.risk_signals()) {
    rows.push_back({
        OrNone(signal.signal_id()),
        HouseholdOf(signal.name()),
        SourceText(signal),
        EnumListText<monitoring::RiskType>(signal.risk_types()),
        OrNone(signal.occurred_date()),
        FormatUtcMinute(signal.create_time()),
        OrNone(signal.case_()),
    });
  }
  std::string text = FormatTable(
      {"SIGNAL", "HOUSEHOLD", "SOURCE", "RISK TYPES", "OCCURRED", "REPORTED", "CASE"}, rows);
  if (!response.next_page_token().empty()) {
    absl::StrAppend(&text, "next page: ", response.next_page_token(), "\n");
  }
  return text;
}

void AddSignalCommands(CLI::App& app, CommandContext& context) {
  CLI::App* signal = app.add_subcommand("signal", "Report and list risk signals (风险信号)");
  AddReport(signal, context);
  AddList(signal, context);
  signal->require_subcommand(1);
}

}  // namespace rrmon::rrctl

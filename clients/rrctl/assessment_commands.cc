#include "clients/rrctl/assessment_commands.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/rrctl/amount_column.h"
#include "clients/rrctl/date_text.h"
#include "clients/rrctl/enum_names.h"
#include "clients/rrctl/money.h"
#include "clients/rrctl/monitoring_stub.h"
#include "clients/rrctl/output.h"
#include "clients/rrctl/resource_names.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using monitoring::MonitoringService;

std::vector<std::string> FactorRow(const std::string& label, const monitoring::IncomeFactor& f) {
  return {label, FormatYuan(f.amount_fen()), EnumWords(f.source())};
}

}  // namespace

absl::StatusOr<monitoring::AssessHouseholdRequest> BuildAssessHouseholdRequest(
    absl::string_view household, absl::string_view as_of_date) {
  monitoring::AssessHouseholdRequest request;
  absl::StatusOr<std::string> name = NormaliseHouseholdName(household);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  if (!absl::StripAsciiWhitespace(as_of_date).empty()) {
    absl::StatusOr<std::string> date = CheckDateText(as_of_date, "--as-of");
    if (!date.ok()) return date.status();
    request.set_as_of_date(*date);
  }
  return request;
}

std::string FormatAssessment(const monitoring::Assessment& assessment) {
  const std::string fields = FormatFields({
      {"household", OrNone(assessment.household())},
      {"as of", absl::StrCat(OrNone(assessment.as_of_date()), " (income of ",
                             OrNone(assessment.period_start_month()), " to ",
                             OrNone(assessment.period_end_month()), ")")},
  });

  std::vector<std::vector<std::string>> rows = {
      FactorRow("wage income (工资性)", assessment.wage_income()),
      FactorRow("operating income (生产经营性)", assessment.operating_income()),
      FactorRow("property income (财产性)", assessment.property_income()),
      FactorRow("transfer income (转移性)", assessment.transfer_income()),
      FactorRow("operating expenses (−)", assessment.operating_expenses()),
      FactorRow("unavoidable spending (−)", assessment.unavoidable_spending()),
  };
  std::vector<std::string> header = {"FACTOR", "YUAN", "SOURCE"};
  RightAlignColumn(header, rows, 1);

  const int64_t income = assessment.per_capita_net_income_fen();
  const int64_t line = assessment.monitoring_line_fen();
  std::string findings;
  for (const int finding : assessment.findings()) {
    if (!findings.empty()) findings += ", ";
    findings += EnumText(static_cast<monitoring::RiskFinding>(finding));
  }
  const std::string result = FormatFields({
      {"household size", absl::StrCat(assessment.household_size())},
      {"per-capita net income",
       absl::StrCat(FormatYuan(income), " yuan a year, ",
                    income < line ? "BELOW the line" : "at or above the line")},
      {"monitoring line",
       absl::StrCat(FormatYuan(line), " yuan (region ", OrNone(assessment.monitoring_line_region()),
                    ", ", assessment.monitoring_line_year(), ")")},
      {"result", assessment.at_risk() ? "AT RISK" : "not at risk"},
      {"findings", OrNone(findings)},
  });
  return absl::StrCat(fields, "\n", FormatTable(header, rows), "\n", result);
}

void AddAssessmentCommands(CLI::App& app, CommandContext& context) {
  CLI::App* assess = app.add_subcommand(
      "assess", "Assess a household against the monitoring line and the guarantees");
  auto flags = std::make_shared<std::pair<std::string, std::string>>();
  assess->add_option("household", flags->first, "households/ID or ID")
      ->required()
      ->type_name("HOUSEHOLD");
  assess->add_option("--as-of", flags->second, "The day to assess as of (default today, UTC)")
      ->type_name("DATE");
  assess->callback([&context, flags] {
    context.action = [&context, flags] {
      // Computes without changing anything the caller sees, so it is retried like a read.
      return RunUnaryCommand(context, BuildAssessHouseholdRequest(flags->first, flags->second),
                             Retry::kSafe, &MonitoringService::Stub::AssessHousehold,
                             FormatAssessment);
    };
  });
}

}  // namespace rrmon::rrctl

#include "clients/rrctl/stats_commands.h"

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
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using monitoring::MonitoringService;

// A cell withheld from analysts (fewer households than the minimum) says so instead of 0.
std::string CountText(const monitoring::HouseholdCount& count) {
  if (count.suppressed()) return "withheld (too few households to show)";
  return absl::StrCat(count.households(), " households, ", count.people(), " people");
}

std::string HouseholdsCell(const monitoring::HouseholdCount& count) {
  return count.suppressed() ? std::string("withheld") : absl::StrCat(count.households());
}

std::string PeopleCell(const monitoring::HouseholdCount& count) {
  return count.suppressed() ? std::string("withheld") : absl::StrCat(count.people());
}

}  // namespace

absl::StatusOr<monitoring::GetMonitoringStatisticsRequest> BuildGetMonitoringStatisticsRequest(
    absl::string_view region, absl::string_view as_of_date) {
  monitoring::GetMonitoringStatisticsRequest request;
  request.set_region_prefix(std::string(absl::StripAsciiWhitespace(region)));
  if (!absl::StripAsciiWhitespace(as_of_date).empty()) {
    absl::StatusOr<std::string> date = CheckDateText(as_of_date, "--as-of");
    if (!date.ok()) return date.status();
    request.set_as_of_date(*date);
  }
  return request;
}

std::string FormatStatistics(const monitoring::MonitoringStatistics& statistics) {
  std::string text = FormatFields({
      {"region", statistics.region_prefix().empty() ? std::string("- (your whole region)")
                                                    : statistics.region_prefix()},
      {"as of", OrNone(statistics.as_of_date())},
      {"registered", CountText(statistics.registered())},
      {"monitored (三类户)", CountText(statistics.monitored())},
      {"computed", FormatUtcMinute(statistics.compute_time())},
  });

  std::vector<std::vector<std::string>> rows;
  for (const monitoring::CategoryCount& entry : statistics.monitored_by_category()) {
    rows.push_back(
        {EnumText(entry.category()), HouseholdsCell(entry.count()), PeopleCell(entry.count())});
  }
  absl::StrAppend(&text, FormatSection("MONITORED BY CATEGORY",
                                       {"CATEGORY", "HOUSEHOLDS", "PEOPLE"}, std::move(rows)));

  rows.clear();
  for (const monitoring::StatusCount& entry : statistics.by_status()) {
    rows.push_back(
        {EnumText(entry.status()), HouseholdsCell(entry.count()), PeopleCell(entry.count())});
  }
  absl::StrAppend(&text, FormatSection("HOUSEHOLDS BY STATUS", {"STATUS", "HOUSEHOLDS", "PEOPLE"},
                                       std::move(rows)));

  rows.clear();
  for (const monitoring::RiskTypeCount& entry : statistics.monitored_by_primary_risk_type()) {
    rows.push_back(
        {EnumText(entry.risk_type()), HouseholdsCell(entry.count()), PeopleCell(entry.count())});
  }
  absl::StrAppend(&text, FormatSection("MONITORED BY PRIMARY RISK TYPE",
                                       {"RISK TYPE", "HOUSEHOLDS", "PEOPLE"}, std::move(rows)));

  absl::StrAppend(&text, "\nMEASURES\n",
                  FormatFields({{"of monitored households (一户一策)",
                                 absl::StrCat(statistics.monitored_measures())}}));
  rows.clear();
  for (const monitoring::MeasureTypeCount& entry : statistics.measures_by_type()) {
    rows.push_back(
        {EnumText(entry.type()), absl::StrCat(entry.measures()), FormatYuan(entry.funds_fen())});
  }
  absl::StrAppend(&text, FormatSection("MEASURES BY TYPE (cancelled excluded)",
                                       {"TYPE", "MEASURES", "FUNDS (YUAN)"}, std::move(rows)));
  rows.clear();
  for (const monitoring::MeasureStatusCount& entry : statistics.measures_by_status()) {
    rows.push_back({EnumText(entry.status()), absl::StrCat(entry.measures())});
  }
  absl::StrAppend(&text,
                  FormatSection("MEASURES BY STATUS", {"STATUS", "MEASURES"}, std::move(rows)));

  rows.clear();
  for (const monitoring::CaseStepCount& entry : statistics.open_cases_by_step()) {
    rows.push_back(
        {EnumLabel(entry.step()), absl::StrCat(entry.cases()), absl::StrCat(entry.overdue())});
  }
  absl::StrAppend(&text,
                  FormatSection("OPEN CASES BY STEP", {"STEP", "OPEN", "OVERDUE"}, std::move(rows)),
                  FormatFields({{"overdue cases", absl::StrCat(statistics.overdue_cases())}}));

  absl::StrAppend(&text, "\nELIMINATIONS (风险消除)\n",
                  FormatFields({
                      {"total", absl::StrCat(statistics.eliminations())},
                      {"this year", absl::StrCat(statistics.eliminations_this_year())},
                  }));

  // A village has no areas below it: the section is left out rather than shown empty.
  if (!statistics.by_area().empty()) {
    rows.clear();
    for (const monitoring::AreaStatistics& area : statistics.by_area()) {
      rows.push_back({area.region_prefix(), HouseholdsCell(area.registered()),
                      HouseholdsCell(area.monitored()), PeopleCell(area.monitored()),
                      absl::StrCat(area.monitored_measures()), absl::StrCat(area.open_cases()),
                      absl::StrCat(area.overdue_cases()), absl::StrCat(area.eliminations())});
    }
    absl::StrAppend(&text, FormatSection("BY AREA",
                                         {"AREA", "REGISTERED", "MONITORED", "PEOPLE", "MEASURES",
                                          "OPEN CASES", "OVERDUE", "ELIMINATED"},
                                         std::move(rows)));
  }
  return text;
}

void AddStatsCommands(CLI::App& app, CommandContext& context) {
  CLI::App* stats = app.add_subcommand(
      "stats", "Counts of households, people, measures, cases and eliminations in a region");
  auto flags = std::make_shared<std::pair<std::string, std::string>>();
  stats->add_option("--region", flags->first, "Region code prefix (default: your whole region)")
      ->type_name("PREFIX");
  stats->add_option("--as-of", flags->second, "The day counted (default today, UTC)")
      ->type_name("DATE");
  stats->callback([&context, flags] {
    context.action = [&context, flags] {
      return RunUnaryCommand(
          context, BuildGetMonitoringStatisticsRequest(flags->first, flags->second), Retry::kSafe,
          &MonitoringService::Stub::GetMonitoringStatistics, FormatStatistics);
    };
  });
}

}  // namespace rrmon::rrctl

#include "clients/rrctl/employment_commands.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/rrctl/amount_column.h"
#include "clients/rrctl/date_text.h"
#include "clients/rrctl/enum_names.h"
#include "clients/rrctl/output.h"
#include "rrmon/employment/v1/employment_service.grpc.pb.h"

namespace rrmon::rrctl {
namespace {

namespace employment = rrmon::employment::v1;
using employment::EmploymentService;

std::string Completion(bool target_set, int64_t target, const std::string& percent) {
  if (!target_set) return "- (no target set)";
  return absl::StrCat(percent, " % of ", target);
}

std::vector<std::string> FigureCells(const employment::ProgressFigures& figures) {
  return {absl::StrCat(figures.poverty_alleviated_employed()),
          absl::StrCat(figures.rural_labour_employed()),
          absl::StrCat(figures.out_of_county_person_times()),
          absl::StrCat(figures.new_businesses()), absl::StrCat(figures.business_jobs())};
}

const std::vector<std::string>& FigureHeader() {
  static const auto* header = new std::vector<std::string>{
      "脱贫劳动力 EMPLOYED", "RURAL LABOUR EMPLOYED", "PERSON-TIMES AWAY", "BUSINESSES", "JOBS"};
  return *header;
}

std::vector<std::string> WithFigures(std::vector<std::string> first) {
  first.insert(first.end(), FigureHeader().begin(), FigureHeader().end());
  return first;
}

// Runs one EmploymentService call on a fresh connection and prints its answer.
template <typename Request, typename Response, typename Format>
int RunEmploymentCommand(CommandContext& context, const absl::StatusOr<Request>& request,
                         bool safe_to_retry,
                         grpc::Status (EmploymentService::Stub::*rpc)(grpc::ClientContext*,
                                                                      const Request&, Response*),
                         Format format) {
  if (!request.ok()) return context.ReportLocalError(request.status());
  absl::StatusOr<Connection> connection = context.Connect(kEmploymentTarget);
  if (!connection.ok()) return context.ReportLocalError(connection.status());
  auto stub = EmploymentService::NewStub(connection->channel);
  Response response;
  auto call = [&](grpc::ClientContext& call_context) {
    return (stub.get()->*rpc)(&call_context, *request, &response);
  };
  const grpc::Status status = safe_to_retry ? CallWithRetry(connection->call, context.retry(), call)
                                            : CallOnce(connection->call, call);
  if (!status.ok()) return context.ReportRpcError(status, *connection);
  return context.Print(response, format(response));
}

}  // namespace

absl::StatusOr<employment::GetEmploymentProgressRequest> BuildGetEmploymentProgressRequest(
    absl::string_view region, int year, absl::string_view as_of) {
  employment::GetEmploymentProgressRequest request;
  request.set_region_prefix(std::string(absl::StripAsciiWhitespace(region)));
  request.set_year(year);
  if (!absl::StripAsciiWhitespace(as_of).empty()) {
    absl::StatusOr<std::string> date = CheckDateText(as_of, "--as-of");
    if (!date.ok()) return date.status();
    request.set_as_of_date(*date);
  }
  return request;
}

absl::StatusOr<employment::SetEmploymentTargetRequest> BuildSetEmploymentTargetRequest(
    absl::string_view region, int year, int64_t people, absl::string_view etag,
    absl::string_view reason) {
  if (absl::StripAsciiWhitespace(region).empty()) {
    return absl::InvalidArgumentError("--region is required");
  }
  employment::SetEmploymentTargetRequest request;
  employment::EmploymentTarget& target = *request.mutable_target();
  target.set_region_prefix(std::string(absl::StripAsciiWhitespace(region)));
  target.set_year(year);
  target.set_people(people);
  target.set_etag(std::string(etag));
  request.set_reason(std::string(reason));
  return request;
}

std::string FormatEmploymentTarget(const employment::EmploymentTarget& target) {
  return FormatFields({{"name", target.name()},
                       {"region", target.region_prefix()},
                       {"year", absl::StrCat(target.year())},
                       {"people to employ", absl::StrCat(target.people())},
                       {"etag", target.etag()},
                       {"updated", FormatUtcMinute(target.update_time())}});
}

std::string FormatEmploymentProgress(const employment::EmploymentProgress& progress) {
  const employment::ProgressFigures& figures = progress.figures();
  std::string text = FormatFields({
      {"region", progress.region_prefix()},
      {"year", absl::StrCat(progress.year(), " (as of ", progress.as_of_date(), ")")},
      {"脱贫劳动力 employed", absl::StrCat(figures.poverty_alleviated_employed())},
      {"completion",
       Completion(progress.target_set(), progress.target(), progress.completion_percent())},
      {"rural labour employed", absl::StrCat(figures.rural_labour_employed())},
      {"person-times away (外出务工)", absl::StrCat(figures.out_of_county_person_times())},
      {"new businesses",
       absl::StrCat(figures.new_businesses(), ", creating ", figures.business_jobs(), " jobs")},
      {"employed means", absl::StrCat(progress.employed_min_days(), " days' work in the year")},
      {"computed", FormatUtcMinute(progress.compute_time())},
  });

  std::vector<std::vector<std::string>> rows;
  for (const employment::AreaProgress& area : progress.areas()) {
    std::vector<std::string> row = {
        area.region_prefix(), area.target_set() ? absl::StrCat(area.target()) : std::string("-"),
        area.target_set() ? area.completion_percent() : std::string("-")};
    for (std::string& cell : FigureCells(area.figures())) row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  absl::StrAppend(&text, FormatSection("AREAS", WithFigures({"AREA", "TARGET", "COMPLETION %"}),
                                       std::move(rows)));
  rows.clear();
  for (const employment::FormProgress& form : progress.forms()) {
    std::vector<std::string> row = {EnumText(form.form())};
    for (std::string& cell : FigureCells(form.figures())) row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  absl::StrAppend(&text,
                  FormatSection("BY FORM OF MAIN JOB", WithFigures({"FORM"}), std::move(rows)));
  rows.clear();
  for (const employment::TierProgress& tier : progress.tiers()) {
    std::vector<std::string> row = {EnumText(tier.tier())};
    for (std::string& cell : FigureCells(tier.figures())) row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  absl::StrAppend(&text,
                  FormatSection("BY PLACE OF MAIN JOB", WithFigures({"TIER"}), std::move(rows)));
  rows.clear();
  for (const employment::MonthProgress& month : progress.months()) {
    std::vector<std::string> row = {month.month()};
    for (std::string& cell : FigureCells(month.figures())) row.push_back(std::move(cell));
    rows.push_back(std::move(row));
  }
  absl::StrAppend(
      &text, FormatSection("BY THE END OF EACH MONTH", WithFigures({"MONTH"}), std::move(rows)));
  return text;
}

void AddEmploymentCommands(CLI::App& app, CommandContext& context) {
  CLI::App* group = app.add_subcommand(
      "employment",
      "The employment service (RRMON_EMPLOYMENT_ADDRESS, RRMON_EMPLOYMENT_TOKEN; default "
      "127.0.0.1:50052)");
  group->require_subcommand(1);

  struct ProgressFlags {
    std::string region;
    int year = 0;
    std::string as_of;
  };
  auto progress_flags = std::make_shared<ProgressFlags>();
  CLI::App* progress =
      group->add_subcommand("progress",
                            "Poverty-alleviated labour employed against the target, person-times, "
                            "businesses, by area, form, tier and month");
  progress
      ->add_option("--region", progress_flags->region,
                   "Region code prefix (default: your whole region)")
      ->type_name("PREFIX");
  progress->add_option("--year", progress_flags->year, "The year")->required();
  progress
      ->add_option("--as-of", progress_flags->as_of,
                   "Count up to this day (default today, or 31 December of a past year)")
      ->type_name("DATE");
  progress->callback([&context, progress_flags] {
    context.action = [&context, progress_flags] {
      return RunEmploymentCommand(
          context,
          BuildGetEmploymentProgressRequest(progress_flags->region, progress_flags->year,
                                            progress_flags->as_of),
          /*safe_to_retry=*/true, &EmploymentService::Stub::GetEmploymentProgress,
          FormatEmploymentProgress);
    };
  });

  CLI::App* target = group->add_subcommand("target", "Yearly targets");
  target->require_subcommand(1);
  struct TargetFlags {
    std::string region;
    int year = 0;
    int64_t people = 0;
    std::string etag;
    std::string reason;
  };
  auto target_flags = std::make_shared<TargetFlags>();
  CLI::App* set = target->add_subcommand("set", "Set a region's target for a year");
  set->add_option("--region", target_flags->region, "Region code prefix")->required();
  set->add_option("--year", target_flags->year, "The year")->required();
  set->add_option("--people", target_flags->people, "Poverty-alleviated labourers to employ")
      ->required();
  set->add_option("--etag", target_flags->etag, "Change it only if it is still this version");
  set->add_option("--reason", target_flags->reason, "Why (kept in the audit trail)");
  set->callback([&context, target_flags] {
    context.action = [&context, target_flags] {
      return RunEmploymentCommand(
          context,
          BuildSetEmploymentTargetRequest(target_flags->region, target_flags->year,
                                          target_flags->people, target_flags->etag,
                                          target_flags->reason),
          /*safe_to_retry=*/false, &EmploymentService::Stub::SetEmploymentTarget,
          FormatEmploymentTarget);
    };
  });
  CLI::App* get = target->add_subcommand("get", "Show a region's target for a year");
  get->add_option("--region", target_flags->region, "Region code prefix")->required();
  get->add_option("--year", target_flags->year, "The year")->required();
  get->callback([&context, target_flags] {
    context.action = [&context, target_flags] {
      employment::GetEmploymentTargetRequest request;
      request.set_name(absl::StrCat("regions/", absl::StripAsciiWhitespace(target_flags->region),
                                    "/employmentTargets/", target_flags->year));
      return RunEmploymentCommand(
          context, absl::StatusOr<employment::GetEmploymentTargetRequest>(request),
          /*safe_to_retry=*/true, &EmploymentService::Stub::GetEmploymentTarget,
          FormatEmploymentTarget);
    };
  });
}

}  // namespace rrmon::rrctl

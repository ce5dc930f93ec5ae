#include "clients/rrctl/measure_commands.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/rrctl/amount_column.h"
#include "clients/rrctl/date_text.h"
#include "clients/rrctl/enum_names.h"
#include "clients/rrctl/flag_values.h"
#include "clients/rrctl/money.h"
#include "clients/rrctl/monitoring_stub.h"
#include "clients/rrctl/output.h"
#include "clients/rrctl/request_id.h"
#include "clients/rrctl/resource_names.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using monitoring::MonitoringService;

absl::StatusOr<monitoring::MeasureType> ParseType(absl::string_view text) {
  absl::StatusOr<int> type =
      ParseEnumSpelling(*monitoring::MeasureType_descriptor(), text, "--type");
  if (!type.ok()) return type.status();
  return static_cast<monitoring::MeasureType>(*type);
}

absl::StatusOr<monitoring::MeasureStatus> ParseStatus(absl::string_view text) {
  absl::StatusOr<int> status =
      ParseEnumSpelling(*monitoring::MeasureStatus_descriptor(), text, "--status");
  if (!status.ok()) return status.status();
  return static_cast<monitoring::MeasureStatus>(*status);
}

// An end date may be empty (open-ended); anything else must look like a date.
absl::StatusOr<std::string> CheckEndDate(absl::string_view text) {
  if (absl::StripAsciiWhitespace(text).empty()) return std::string();
  return CheckDateText(text, "--end");
}

// Prints the plan's warnings on stderr once the result is out.
auto WarnAbout(CommandContext& context) {
  return [&context](const auto& response) {
    context.err() << FormatPlanWarnings(response.plan_warnings());
    context.err().flush();
  };
}

std::string FormatMeasureResponse(const monitoring::AssistanceMeasureResponse& response) {
  return FormatMeasure(response.measure());
}

void AddAdd(CLI::App* measure, CommandContext& context) {
  CLI::App* add = measure->add_subcommand("add", "Add a measure to a household's plan (一户一策)");
  auto flags = std::make_shared<AddMeasureFlags>();
  add->add_option("household", flags->household, "households/ID or ID")
      ->required()
      ->type_name("HOUSEHOLD");
  add->add_option("--type", flags->type, EnumChoicesText(*monitoring::MeasureType_descriptor()))
      ->required();
  add->add_option("--description", flags->description, "What is done, concretely")->required();
  add->add_option("--unit", flags->unit, "Responsible unit (责任单位)")->required();
  add->add_option("--person", flags->person, "Responsible person (责任人)")->required();
  add->add_option("--funds", flags->funds, "Funds committed, in yuan (at most 2 decimals)")
      ->required()
      ->type_name("YUAN");
  add->add_option("--start", flags->start_date, "Start date, YYYY-MM-DD")
      ->required()
      ->type_name("DATE");
  add->add_option("--end", flags->end_date, "End date, YYYY-MM-DD (default: open-ended)")
      ->type_name("DATE");
  add->add_option(
      "--status", flags->status,
      absl::StrCat(EnumChoicesText(*monitoring::MeasureStatus_descriptor()), " (default planned)"));
  add->add_option("--request-id", flags->request_id,
                  "Idempotency key (default: a new UUID); reuse it to retry safely");
  add->callback([&context, flags] {
    context.action = [&context, flags] {
      // Safe to retry: the request_id makes a repeated create return the first result.
      return RunUnaryCommandThen(context, BuildCreateAssistanceMeasureRequest(*flags), Retry::kSafe,
                                 &MonitoringService::Stub::CreateAssistanceMeasure,
                                 FormatMeasureResponse, WarnAbout(context));
    };
  });
}

void AddList(CLI::App* measure, CommandContext& context) {
  CLI::App* list = measure->add_subcommand(
      "list", "List measures of a household (with the plan's warnings) or of a region");
  auto flags = std::make_shared<ListMeasuresFlags>();
  AddListOptions(list, flags->list, "measures");
  list->add_option("--type", flags->type, EnumChoicesText(*monitoring::MeasureType_descriptor()));
  list->add_option("--status", flags->status,
                   EnumChoicesText(*monitoring::MeasureStatus_descriptor()));
  list->callback([&context, flags] {
    context.action = [&context, flags] {
      return RunListCommand(context, BuildListAssistanceMeasuresRequest(*flags), flags->list.all,
                            &MonitoringService::Stub::ListAssistanceMeasures, FormatMeasureList,
                            WarnAbout(context));
    };
  });
}

void AddGet(CLI::App* measure, CommandContext& context) {
  CLI::App* get = measure->add_subcommand("get", "Show a measure");
  auto name = std::make_shared<std::string>();
  get->add_option("name", *name, "households/ID/measures/ID (or ID/measures/ID)")
      ->required()
      ->type_name("MEASURE_NAME");
  get->callback([&context, name] {
    context.action = [&context, name] {
      return RunUnaryCommand(context, BuildGetAssistanceMeasureRequest(*name), Retry::kSafe,
                             &MonitoringService::Stub::GetAssistanceMeasure, FormatMeasure);
    };
  });
}

void AddUpdate(CLI::App* measure, CommandContext& context) {
  CLI::App* update = measure->add_subcommand(
      "update", "Change the given fields of a measure (status moves forward only)");
  auto flags = std::make_shared<UpdateMeasureFlags>();
  update->add_option("name", flags->name, "households/ID/measures/ID (or ID/measures/ID)")
      ->required()
      ->type_name("MEASURE_NAME");
  update->add_option("--etag", flags->etag, "The etag last read (measure get); ABORTED if changed")
      ->required();
  AddOptionalValue(update, "--reason", flags->reason, "Why (kept in the audit trail)");
  AddOptionalValue(update, "--type", flags->type,
                   EnumChoicesText(*monitoring::MeasureType_descriptor()));
  AddOptionalValue(update, "--description", flags->description, "What is done");
  AddOptionalValue(update, "--unit", flags->unit, "Responsible unit (责任单位)");
  AddOptionalValue(update, "--person", flags->person, "Responsible person (责任人)");
  AddOptionalValue(update, "--funds", flags->funds, "Funds in yuan")->type_name("YUAN");
  AddOptionalValue(update, "--start", flags->start_date, "Start date, YYYY-MM-DD")
      ->type_name("DATE");
  AddOptionalValue(update, "--end", flags->end_date, "End date, YYYY-MM-DD ('' for open-ended)")
      ->type_name("DATE");
  AddOptionalValue(update, "--status", flags->status,
                   EnumChoicesText(*monitoring::MeasureStatus_descriptor()));
  update->callback([&context, flags] {
    context.action = [&context, flags] {
      return RunUnaryCommandThen(context, BuildUpdateAssistanceMeasureRequest(*flags), Retry::kOnce,
                                 &MonitoringService::Stub::UpdateAssistanceMeasure,
                                 FormatMeasureResponse, WarnAbout(context));
    };
  });
}

}  // namespace

absl::StatusOr<monitoring::CreateAssistanceMeasureRequest> BuildCreateAssistanceMeasureRequest(
    const AddMeasureFlags& flags) {
  monitoring::CreateAssistanceMeasureRequest request;
  absl::StatusOr<std::string> parent = NormaliseHouseholdName(flags.household);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  monitoring::AssistanceMeasure& measure = *request.mutable_measure();

  absl::StatusOr<monitoring::MeasureType> type = ParseType(flags.type);
  if (!type.ok()) return type.status();
  measure.set_type(*type);
  measure.set_description(flags.description);
  measure.set_responsible_unit(flags.unit);
  measure.set_responsible_person(flags.person);
  absl::StatusOr<int64_t> funds = ParseYuan(flags.funds, "--funds");
  if (!funds.ok()) return funds.status();
  measure.set_funds_fen(*funds);
  absl::StatusOr<std::string> start = CheckDateText(flags.start_date, "--start");
  if (!start.ok()) return start.status();
  measure.set_start_date(*start);
  absl::StatusOr<std::string> end = CheckEndDate(flags.end_date);
  if (!end.ok()) return end.status();
  measure.set_end_date(*end);
  if (!flags.status.empty()) {
    absl::StatusOr<monitoring::MeasureStatus> status = ParseStatus(flags.status);
    if (!status.ok()) return status.status();
    measure.set_status(*status);
  }
  request.set_request_id(RequestIdOrNew(flags.request_id));
  return request;
}

absl::StatusOr<monitoring::ListAssistanceMeasuresRequest> BuildListAssistanceMeasuresRequest(
    const ListMeasuresFlags& flags) {
  monitoring::ListAssistanceMeasuresRequest request;
  if (absl::Status s = ApplyListOptions(flags.list, request); !s.ok()) return s;
  if (!flags.type.empty()) {
    absl::StatusOr<monitoring::MeasureType> type = ParseType(flags.type);
    if (!type.ok()) return type.status();
    request.set_type(*type);
  }
  if (!flags.status.empty()) {
    absl::StatusOr<monitoring::MeasureStatus> status = ParseStatus(flags.status);
    if (!status.ok()) return status.status();
    request.set_status(*status);
  }
  return request;
}

absl::StatusOr<monitoring::GetAssistanceMeasureRequest> BuildGetAssistanceMeasureRequest(
    absl::string_view name) {
  absl::StatusOr<std::string> normalised =
      NormaliseHouseholdChildName(name, "measures", "rrctl measure list");
  if (!normalised.ok()) return normalised.status();
  monitoring::GetAssistanceMeasureRequest request;
  request.set_name(*normalised);
  return request;
}

absl::StatusOr<monitoring::UpdateAssistanceMeasureRequest> BuildUpdateAssistanceMeasureRequest(
    const UpdateMeasureFlags& flags) {
  monitoring::UpdateAssistanceMeasureRequest request;
  monitoring::AssistanceMeasure& measure = *request.mutable_measure();
  absl::StatusOr<std::string> name =
      NormaliseHouseholdChildName(flags.name, "measures", "rrctl measure list");
  if (!name.ok()) return name.status();
  measure.set_name(*name);
  const absl::string_view etag = absl::StripAsciiWhitespace(flags.etag);
  if (etag.empty()) {
    return absl::InvalidArgumentError(
        "--etag is required: give the etag shown by rrctl measure get, so a change made by "
        "someone else in between is not overwritten");
  }
  measure.set_etag(std::string(etag));
  if (flags.reason.has_value()) request.set_reason(*flags.reason);

  google::protobuf::FieldMask& mask = *request.mutable_update_mask();
  if (flags.type.has_value()) {
    absl::StatusOr<monitoring::MeasureType> type = ParseType(*flags.type);
    if (!type.ok()) return type.status();
    measure.set_type(*type);
    mask.add_paths("type");
  }
  if (flags.description.has_value()) {
    measure.set_description(*flags.description);
    mask.add_paths("description");
  }
  if (flags.unit.has_value()) {
    measure.set_responsible_unit(*flags.unit);
    mask.add_paths("responsible_unit");
  }
  if (flags.person.has_value()) {
    measure.set_responsible_person(*flags.person);
    mask.add_paths("responsible_person");
  }
  if (flags.funds.has_value()) {
    absl::StatusOr<int64_t> funds = ParseYuan(*flags.funds, "--funds");
    if (!funds.ok()) return funds.status();
    measure.set_funds_fen(*funds);
    mask.add_paths("funds_fen");
  }
  if (flags.start_date.has_value()) {
    absl::StatusOr<std::string> start = CheckDateText(*flags.start_date, "--start");
    if (!start.ok()) return start.status();
    measure.set_start_date(*start);
    mask.add_paths("start_date");
  }
  if (flags.end_date.has_value()) {
    absl::StatusOr<std::string> end = CheckEndDate(*flags.end_date);
    if (!end.ok()) return end.status();
    measure.set_end_date(*end);
    mask.add_paths("end_date");
  }
  if (flags.status.has_value()) {
    absl::StatusOr<monitoring::MeasureStatus> status = ParseStatus(*flags.status);
    if (!status.ok()) return status.status();
    measure.set_status(*status);
    mask.add_paths("status");
  }
  if (mask.paths().empty()) {
    return absl::InvalidArgumentError(
        "nothing to update: give at least one of --type, --description, --unit, --person, "
        "--funds, --start, --end, --status");
  }
  return request;
}

std::string FormatMeasure(const monitoring::AssistanceMeasure& measure) {
  return FormatFields({
      {"name", OrNone(measure.name())},
      {"type", EnumText(measure.type())},
      {"description", OrNone(measure.description())},
      {"responsible unit", OrNone(measure.responsible_unit())},
      {"responsible person", OrNone(measure.responsible_person())},
      {"funds (yuan)", FormatYuan(measure.funds_fen())},
      {"start", OrNone(measure.start_date())},
      {"end", measure.end_date().empty() ? std::string("- (open-ended)") : measure.end_date()},
      {"status", EnumText(measure.status())},
      {"etag", OrNone(measure.etag())},
      {"created", FormatUtcMinute(measure.create_time())},
      {"updated", FormatUtcMinute(measure.update_time())},
  });
}

std::string FormatMeasureList(const monitoring::ListAssistanceMeasuresResponse& response) {
  std::vector<std::vector<std::string>> rows;
  for (const monitoring::AssistanceMeasure& measure : response.measures()) {
    rows.push_back({
        OrNone(measure.name()),
        EnumText(measure.type()),
        EnumText(measure.status()),
        FormatYuan(measure.funds_fen()),
        OrNone(measure.start_date()),
        OrNone(measure.end_date()),
        OrNone(measure.responsible_person()),
        OrNone(measure.description()),
    });
  }
  std::vector<std::string> header = {"MEASURE", "TYPE", "STATUS", "FUNDS (YUAN)",
                                     "START",   "END",  "PERSON", "DESCRIPTION"};
  RightAlignColumn(header, rows, 3);
  std::string text = FormatTable(header, rows);
  if (!response.next_page_token().empty()) {
    absl::StrAppend(&text, "next page: ", response.next_page_token(), "\n");
  }
  return text;
}

std::string FormatPlanWarnings(const google::protobuf::RepeatedPtrField<std::string>& warnings) {
  std::string text;
  for (const std::string& warning : warnings) absl::StrAppend(&text, "warning: ", warning, "\n");
  return text;
}

void AddMeasureCommands(CLI::App& app, CommandContext& context) {
  CLI::App* measure = app.add_subcommand("measure", "A household's assistance measures (一户一策)");
  AddAdd(measure, context);
  AddList(measure, context);
  AddGet(measure, context);
  AddUpdate(measure, context);
  measure->require_subcommand(1);
}

}  // namespace rrmon::rrctl

#include "clients/rrctl/guarantee_commands.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
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

absl::StatusOr<std::string> GuaranteesName(absl::string_view household) {
  absl::StatusOr<std::string> name = NormaliseHouseholdName(household);
  if (!name.ok()) return name.status();
  return absl::StrCat(*name, "/guarantees");
}

absl::Status SetCheck(absl::string_view holds, absl::string_view what, const std::string& note,
                      monitoring::GuaranteeCheck* check) {
  absl::StatusOr<bool> value = ParseYesNo(holds, what);
  if (!value.ok()) return value.status();
  check->set_holds(*value);
  check->set_note(note);
  return absl::OkStatus();
}

std::vector<std::string> CheckRow(const std::string& label,
                                  const monitoring::GuaranteeCheck& check) {
  return {label, check.holds() ? "yes" : "NO", OrNone(check.note())};
}

// A and B are safe; C and D are not, nor is a house never appraised.
std::string HousingText(monitoring::HousingSafetyGrade grade) {
  const bool safe =
      grade == monitoring::HOUSING_SAFETY_GRADE_A || grade == monitoring::HOUSING_SAFETY_GRADE_B;
  if (grade == monitoring::HOUSING_SAFETY_GRADE_UNSPECIFIED) return "NO (not appraised)";
  return absl::StrCat(safe ? "yes" : "NO", " (grade ", EnumLabel(grade), ")");
}

void AddGet(CLI::App* guarantees, CommandContext& context) {
  CLI::App* get =
      guarantees->add_subcommand("get", "Show a household's guarantees as last checked");
  auto household = std::make_shared<std::string>();
  get->add_option("household", *household, "households/ID or ID")
      ->required()
      ->type_name("HOUSEHOLD");
  get->callback([&context, household] {
    context.action = [&context, household] {
      return RunUnaryCommand(context, BuildGetGuaranteesRequest(*household), Retry::kSafe,
                             &MonitoringService::Stub::GetGuarantees, FormatGuarantees);
    };
  });
}

void AddSet(CLI::App* guarantees, CommandContext& context) {
  CLI::App* set = guarantees->add_subcommand(
      "set", "Record a new check of the guarantees (replaces the previous check whole)");
  auto flags = std::make_shared<SetGuaranteesFlags>();
  set->add_option("household", flags->household, "households/ID or ID")
      ->required()
      ->type_name("HOUSEHOLD");
  const std::string checks = "Checks (yes|no)";
  set->add_option("--food", flags->food, "不愁吃")->required()->group(checks);
  set->add_option("--clothing", flags->clothing, "不愁穿")->required()->group(checks);
  set->add_option("--schooling", flags->schooling, "义务教育有保障: no child of 6-15 out of school")
      ->required()
      ->group(checks);
  set->add_option("--medical", flags->medical, "基本医疗有保障: everyone insured")
      ->required()
      ->group(checks);
  set->add_option("--water", flags->water, "饮水安全有保障")->required()->group(checks);
  set->add_option("--housing-grade", flags->housing_grade,
                  "住房安全等级 A|B|C|D (C and D are unsafe)")
      ->required()
      ->group(checks);
  set->add_option("--checked-date", flags->checked_date, "Day of the check, YYYY-MM-DD")
      ->required()
      ->type_name("DATE");
  const std::string notes = "Notes";
  set->add_option("--note-food", flags->note_food, "What was seen or arranged about food")
      ->group(notes);
  set->add_option("--note-clothing", flags->note_clothing, "... about clothing")->group(notes);
  set->add_option("--note-schooling", flags->note_schooling, "... about schooling")->group(notes);
  set->add_option("--note-medical", flags->note_medical, "... about medical insurance")
      ->group(notes);
  set->add_option("--note-water", flags->note_water, "... about drinking water")->group(notes);
  set->add_option("--note-housing", flags->note_housing, "... about housing")->group(notes);
  set->add_option("--etag", flags->etag,
                  "The etag last read (guarantees get); leave out for the first check");
  set->add_option("--reason", flags->reason, "Why (kept in the audit trail)");
  set->callback([&context, flags] {
    context.action = [&context, flags] {
      return RunUnaryCommand(context, BuildUpdateGuaranteesRequest(*flags), Retry::kOnce,
                             &MonitoringService::Stub::UpdateGuarantees, FormatGuarantees);
    };
  });
}

}  // namespace

absl::StatusOr<monitoring::GetGuaranteesRequest> BuildGetGuaranteesRequest(
    absl::string_view household) {
  absl::StatusOr<std::string> name = GuaranteesName(household);
  if (!name.ok()) return name.status();
  monitoring::GetGuaranteesRequest request;
  request.set_name(*name);
  return request;
}

absl::StatusOr<monitoring::UpdateGuaranteesRequest> BuildUpdateGuaranteesRequest(
    const SetGuaranteesFlags& flags) {
  monitoring::UpdateGuaranteesRequest request;
  monitoring::Guarantees& guarantees = *request.mutable_guarantees();
  absl::StatusOr<std::string> name = GuaranteesName(flags.household);
  if (!name.ok()) return name.status();
  guarantees.set_name(*name);
  if (absl::Status s = SetCheck(flags.food, "--food", flags.note_food, guarantees.mutable_food());
      !s.ok()) {
    return s;
  }
  if (absl::Status s = SetCheck(flags.clothing, "--clothing", flags.note_clothing,
                                guarantees.mutable_clothing());
      !s.ok()) {
    return s;
  }
  if (absl::Status s = SetCheck(flags.schooling, "--schooling", flags.note_schooling,
                                guarantees.mutable_compulsory_schooling());
      !s.ok()) {
    return s;
  }
  if (absl::Status s = SetCheck(flags.medical, "--medical", flags.note_medical,
                                guarantees.mutable_basic_medical());
      !s.ok()) {
    return s;
  }
  if (absl::Status s =
          SetCheck(flags.water, "--water", flags.note_water, guarantees.mutable_drinking_water());
      !s.ok()) {
    return s;
  }
  absl::StatusOr<int> grade = ParseEnumSpelling(*monitoring::HousingSafetyGrade_descriptor(),
                                                flags.housing_grade, "--housing-grade");
  if (!grade.ok()) return grade.status();
  guarantees.set_housing_grade(static_cast<monitoring::HousingSafetyGrade>(*grade));
  guarantees.set_housing_note(flags.note_housing);
  absl::StatusOr<std::string> checked = CheckDateText(flags.checked_date, "--checked-date");
  if (!checked.ok()) return checked.status();
  guarantees.set_checked_date(*checked);
  guarantees.set_etag(std::string(absl::StripAsciiWhitespace(flags.etag)));
  request.set_reason(flags.reason);
  return request;
}

std::string FormatGuarantees(const monitoring::Guarantees& guarantees) {
  const std::string fields = FormatFields({
      {"name", OrNone(guarantees.name())},
      {"checked", guarantees.checked_date().empty() ? std::string("- (never checked)")
                                                    : guarantees.checked_date()},
      {"etag", OrNone(guarantees.etag())},
  });
  const std::vector<std::vector<std::string>> rows = {
      CheckRow("food (不愁吃)", guarantees.food()),
      CheckRow("clothing (不愁穿)", guarantees.clothing()),
      CheckRow("compulsory schooling (义务教育)", guarantees.compulsory_schooling()),
      CheckRow("basic medical (基本医疗)", guarantees.basic_medical()),
      {"safe housing (住房安全)", HousingText(guarantees.housing_grade()),
       OrNone(guarantees.housing_note())},
      CheckRow("drinking water (饮水安全)", guarantees.drinking_water()),
  };
  return absl::StrCat(fields, "\n", FormatTable({"GUARANTEE", "HOLDS", "NOTE"}, rows));
}

void AddGuaranteeCommands(CLI::App& app, CommandContext& context) {
  CLI::App* guarantees = app.add_subcommand(
      "guarantees", "两不愁三保障 and safe drinking water of a household, as last checked");
  AddGet(guarantees, context);
  AddSet(guarantees, context);
  guarantees->require_subcommand(1);
}

}  // namespace rrmon::rrctl

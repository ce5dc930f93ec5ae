#include "clients/rrctl/case_commands.h"

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "clients/rrctl/date_text.h"
#include "clients/rrctl/enum_names.h"
#include "clients/rrctl/flag_values.h"
#include "clients/rrctl/monitoring_stub.h"
#include "clients/rrctl/output.h"
#include "clients/rrctl/request_id.h"
#include "clients/rrctl/resource_names.h"
#include "rrmon/common/v1/common.pb.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using monitoring::MonitoringService;

constexpr absl::string_view kCaseListCommand = "rrctl case list";

absl::StatusOr<std::string> NormaliseCaseName(absl::string_view text) {
  return NormaliseHouseholdChildName(text, "cases", kCaseListCommand);
}

// The date of an optional flag, checked when given.
absl::Status CopyDate(const std::optional<std::string>& flag, absl::string_view what,
                      std::string* out) {
  if (!flag.has_value()) return absl::OkStatus();
  absl::StatusOr<std::string> date = CheckDateText(*flag, what);
  if (!date.ok()) return date.status();
  *out = *date;
  return absl::OkStatus();
}

// "2026-11-27 to 2026-12-01 (5 days)": the notice period, both days included.
std::string NoticePeriod(const monitoring::PublicNotice& notice) {
  std::string text =
      absl::StrCat("notice ", OrNone(notice.start_date()), " to ", OrNone(notice.end_date()));
  absl::CivilDay start;
  absl::CivilDay end;
  if (absl::ParseCivilTime(notice.start_date(), &start) &&
      absl::ParseCivilTime(notice.end_date(), &end) && end >= start) {
    const auto days = end - start + 1;
    absl::StrAppend(&text, " (", days, days == 1 ? " day)" : " days)");
  }
  return text;
}

std::string ActorText(const monitoring::StepRecord& record) {
  std::string text = OrNone(record.actor());
  if (record.actor_role() != rrmon::common::v1::ROLE_UNSPECIFIED) {
    absl::StrAppend(&text, " (", EnumText(record.actor_role()), ")");
  }
  return text;
}

void AddList(CLI::App* cases, CommandContext& context) {
  CLI::App* list = cases->add_subcommand("list", "List cases of a household or a region");
  auto flags = std::make_shared<ListCasesFlags>();
  AddListOptions(list, flags->list, "cases");
  list->add_option("--kind", flags->kind, EnumChoicesText(*monitoring::CaseKind_descriptor()));
  list->add_flag("--open", flags->open_only, "Only open cases");
  list->add_flag("--overdue", flags->overdue_only, "Only open cases past their step's due time");
  list->callback([&context, flags] {
    context.action = [&context, flags] {
      return RunListCommand(context, BuildListCasesRequest(*flags), flags->list.all,
                            &MonitoringService::Stub::ListCases, FormatCaseList,
                            [](const monitoring::ListCasesResponse&) {});
    };
  });
}

void AddGet(CLI::App* cases, CommandContext& context) {
  CLI::App* get = cases->add_subcommand("get", "Show a case and its timeline");
  auto name = std::make_shared<std::string>();
  get->add_option("name", *name, "households/ID/cases/ID (or ID/cases/ID)")
      ->required()
      ->type_name("CASE_NAME");
  get->callback([&context, name] {
    context.action = [&context, name] {
      return RunUnaryCommand(context, BuildGetCaseRequest(*name), Retry::kSafe,
                             &MonitoringService::Stub::GetCase, FormatCaseTimeline);
    };
  });
}

void AddDecide(CLI::App* cases, CommandContext& context) {
  CLI::App* decide = cases->add_subcommand(
      "decide", "Decide the current step of a case, with that step's evidence");
  auto flags = std::make_shared<DecideCaseFlags>();
  decide->add_option("name", flags->name, "households/ID/cases/ID (or ID/cases/ID)")
      ->required()
      ->type_name("CASE_NAME");
  decide
      ->add_option("--outcome", flags->outcome,
                   EnumChoicesText(*monitoring::StepOutcome_descriptor()))
      ->required();
  decide->add_option("--reason", flags->reason,
                     "Why (required for returned and rejected; kept in the audit trail)");
  AddOptionalValue(decide, "--etag", flags->etag,
                   "Fail with ABORTED if the case changed since read");
  decide->add_option("--request-id", flags->request_id,
                     "Idempotency key (default: a new UUID); reuse it to repeat a decision "
                     "that may not have arrived");

  const std::string home = "Home verification (入户核实)";
  decide
      ->add_flag("--authorization-signed", flags->authorization_signed,
                 "The household signed the authorisation (承诺授权书)")
      ->group(home);
  AddOptionalValue(decide, "--authorization-ref", flags->authorization_ref,
                   "Where the signed paper is filed")
      ->group(home);
  AddOptionalValue(decide, "--visit-date", flags->visit_date, "Day of the visit, YYYY-MM-DD")
      ->type_name("DATE")
      ->group(home);

  const std::string matching = "Data matching (信息比对)";
  decide
      ->add_option("--matched-source", flags->matched_sources,
                   "Repeatable: a department whose data was matched, e.g. 医保")
      ->allow_extra_args(false)
      ->group(matching);
  AddOptionalValue(decide, "--findings", flags->findings, "What the matching found")
      ->group(matching);

  const std::string notice = "Village review and public notice (评议公示)";
  AddOptionalValue(decide, "--notice-start", flags->notice_start, "First day, YYYY-MM-DD")
      ->type_name("DATE")
      ->group(notice);
  AddOptionalValue(decide, "--notice-end", flags->notice_end, "Last day, YYYY-MM-DD (≥ 5 days)")
      ->type_name("DATE")
      ->group(notice);
  decide->add_flag("--objections", flags->objections, "Someone objected during the notice")
      ->group(notice);
  AddOptionalValue(decide, "--objections-resolution", flags->objections_resolution,
                   "How the objections were settled")
      ->group(notice);

  const std::string determination = "Determination (village review proposes, county settles)";
  decide
      ->add_option("--category", flags->category,
                   EnumChoicesText(*monitoring::MonitoringCategory_descriptor()))
      ->group(determination);
  decide
      ->add_option("--risk-type", flags->risk_types,
                   absl::StrCat("Repeatable (or comma-separated): ",
                                EnumChoicesText(*monitoring::RiskType_descriptor())))
      ->delimiter(',')
      ->allow_extra_args(false)
      ->group(determination);
  decide->add_option("--primary-risk-type", flags->primary_risk_type, "One of the --risk-type")
      ->group(determination);

  decide->callback([&context, flags] {
    context.action = [&context, flags] {
      // Sent once, like every change of state; --request-id makes a manual repeat safe.
      return RunUnaryCommand(context, BuildDecideCaseStepRequest(*flags), Retry::kOnce,
                             &MonitoringService::Stub::DecideCaseStep, FormatCaseTimeline);
    };
  });
}

void AddProposeElimination(CLI::App* cases, CommandContext& context) {
  CLI::App* propose = cases->add_subcommand(
      "propose-elimination", "Open a risk-elimination case (风险消除) for a monitored household");
  auto flags = std::make_shared<ProposeEliminationFlags>();
  propose->add_option("household", flags->household, "households/ID or ID")
      ->required()
      ->type_name("HOUSEHOLD");
  propose->add_option("--reason", flags->reason, "Why the risk is eliminated (audited)")
      ->required();
  propose->add_option("--request-id", flags->request_id,
                      "Idempotency key (default: a new UUID); reuse it to retry safely");
  propose->callback([&context, flags] {
    context.action = [&context, flags] {
      // Safe to retry: the request_id makes a repeated proposal return the first case.
      return RunUnaryCommand(context, BuildProposeRiskEliminationRequest(*flags), Retry::kSafe,
                             &MonitoringService::Stub::ProposeRiskElimination, FormatCaseTimeline);
    };
  });
}

}  // namespace

absl::StatusOr<monitoring::ListCasesRequest> BuildListCasesRequest(const ListCasesFlags& flags) {
  monitoring::ListCasesRequest request;
  if (absl::Status s = ApplyListOptions(flags.list, request); !s.ok()) return s;
  if (!flags.kind.empty()) {
    absl::StatusOr<int> kind =
        ParseEnumSpelling(*monitoring::CaseKind_descriptor(), flags.kind, "--kind");
    if (!kind.ok()) return kind.status();
    request.set_kind(static_cast<monitoring::CaseKind>(*kind));
  }
  request.set_open_only(flags.open_only);
  request.set_overdue_only(flags.overdue_only);
  return request;
}

absl::StatusOr<monitoring::GetCaseRequest> BuildGetCaseRequest(absl::string_view name) {
  absl::StatusOr<std::string> normalised = NormaliseCaseName(name);
  if (!normalised.ok()) return normalised.status();
  monitoring::GetCaseRequest request;
  request.set_name(*normalised);
  return request;
}

absl::StatusOr<monitoring::DecideCaseStepRequest> BuildDecideCaseStepRequest(
    const DecideCaseFlags& flags) {
  monitoring::DecideCaseStepRequest request;
  absl::StatusOr<std::string> name = NormaliseCaseName(flags.name);
  if (!name.ok()) return name.status();
  request.set_name(*name);
  if (flags.etag.has_value()) request.set_etag(*flags.etag);

  absl::StatusOr<int> outcome =
      ParseEnumSpelling(*monitoring::StepOutcome_descriptor(), flags.outcome, "--outcome");
  if (!outcome.ok()) return outcome.status();
  request.set_outcome(static_cast<monitoring::StepOutcome>(*outcome));
  const std::string reason(absl::StripAsciiWhitespace(flags.reason));
  if (reason.empty() && request.outcome() != monitoring::STEP_OUTCOME_COMPLETED) {
    return absl::InvalidArgumentError(absl::StrCat("--reason must say why the case is ",
                                                   EnumText(request.outcome()),
                                                   " (it is kept in the audit trail)"));
  }
  request.set_reason(reason);

  // The evidence is a oneof: the flags of one step only.
  const bool home = flags.authorization_signed || flags.authorization_ref.has_value() ||
                    flags.visit_date.has_value();
  const bool matching = !flags.matched_sources.empty() || flags.findings.has_value();
  const bool notice = flags.notice_start.has_value() || flags.notice_end.has_value() ||
                      flags.objections || flags.objections_resolution.has_value();
  if (int{home} + int{matching} + int{notice} > 1) {
    return absl::InvalidArgumentError(
        "give the evidence of one step only: home verification (--authorization-*, "
        "--visit-date), data matching (--matched-source, --findings) or public notice "
        "(--notice-*, --objections*)");
  }
  if (home) {
    monitoring::HomeVerification& evidence = *request.mutable_home_verification();
    evidence.set_authorization_signed(flags.authorization_signed);
    evidence.set_authorization_reference(flags.authorization_ref.value_or(""));
    if (absl::Status s = CopyDate(flags.visit_date, "--visit-date", evidence.mutable_visit_date());
        !s.ok()) {
      return s;
    }
  }
  if (matching) {
    monitoring::DataMatching& evidence = *request.mutable_data_matching();
    for (const std::string& source : flags.matched_sources) {
      absl::StatusOr<std::string> text = RequiredText(source, "--matched-source");
      if (!text.ok()) return text.status();
      evidence.add_matched_sources(*text);
    }
    evidence.set_findings(flags.findings.value_or(""));
  }
  if (notice) {
    monitoring::PublicNotice& evidence = *request.mutable_public_notice();
    if (absl::Status s =
            CopyDate(flags.notice_start, "--notice-start", evidence.mutable_start_date());
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CopyDate(flags.notice_end, "--notice-end", evidence.mutable_end_date());
        !s.ok()) {
      return s;
    }
    evidence.set_objections_received(flags.objections);
    evidence.set_objections_resolution(flags.objections_resolution.value_or(""));
  }

  if (!flags.category.empty() || !flags.risk_types.empty() || !flags.primary_risk_type.empty()) {
    monitoring::Determination& determination = *request.mutable_determination();
    if (!flags.category.empty()) {
      absl::StatusOr<int> category = ParseEnumSpelling(*monitoring::MonitoringCategory_descriptor(),
                                                       flags.category, "--category");
      if (!category.ok()) return category.status();
      determination.set_category(static_cast<monitoring::MonitoringCategory>(*category));
    }
    absl::StatusOr<std::vector<int>> risk_types =
        ParseEnumSpellings(*monitoring::RiskType_descriptor(), flags.risk_types, "--risk-type");
    if (!risk_types.ok()) return risk_types.status();
    for (int type : *risk_types) {
      determination.add_risk_types(static_cast<monitoring::RiskType>(type));
    }
    if (!flags.primary_risk_type.empty()) {
      absl::StatusOr<int> primary = ParseEnumSpelling(
          *monitoring::RiskType_descriptor(), flags.primary_risk_type, "--primary-risk-type");
      if (!primary.ok()) return primary.status();
      determination.set_primary_risk_type(static_cast<monitoring::RiskType>(*primary));
    }
  }
  request.set_request_id(RequestIdOrNew(flags.request_id));
  return request;
}

absl::StatusOr<monitoring::ProposeRiskEliminationRequest> BuildProposeRiskEliminationRequest(
    const ProposeEliminationFlags& flags) {
  monitoring::ProposeRiskEliminationRequest request;
  absl::StatusOr<std::string> parent = NormaliseHouseholdName(flags.household);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  const absl::string_view reason = absl::StripAsciiWhitespace(flags.reason);
  if (reason.empty()) {
    return absl::InvalidArgumentError("--reason must say why (it is kept in the audit trail)");
  }
  request.set_reason(std::string(reason));
  request.set_request_id(RequestIdOrNew(flags.request_id));
  return request;
}

std::string FormatDetermination(const monitoring::Determination& determination) {
  if (determination.category() == monitoring::MONITORING_CATEGORY_UNSPECIFIED &&
      determination.risk_types().empty() &&
      determination.primary_risk_type() == monitoring::RISK_TYPE_UNSPECIFIED) {
    return "-";
  }
  return absl::StrCat(EnumText(determination.category()), " (risks ",
                      EnumListText<monitoring::RiskType>(determination.risk_types()), "; primary ",
                      EnumText(determination.primary_risk_type()), ")");
}

std::string FormatStepEvidence(const monitoring::StepRecord& record) {
  std::vector<std::string> parts;
  switch (record.evidence_case()) {
    case monitoring::StepRecord::kHomeVerification: {
      const monitoring::HomeVerification& home = record.home_verification();
      std::string text =
          home.authorization_signed() ? "authorisation signed" : "authorisation NOT signed";
      if (!home.authorization_reference().empty()) {
        absl::StrAppend(&text, ", ref ", home.authorization_reference());
      }
      if (!home.visit_date().empty()) absl::StrAppend(&text, ", visit ", home.visit_date());
      parts.push_back(std::move(text));
      break;
    }
    case monitoring::StepRecord::kDataMatching: {
      const monitoring::DataMatching& matching = record.data_matching();
      parts.push_back(
          matching.matched_sources().empty()
              ? std::string("no sources matched")
              : absl::StrCat("matched ", absl::StrJoin(matching.matched_sources(), ", ")));
      if (!matching.findings().empty()) {
        parts.push_back(absl::StrCat("findings: ", matching.findings()));
      }
      break;
    }
    case monitoring::StepRecord::kPublicNotice: {
      const monitoring::PublicNotice& notice = record.public_notice();
      std::string text = NoticePeriod(notice);
      if (!notice.objections_received()) {
        absl::StrAppend(&text, ", no objections");
      } else if (notice.objections_resolution().empty()) {
        absl::StrAppend(&text, ", objections (no resolution given)");
      } else {
        absl::StrAppend(&text, ", objections: ", notice.objections_resolution());
      }
      parts.push_back(std::move(text));
      break;
    }
    case monitoring::StepRecord::EVIDENCE_NOT_SET:
      break;
  }
  if (record.has_determination()) {
    const std::string determination = FormatDetermination(record.determination());
    if (determination != "-") parts.push_back(absl::StrCat("category ", determination));
  }
  return parts.empty() ? std::string("-") : absl::StrJoin(parts, "; ");
}

std::string FormatCaseTimeline(const monitoring::Case& c) {
  std::string due = FormatUtcMinute(c.step_due_time());
  if (c.overdue()) absl::StrAppend(&due, "  OVERDUE");
  std::vector<std::pair<std::string, std::string>> fields = {
      {"case", OrNone(c.name())},
      {"kind", EnumText(c.kind())},
      {"household", OrNone(HouseholdOf(c.name()))},
      {"current step", EnumLabel(c.step())},
      {"opened", FormatUtcMinute(c.open_time())},
      {"step started", FormatUtcMinute(c.step_start_time())},
      {"step due", due},
      {"closed", FormatUtcMinute(c.close_time())},
      {"determination", FormatDetermination(c.determination())},
      {"signals",
       c.risk_signals().empty() ? std::string("-") : absl::StrJoin(c.risk_signals(), ", ")},
      {"etag", OrNone(c.etag())},
  };
  std::vector<std::vector<std::string>> rows;
  for (const monitoring::StepRecord& record : c.history()) {
    rows.push_back({
        FormatUtcMinute(record.time()),
        EnumLabel(record.step()),
        EnumText(record.outcome()),
        ActorText(record),
        OrNone(record.reason()),
        FormatStepEvidence(record),
    });
  }
  std::string text = absl::StrCat(FormatFields(fields), "\nTIMELINE\n");
  if (rows.empty()) {
    absl::StrAppend(&text, "(no decision yet)\n");
  } else {
    absl::StrAppend(&text,
                    FormatTable({"TIME", "STEP", "OUTCOME", "BY", "REASON", "EVIDENCE"}, rows));
  }
  return text;
}

std::string FormatCaseList(const monitoring::ListCasesResponse& response) {
  std::vector<std::vector<std::string>> rows;
  for (const monitoring::Case& c : response.cases()) {
    rows.push_back({
        OrNone(c.name()),
        EnumText(c.kind()),
        EnumLabel(c.step()),
        FormatUtcMinute(c.open_time()),
        FormatUtcMinute(c.step_due_time()),
        FormatUtcMinute(c.close_time()),
        c.overdue() ? "yes" : "",
    });
  }
  std::string text =
      FormatTable({"CASE", "KIND", "STEP", "OPENED", "STEP DUE", "CLOSED", "OVERDUE"}, rows);
  if (!response.next_page_token().empty()) {
    absl::StrAppend(&text, "next page: ", response.next_page_token(), "\n");
  }
  return text;
}

void AddCaseCommands(CLI::App& app, CommandContext& context) {
  CLI::App* cases = app.add_subcommand(
      "case", "Identification and risk-elimination cases (识别纳入, 风险消除), step by step");
  AddList(cases, context);
  AddGet(cases, context);
  AddDecide(cases, context);
  AddProposeElimination(cases, context);
  cases->require_subcommand(1);
}

}  // namespace rrmon::rrctl

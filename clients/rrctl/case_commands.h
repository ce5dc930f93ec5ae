#pragma once

// `rrctl case list|get|decide|propose-elimination`: the identification (识别纳入) and
// risk-elimination (风险消除) procedures, step by step, and their timeline.

#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/rrctl/command_context.h"
#include "clients/rrctl/list_options.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::rrctl {

struct ListCasesFlags {
  ListOptions list;
  std::string kind;
  bool open_only = false;
  bool overdue_only = false;
};

struct DecideCaseFlags {
  std::string name;
  std::string outcome;
  std::string reason;
  std::optional<std::string> etag;
  std::string request_id;  // empty: a new UUID v4
  // HOME_VERIFICATION evidence.
  bool authorization_signed = false;
  std::optional<std::string> authorization_ref;
  std::optional<std::string> visit_date;
  // DATA_MATCHING evidence.
  std::vector<std::string> matched_sources;
  std::optional<std::string> findings;
  // VILLAGE_REVIEW / ELIMINATION_VILLAGE_REVIEW evidence.
  std::optional<std::string> notice_start;
  std::optional<std::string> notice_end;
  bool objections = false;
  std::optional<std::string> objections_resolution;
  // The determination (VILLAGE_REVIEW proposes, COUNTY_APPROVAL settles).
  std::string category;
  std::vector<std::string> risk_types;
  std::string primary_risk_type;
};

struct ProposeEliminationFlags {
  std::string household;
  std::string reason;
  std::string request_id;  // empty: a new UUID v4
};

absl::StatusOr<rrmon::monitoring::v1::ListCasesRequest> BuildListCasesRequest(
    const ListCasesFlags& flags);

absl::StatusOr<rrmon::monitoring::v1::GetCaseRequest> BuildGetCaseRequest(absl::string_view name);

// The evidence flags of one step only (they are a oneof); --reason required for
// returned and rejected; a determination when --category, --risk-type or
// --primary-risk-type is given.
absl::StatusOr<rrmon::monitoring::v1::DecideCaseStepRequest> BuildDecideCaseStepRequest(
    const DecideCaseFlags& flags);

absl::StatusOr<rrmon::monitoring::v1::ProposeRiskEliminationRequest>
BuildProposeRiskEliminationRequest(const ProposeEliminationFlags& flags);

// "unstable_alleviated (risks illness, disability; primary illness)"; "-" when empty.
std::string FormatDetermination(const rrmon::monitoring::v1::Determination& determination);

// What a step recorded as evidence, in one line ("authorisation signed, ref R, visit D;
// category ..."); "-" when nothing.
std::string FormatStepEvidence(const rrmon::monitoring::v1::StepRecord& record);

// The case's fields (current step, due time with an OVERDUE mark, closed), then
// "TIMELINE" and one row per decision, oldest first: time (UTC), step, outcome, actor
// (role), reason, evidence.
std::string FormatCaseTimeline(const rrmon::monitoring::v1::Case& c);

// One row per case; then "next page: TOKEN" when there is one.
std::string FormatCaseList(const rrmon::monitoring::v1::ListCasesResponse& response);

void AddCaseCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl

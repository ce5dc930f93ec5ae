#include "services/monitoring/domain/case_workflow.h"

#include <algorithm>
#include <cstdint>
#include <span>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/time/timestamp.h"
#include "common/validation/region_code.h"
#include "common/validation/text.h"
#include "services/monitoring/domain/household_rules.h"

namespace rrmon::monitoring {
namespace {

using ::rrmon::common::v1::Role;

constexpr v1::CaseStep kIdentificationSteps[] = {
    v1::CASE_STEP_HOME_VERIFICATION, v1::CASE_STEP_DATA_MATCHING, v1::CASE_STEP_VILLAGE_REVIEW,
    v1::CASE_STEP_TOWNSHIP_REVIEW, v1::CASE_STEP_COUNTY_APPROVAL};
constexpr v1::CaseStep kEliminationSteps[] = {
    v1::CASE_STEP_ELIMINATION_PROPOSAL, v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW,
    v1::CASE_STEP_ELIMINATION_TOWNSHIP_CHECK, v1::CASE_STEP_ELIMINATION_COUNTY_APPROVAL};

constexpr size_t kMaxAuthorizationReferenceChars = 200;
constexpr size_t kMaxSourceChars = 64;
constexpr size_t kMaxFindingsChars = 2000;
constexpr char kStepRequirement[] = "STEP_REQUIREMENT";

std::span<const v1::CaseStep> StepsOf(v1::CaseKind kind) {
  switch (kind) {
    case v1::CASE_KIND_IDENTIFICATION:
      return kIdentificationSteps;
    case v1::CASE_KIND_ELIMINATION:
      return kEliminationSteps;
    default:
      return {};
  }
}

// Position of `step` in its kind's sequence, or -1.
int IndexOf(v1::CaseKind kind, v1::CaseStep step) {
  const auto steps = StepsOf(kind);
  const auto it = std::find(steps.begin(), steps.end(), step);
  return it == steps.end() ? -1 : static_cast<int>(it - steps.begin());
}

// The evidence a step records, if any. Evidence filed at the wrong step would sit in the
// history looking like proof of something that step never checked.
v1::StepRecord::EvidenceCase EvidenceFor(v1::CaseStep step) {
  switch (step) {
    case v1::CASE_STEP_HOME_VERIFICATION:
      return v1::StepRecord::kHomeVerification;
    case v1::CASE_STEP_DATA_MATCHING:
      return v1::StepRecord::kDataMatching;
    case v1::CASE_STEP_VILLAGE_REVIEW:
    case v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW:
      return v1::StepRecord::kPublicNotice;
    default:
      return v1::StepRecord::EVIDENCE_NOT_SET;
  }
}

const char* EvidenceFieldName(v1::StepRecord::EvidenceCase evidence) {
  switch (evidence) {
    case v1::StepRecord::kHomeVerification:
      return "home_verification";
    case v1::StepRecord::kDataMatching:
      return "data_matching";
    case v1::StepRecord::kPublicNotice:
      return "public_notice";
    default:
      return "evidence";
  }
}

// The village proposes the category and risks, the county settles them; nobody else
// decides them, and elimination keeps the household's category.
bool AcceptsDetermination(v1::CaseStep step) {
  return step == v1::CASE_STEP_VILLAGE_REVIEW || step == v1::CASE_STEP_COUNTY_APPROVAL;
}

bool IsBlank(const std::string& text) { return absl::StripAsciiWhitespace(text).empty(); }

void CheckDate(const std::string& text, const std::string& field, FieldViolations& violations) {
  // An empty date is missing evidence (a step requirement), not a malformed argument.
  if (!text.empty()) violations.Merge(ParseDate(text, field).status());
}

void CheckEvidence(const v1::StepRecord& record, FieldViolations& violations) {
  switch (record.evidence_case()) {
    case v1::StepRecord::kHomeVerification: {
      const auto& home = record.home_verification();
      violations.Merge(validation::ValidateFreeText(
          home.authorization_reference(), "home_verification.authorization_reference",
          kMaxAuthorizationReferenceChars, /*required=*/false));
      CheckDate(home.visit_date(), "home_verification.visit_date", violations);
      break;
    }
    case v1::StepRecord::kDataMatching: {
      const auto& matching = record.data_matching();
      absl::flat_hash_set<std::string> seen;
      for (int i = 0; i < matching.matched_sources_size(); ++i) {
        const std::string field = absl::StrCat("data_matching.matched_sources[", i, "]");
        const std::string& source = matching.matched_sources(i);
        violations.Merge(
            validation::ValidateFreeText(source, field, kMaxSourceChars, /*required=*/true));
        if (!seen.insert(source).second) violations.Add(field, "appears twice");
      }
      violations.Merge(validation::ValidateFreeText(matching.findings(), "data_matching.findings",
                                                    kMaxFindingsChars, /*required=*/false));
      break;
    }
    case v1::StepRecord::kPublicNotice: {
      const auto& notice = record.public_notice();
      CheckDate(notice.start_date(), "public_notice.start_date", violations);
      CheckDate(notice.end_date(), "public_notice.end_date", violations);
      violations.Merge(validation::ValidateFreeText(notice.objections_resolution(),
                                                    "public_notice.objections_resolution",
                                                    kMaxReasonChars, /*required=*/false));
      break;
    }
    default:
      break;
  }
}

void CheckDetermination(const v1::Determination& determination, const std::string& reason,
                        FieldViolations& violations) {
  if (determination.category() == v1::MONITORING_CATEGORY_UNSPECIFIED) {
    violations.Add("determination.category", "is required");
  } else if (!v1::MonitoringCategory_IsValid(determination.category())) {
    violations.Add("determination.category", "is not a known value");
  }
  const RiskTypeSet named =
      CheckRiskTypes(determination.risk_types(), "determination.risk_types", violations);
  const auto& seen = named.types;
  const bool other = named.has_other;
  const int primary = determination.primary_risk_type();
  if (primary == v1::RISK_TYPE_UNSPECIFIED) {
    violations.Add("determination.primary_risk_type", "is required");
  } else if (!seen.contains(primary)) {
    // The primary risk drives the choice of measures, so it must be one the household has.
    violations.Add("determination.primary_risk_type", "must be one of risk_types");
  }
  // "Other" says nothing by itself; the record must say what the risk is.
  if (other && IsBlank(reason)) {
    violations.Add("reason", "must describe the risk when RISK_TYPE_OTHER is determined");
  }
}

// Argument checks that need no state beyond the current step (INVALID_ARGUMENT).
absl::Status ValidateDecision(v1::CaseStep step, const StepDecision& decision) {
  FieldViolations violations;
  const v1::StepOutcome outcome = decision.outcome;
  if (outcome == v1::STEP_OUTCOME_UNSPECIFIED) {
    violations.Add("outcome", "is required");
  } else if (!v1::StepOutcome_IsValid(outcome)) {
    violations.Add("outcome", "is not a known value");
  }
  // A case sent back or closed without a reason leaves the household and the next
  // reviewer unable to act on it.
  const bool reason_required =
      outcome == v1::STEP_OUTCOME_RETURNED || outcome == v1::STEP_OUTCOME_REJECTED;
  const absl::Status reason_status = ValidateReason(decision.reason, reason_required);
  violations.Merge(reason_status);

  const v1::StepRecord& record = decision.evidence_and_determination;
  const auto evidence = record.evidence_case();
  if (evidence != v1::StepRecord::EVIDENCE_NOT_SET && evidence != EvidenceFor(step)) {
    violations.Add(EvidenceFieldName(evidence),
                   absl::StrCat("is not evidence of ", v1::CaseStep_Name(step)));
  } else {
    CheckEvidence(record, violations);
  }
  if (record.has_determination()) {
    if (!AcceptsDetermination(step)) {
      violations.Add("determination", absl::StrCat("is not decided at ", v1::CaseStep_Name(step)));
    } else {
      // Blank reasons already reported above are not reported twice.
      FieldViolations determination;
      CheckDetermination(record.determination(), decision.reason, determination);
      for (const auto& v : determination.bad_request().field_violations()) {
        if (v.field() == "reason" && !reason_status.ok()) continue;
        violations.Add(v.field(), v.description());
      }
    }
  }
  return violations.ToStatus();
}

class Requirements {
 public:
  void Fail(const std::string& subject, const std::string& description) {
    auto* violation = failure_.add_violations();
    violation->set_type(kStepRequirement);
    violation->set_subject(subject);
    violation->set_description(description);
  }

  absl::Status ToStatus(v1::CaseStep step) const {
    if (failure_.violations().empty()) return absl::OkStatus();
    std::vector<std::string> parts;
    for (const auto& v : failure_.violations()) {
      parts.push_back(absl::StrCat(v.subject(), ": ", v.description()));
    }
    return WithErrorReason(
        PreconditionError(absl::StrCat(v1::CaseStep_Name(step),
                                       " cannot be completed: ", absl::StrJoin(parts, "; ")),
                          failure_),
        "STEP_REQUIREMENTS_NOT_MET");
  }

 private:
  google::rpc::PreconditionFailure failure_;
};

absl::Status StateError(const std::string& subject, const std::string& description,
                        absl::string_view reason) {
  google::rpc::PreconditionFailure failure;
  auto* violation = failure.add_violations();
  violation->set_type("CASE_STATE");
  violation->set_subject(subject);
  violation->set_description(description);
  return WithErrorReason(PreconditionError(description, failure), reason);
}

// `opened` is the UTC day the case was opened: a notice of this case cannot have started
// before it. (Not the day the case reached the review step: steps are entered as decisions
// are recorded, which may lag the village's notice board by days.)
void CheckPublicNotice(const v1::StepRecord& record, int notice_days, absl::CivilDay opened,
                       absl::CivilDay today, Requirements& requirements) {
  if (!record.has_public_notice()) {
    requirements.Fail("public_notice", "a public notice is required (评议公示)");
    return;
  }
  const auto& notice = record.public_notice();
  if (notice.start_date().empty()) {
    requirements.Fail("public_notice.start_date", "is required");
  }
  if (notice.end_date().empty()) {
    requirements.Fail("public_notice.end_date", "is required");
  }
  if (notice.start_date().empty() || notice.end_date().empty()) return;
  // Both parsed already in ValidateDecision.
  const absl::CivilDay start = *ParseDate(notice.start_date(), "public_notice.start_date");
  const absl::CivilDay end = *ParseDate(notice.end_date(), "public_notice.end_date");
  if (start < opened) {
    requirements.Fail("public_notice.start_date",
                      absl::StrCat("is before the case was opened (", FormatDate(opened),
                                   "): a notice of this case cannot have started earlier"));
  }
  if (end < start) {
    requirements.Fail("public_notice.end_date", "is before start_date");
    return;
  }
  // The period counts calendar days with both ends included: 1st to 5th is 5 days.
  const int64_t days = (end - start) + 1;
  if (days < notice_days) {
    requirements.Fail(
        "public_notice.end_date",
        absl::StrCat("the notice runs ", days, " days; at least ", notice_days, " are required"));
  }
  // Objections can arrive until the last day, so the village may only conclude after it.
  if (!(end < today)) {
    requirements.Fail("public_notice.end_date",
                      absl::StrCat("the notice is not over until the end of ", FormatDate(end)));
  }
  // A notice exists to hear objections; concluding over an unanswered one defeats it.
  if (notice.objections_received() && IsBlank(notice.objections_resolution())) {
    requirements.Fail("public_notice.objections_resolution",
                      "objections were received and must be resolved");
  }
}

absl::Status CheckRegion(const auth::Principal& actor, const std::string& household_region) {
  if (validation::RegionCovers(actor.region_prefix, household_region)) return absl::OkStatus();
  return WithErrorReason(
      absl::PermissionDeniedError("the household is outside the caller's region"),
      auth::kRegionNotCovered);
}

// Separation of duties: who enters is not who reviews, who reviews is not who approves.
absl::Status CheckRole(const auth::Principal& actor, v1::CaseStep step) {
  const std::vector<Role> roles = CaseWorkflow::RolesFor(step);
  if (std::find(roles.begin(), roles.end(), actor.role) != roles.end()) return absl::OkStatus();
  return WithErrorReason(
      absl::PermissionDeniedError(absl::StrCat(::rrmon::common::v1::Role_Name(actor.role),
                                               " does not decide at ", v1::CaseStep_Name(step))),
      "ROLE_NOT_ALLOWED_AT_STEP");
}

}  // namespace

WorkflowPolicy WorkflowPolicy::Default() {
  WorkflowPolicy policy;
  const auto days = [](int n) { return absl::Hours(24 * n); };
  policy.step_limits = {
      {v1::CASE_STEP_HOME_VERIFICATION, days(3)},
      {v1::CASE_STEP_DATA_MATCHING, days(3)},
      {v1::CASE_STEP_VILLAGE_REVIEW, days(7)},
      {v1::CASE_STEP_TOWNSHIP_REVIEW, days(3)},
      {v1::CASE_STEP_COUNTY_APPROVAL, days(3)},
      {v1::CASE_STEP_ELIMINATION_PROPOSAL, days(3)},
      {v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW, days(7)},
      {v1::CASE_STEP_ELIMINATION_TOWNSHIP_CHECK, days(5)},
      {v1::CASE_STEP_ELIMINATION_COUNTY_APPROVAL, days(5)},
  };
  return policy;
}

absl::Status WorkflowPolicy::Validate() const {
  FieldViolations violations;
  if (notice_days < 1) violations.Add("notice_days", "must be at least 1");
  if (identification_limit <= absl::ZeroDuration()) {
    violations.Add("identification_limit", "must be positive");
  }
  for (const auto& [key, limit] : step_limits) {
    const auto step = static_cast<v1::CaseStep>(key);
    const std::string field =
        absl::StrCat("step_limits[",
                     v1::CaseStep_IsValid(key) ? v1::CaseStep_Name(step) : absl::StrCat(key), "]");
    if (IndexOf(v1::CASE_KIND_IDENTIFICATION, step) < 0 &&
        IndexOf(v1::CASE_KIND_ELIMINATION, step) < 0) {
      violations.Add(field, "is not a step of a procedure");
    } else if (limit <= absl::ZeroDuration()) {
      violations.Add(field, "must be positive");
    } else if (EvidenceFor(step) == v1::StepRecord::kPublicNotice &&
               limit < absl::Hours(24) * notice_days) {
      // A step that must hold a notice of notice_days can never finish in time otherwise.
      violations.Add(field, absl::StrCat("must allow the ", notice_days, "-day public notice"));
    }
  }
  return violations.ToStatus();
}

CaseWorkflow::CaseWorkflow(WorkflowPolicy policy) : policy_(std::move(policy)) {}

v1::Case CaseWorkflow::Open(v1::CaseKind kind, v1::CaseStep step, absl::Time now) const {
  v1::Case c;
  c.set_kind(kind);
  *c.mutable_open_time() = ToTimestamp(now);
  EnterStep(c, step, now);
  return c;
}

v1::Case CaseWorkflow::OpenIdentification(absl::Time now) const {
  return Open(v1::CASE_KIND_IDENTIFICATION, kIdentificationSteps[0], now);
}

v1::Case CaseWorkflow::OpenElimination(absl::Time now) const {
  return Open(v1::CASE_KIND_ELIMINATION, kEliminationSteps[0], now);
}

std::vector<Role> CaseWorkflow::RolesFor(v1::CaseStep step) {
  switch (step) {
    case v1::CASE_STEP_HOME_VERIFICATION:
    case v1::CASE_STEP_VILLAGE_REVIEW:
    case v1::CASE_STEP_ELIMINATION_PROPOSAL:
    case v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW:
      return {Role::ROLE_VILLAGE_CADRE};
    case v1::CASE_STEP_DATA_MATCHING:
    case v1::CASE_STEP_TOWNSHIP_REVIEW:
    case v1::CASE_STEP_ELIMINATION_TOWNSHIP_CHECK:
      return {Role::ROLE_TOWNSHIP_OFFICER};
    case v1::CASE_STEP_COUNTY_APPROVAL:
    case v1::CASE_STEP_ELIMINATION_COUNTY_APPROVAL:
      return {Role::ROLE_COUNTY_OFFICER};
    default:
      return {};
  }
}

void CaseWorkflow::EnterStep(v1::Case& c, v1::CaseStep step, absl::Time now) const {
  c.set_step(step);
  *c.mutable_step_start_time() = ToTimestamp(now);
  if (IsClosedStep(step)) {
    *c.mutable_close_time() = ToTimestamp(now);
    c.clear_step_due_time();
    c.set_overdue(false);
    return;
  }
  std::optional<absl::Time> due;
  if (const auto it = policy_.step_limits.find(step); it != policy_.step_limits.end()) {
    due = now + it->second;
  }
  if (c.kind() == v1::CASE_KIND_IDENTIFICATION) {
    // The national 15-day bound on the whole identification overrides the step limits
    // (which add up to more): a late step inherits whatever time is left, possibly none.
    const absl::Time cap = FromTimestamp(c.open_time()) + policy_.identification_limit;
    due = due.has_value() ? std::min(*due, cap) : cap;
  }
  if (due.has_value()) {
    *c.mutable_step_due_time() = ToTimestamp(*due);
  } else {
    c.clear_step_due_time();
  }
  c.set_overdue(IsOverdue(c, now));
}

absl::Status CaseWorkflow::CheckRequirements(const v1::Case& current, const StepDecision& decision,
                                             absl::Time now) const {
  const v1::CaseStep step = current.step();
  const v1::StepRecord& record = decision.evidence_and_determination;
  const absl::CivilDay today = UtcDay(now);
  Requirements requirements;
  switch (step) {
    case v1::CASE_STEP_HOME_VERIFICATION: {
      if (!record.has_home_verification()) {
        requirements.Fail("home_verification", "a home verification visit is required (入户核实)");
        break;
      }
      const auto& home = record.home_verification();
      // Verifying a household's income and assets against department data needs its
      // written consent (承诺授权书).
      if (!home.authorization_signed()) {
        requirements.Fail("home_verification.authorization_signed",
                          "the household must sign the authorisation first");
      }
      if (home.visit_date().empty()) {
        requirements.Fail("home_verification.visit_date", "is required");
      } else if (*ParseDate(home.visit_date(), "home_verification.visit_date") > today) {
        // A visit that has not happened cannot be evidence.
        requirements.Fail("home_verification.visit_date",
                          absl::StrCat("is after today (", FormatDate(today), ")"));
      }
      break;
    }
    case v1::CASE_STEP_DATA_MATCHING:
      if (!record.has_data_matching()) {
        requirements.Fail("data_matching", "data matching is required (信息比对)");
      } else if (record.data_matching().matched_sources().empty()) {
        requirements.Fail("data_matching.matched_sources",
                          "at least one department's data must have been matched");
      }
      break;
    case v1::CASE_STEP_VILLAGE_REVIEW:
    case v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW:
      CheckPublicNotice(record, policy_.notice_days, UtcDay(FromTimestamp(current.open_time())),
                        today, requirements);
      if (step == v1::CASE_STEP_VILLAGE_REVIEW && !record.has_determination()) {
        // What the village noticed publicly is a proposal of category and risks; the
        // township and county review that proposal.
        requirements.Fail("determination", "the village must propose a category and risks");
      }
      break;
    case v1::CASE_STEP_COUNTY_APPROVAL:
      if (!record.has_determination()) {
        // The county settles the final category and risks (it may change the proposal).
        requirements.Fail("determination", "the county must approve a category and risks");
      }
      break;
    default:
      // Proposal, township review/check and elimination approval are judgements recorded
      // by who made them; eligibility for elimination is checked before the proposal.
      break;
  }
  return requirements.ToStatus(step);
}

absl::StatusOr<v1::Case> CaseWorkflow::Decide(const v1::Case& current, const StepDecision& decision,
                                              const auth::Principal& actor,
                                              const std::string& household_region,
                                              absl::Time now) const {
  // Cases are written only by this class; one that breaks its shape is a bug, not input.
  const v1::CaseStep step = current.step();
  const int index = IndexOf(current.kind(), step);
  if (StepsOf(current.kind()).empty() || (index < 0 && !IsClosedStep(step)) ||
      !current.has_open_time()) {
    return absl::InternalError(absl::StrCat("case \"", current.name(), "\" is malformed: kind ",
                                            v1::CaseKind_Name(current.kind()), ", step ",
                                            v1::CaseStep_Name(step)));
  }
  // Region first: a caller outside the area learns nothing about the case's state.
  if (absl::Status status = CheckRegion(actor, household_region); !status.ok()) return status;
  // Closed before role: no role decides at a closed case, so PERMISSION_DENIED would
  // send the caller looking for a role that does not exist.
  if (IsClosedStep(step)) {
    return StateError("step", absl::StrCat("the case is closed (", v1::CaseStep_Name(step), ")"),
                      "CASE_CLOSED");
  }
  if (absl::Status status = CheckRole(actor, step); !status.ok()) return status;
  if (absl::Status status = ValidateDecision(step, decision); !status.ok()) return status;
  if (decision.outcome == v1::STEP_OUTCOME_RETURNED && index == 0) {
    return StateError("outcome",
                      absl::StrCat(v1::CaseStep_Name(step),
                                   " is the first step; there is nothing to return to (reject "
                                   "the case instead)"),
                      "NOTHING_TO_RETURN_TO");
  }
  // Only completing needs the evidence: returning or rejecting is how a reviewer acts on
  // evidence that is missing or fails.
  if (decision.outcome == v1::STEP_OUTCOME_COMPLETED) {
    if (absl::Status status = CheckRequirements(current, decision, now); !status.ok()) {
      return status;
    }
  }

  v1::Case next = current;
  const v1::StepRecord& given = decision.evidence_and_determination;
  v1::StepRecord& record = *next.add_history();
  record.set_step(step);
  record.set_outcome(decision.outcome);
  record.set_actor(actor.subject);
  record.set_actor_role(actor.role);
  *record.mutable_time() = ToTimestamp(now);
  record.set_reason(decision.reason);
  switch (given.evidence_case()) {
    case v1::StepRecord::kHomeVerification:
      *record.mutable_home_verification() = given.home_verification();
      break;
    case v1::StepRecord::kDataMatching:
      *record.mutable_data_matching() = given.data_matching();
      break;
    case v1::StepRecord::kPublicNotice:
      *record.mutable_public_notice() = given.public_notice();
      break;
    default:
      break;
  }
  if (given.has_determination()) *record.mutable_determination() = given.determination();

  const auto steps = StepsOf(current.kind());
  switch (decision.outcome) {
    case v1::STEP_OUTCOME_COMPLETED:
      // Only a determination that passed its step is the case's proposal or approval.
      if (given.has_determination()) *next.mutable_determination() = given.determination();
      EnterStep(
          next,
          static_cast<size_t>(index) + 1 < steps.size() ? steps[index + 1] : v1::CASE_STEP_APPROVED,
          now);
      break;
    case v1::STEP_OUTCOME_RETURNED:
      EnterStep(next, steps[index - 1], now);
      break;
    default:  // REJECTED; ValidateDecision admits nothing else.
      EnterStep(next, v1::CASE_STEP_REJECTED, now);
      break;
  }
  return next;
}

absl::Status CaseWorkflow::AuthorizeReplay(const v1::Case& decided, const auth::Principal& actor,
                                           const std::string& household_region) {
  RRMON_RETURN_IF_ERROR(CheckRegion(actor, household_region));
  if (decided.history().empty()) {
    return absl::InternalError(
        absl::StrCat("a logged decision on \"", decided.name(), "\" has no history"));
  }
  // The last record is the decision the logged response came from.
  return CheckRole(actor, decided.history(decided.history_size() - 1).step());
}

RiskTypeSet CheckRiskTypes(const google::protobuf::RepeatedField<int>& types,
                           const std::string& field, FieldViolations& violations) {
  RiskTypeSet named;
  if (types.empty()) violations.Add(field, "must name at least one risk type");
  for (int i = 0; i < types.size(); ++i) {
    const int type = types.Get(i);
    const std::string item = absl::StrCat(field, "[", i, "]");
    if (type == v1::RISK_TYPE_UNSPECIFIED || !v1::RiskType_IsValid(type)) {
      violations.Add(item, "is not a known risk type");
    } else if (!named.types.insert(type).second) {
      violations.Add(item, "appears twice");
    }
    named.has_other = named.has_other || type == v1::RISK_TYPE_OTHER;
  }
  return named;
}

bool IsClosedStep(v1::CaseStep step) {
  return step == v1::CASE_STEP_APPROVED || step == v1::CASE_STEP_REJECTED;
}

bool IsOpenStep(v1::CaseStep step) {
  return !IsClosedStep(step) && step != v1::CASE_STEP_UNSPECIFIED;
}

bool IsStepOverdue(const v1::Case& c, absl::Time now) {
  return IsOpenStep(c.step()) && c.has_step_due_time() && now > FromTimestamp(c.step_due_time());
}

bool CaseWorkflow::IsOverdue(const v1::Case& c, absl::Time now) const {
  return IsStepOverdue(c, now);
}

v1::Household HouseholdAfterClosing(const v1::Household& household, const v1::Case& closed,
                                    v1::HouseholdStatus prior_status, absl::CivilDay today) {
  v1::Household after = household;
  if (closed.step() == v1::CASE_STEP_REJECTED) {
    after.set_status(prior_status);
    return after;
  }
  if (closed.step() != v1::CASE_STEP_APPROVED) return after;
  switch (closed.kind()) {
    case v1::CASE_KIND_IDENTIFICATION:
      after.set_status(v1::HOUSEHOLD_STATUS_MONITORED);
      after.set_category(closed.determination().category());
      after.set_identification_date(FormatDate(today));
      after.clear_risk_elimination_date();
      *after.mutable_risk_types() = closed.determination().risk_types();
      after.set_primary_risk_type(closed.determination().primary_risk_type());
      break;
    case v1::CASE_KIND_ELIMINATION:
      after.set_status(v1::HOUSEHOLD_STATUS_RISK_ELIMINATED);
      after.set_risk_elimination_date(FormatDate(today));
      break;
    default:
      break;
  }
  return after;
}

}  // namespace rrmon::monitoring

#pragma once

// The procedure of a case, free of gRPC, SQL and clocks: identification of a household at
// risk (入户核实 → 信息比对 → 村级评议公示 → 乡镇审核 → 县级审批) and risk elimination
// (proposal → village review and notice → township check → county approval). Each step is
// decided by one role, needs its evidence to complete, and has a time limit; the class
// turns a case and a decision into the next case or says why it cannot.

#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/status/field_violations.h"
#include "rrmon/common/v1/common.pb.h"
#include "rrmon/monitoring/v1/household.pb.h"
#include "rrmon/monitoring/v1/risk.pb.h"

namespace rrmon::monitoring {

// v1 below is ::rrmon::monitoring::v1, found as a nested namespace (no alias needed;
// clang rejects an alias that shadows the namespace it names).

// Time limits and the notice period. Practice varies by province and year, so this is
// configuration handed in, never constants in the rules.
struct WorkflowPolicy {
  // A public notice runs at least this many calendar days, both ends counted.
  int notice_days = 5;
  // Time allowed per step, keyed by v1::CaseStep. A step without an entry has no limit
  // of its own (an identification step is still bounded by identification_limit).
  absl::flat_hash_map<int, absl::Duration> step_limits;
  // The whole identification, from opening to county approval (national rule: 15 days).
  absl::Duration identification_limit = absl::Hours(24 * 15);

  // The national defaults: identification 3 + 3 + 7 (notice inside) + 3 + 3 days,
  // elimination 3 + 7 + 5 + 5 days.
  static WorkflowPolicy Default();

  // A configuration loaded from a file is checked before use: notice_days ≥ 1, every
  // limit positive, keys only for the procedure steps (INVALID_ARGUMENT naming the key).
  absl::Status Validate() const;
};

// What a reviewer decides at the current step.
struct StepDecision {
  v1::StepOutcome outcome = v1::STEP_OUTCOME_UNSPECIFIED;
  // Required for RETURNED and REJECTED: the case history must say why.
  std::string reason;
  // Only its evidence oneof and its determination are read; the rest (step, actor,
  // time) is filled by the workflow, never trusted from the caller.
  v1::StepRecord evidence_and_determination;
};

// The risk types a signal or a determination names.
struct RiskTypeSet {
  absl::flat_hash_set<int> types;
  bool has_other = false;  // RISK_TYPE_OTHER, which says nothing without a text
};

// The one rule for a list of risk types: at least one, each a known type, none twice.
// Violations go to `violations` under `field` and `field`[i]; returns the valid ones.
RiskTypeSet CheckRiskTypes(const google::protobuf::RepeatedField<int>& types,
                           const std::string& field, FieldViolations& violations);

// A case is open while its step is neither a decision (APPROVED, REJECTED) nor unset.
bool IsOpenStep(v1::CaseStep step);
// A case is closed once decided: APPROVED or REJECTED.
bool IsClosedStep(v1::CaseStep step);

// The household as a closed case leaves it, every field the closing decides:
// - identification APPROVED: MONITORED, with the approved category, risk types and
//   primary risk type, identified `today`, any earlier elimination date cleared;
// - elimination APPROVED: RISK_ELIMINATED on `today`, category and risk types kept (it is
//   a status, never a deletion: monitoring continues);
// - REJECTED: back to `prior_status`, what the household was before the case opened.
// A case that is not closed leaves the household as it is. Revision, times and audit are
// the caller's.
v1::Household HouseholdAfterClosing(const v1::Household& household, const v1::Case& closed,
                                    v1::HouseholdStatus prior_status, absl::CivilDay today);

// Open, with a due time, and past it: due at the instant itself is still on time. Needs
// no policy, since the due time is stored in the case when it enters the step.
bool IsStepOverdue(const v1::Case& c, absl::Time now);

class CaseWorkflow {
 public:
  explicit CaseWorkflow(WorkflowPolicy policy);

  // A new identification case at HOME_VERIFICATION (a signal opened it) and a new
  // elimination case at ELIMINATION_PROPOSAL, with open, step start and due times set.
  // name, risk_signals, determination and etag are the caller's (storage) to fill.
  v1::Case OpenIdentification(absl::Time now) const;
  v1::Case OpenElimination(absl::Time now) const;

  // The roles that decide at `step`: villages enter and propose, townships review,
  // counties approve (the separation of duties of the procedure). Empty for closed or
  // unspecified steps.
  static std::vector<rrmon::common::v1::Role> RolesFor(v1::CaseStep step);

  // Applies `decision` by `actor` at the case's current step and returns the new case;
  // on error nothing changes. Checks, in order:
  //  - PERMISSION_DENIED: actor's region prefix does not cover `household_region`;
  //  - FAILED_PRECONDITION: the case is closed;
  //  - PERMISSION_DENIED: actor's role does not decide at this step;
  //  - INVALID_ARGUMENT (every bad field at once, paths relative to the decision, e.g.
  //    "public_notice.end_date", "determination.primary_risk_type"): outcome, reason,
  //    evidence or determination of another step, malformed dates, bad determination;
  //  - FAILED_PRECONDITION: RETURNED at a kind's first step; for COMPLETED, each missing
  //    or failed step requirement as one PreconditionFailure violation of type
  //    "STEP_REQUIREMENT" whose subject is the field.
  // `now` is the decision time; its UTC calendar day is "today" for evidence dates.
  absl::StatusOr<v1::Case> Decide(const v1::Case& current, const StepDecision& decision,
                                  const auth::Principal& actor, const std::string& household_region,
                                  absl::Time now) const;

  // Whether `actor` may receive the logged response of a DecideCaseStep replayed with the
  // same request_id: exactly the region and step-role checks of the first call
  // (PERMISSION_DENIED with REGION_NOT_COVERED or ROLE_NOT_ALLOWED_AT_STEP), applied to
  // the step the decision was made at (the last record of `decided`'s history).
  static absl::Status AuthorizeReplay(const v1::Case& decided, const auth::Principal& actor,
                                      const std::string& household_region);

  // Whether the case is open and `now` is past its current step's due time.
  bool IsOverdue(const v1::Case& c, absl::Time now) const;

  const WorkflowPolicy& policy() const { return policy_; }

 private:
  v1::Case Open(v1::CaseKind kind, v1::CaseStep step, absl::Time now) const;
  // Moves `c` into `step` at `now`: start, due and close times, overdue flag.
  void EnterStep(v1::Case& c, v1::CaseStep step, absl::Time now) const;
  absl::Status CheckRequirements(const v1::Case& current, const StepDecision& decision,
                                 absl::Time now) const;

  WorkflowPolicy policy_;
};

}  // namespace rrmon::monitoring

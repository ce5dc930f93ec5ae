#include "services/monitoring/domain/case_workflow.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rrmon::monitoring {
namespace {

using ::rrmon::common::v1::Role;
using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// 09:00 UTC on 2026-03-10 plus a few nanoseconds, so timestamps must keep sub-seconds.
const absl::Time kOpen =
    absl::FromCivil(absl::CivilSecond(2026, 3, 10, 9, 0, 0), absl::UTCTimeZone()) +
    absl::Nanoseconds(123);
constexpr char kHouseholdRegion[] = "654221100201";  // a village of 额敏县
constexpr char kTownshipPrefix[] = "654221100";

const std::vector<v1::CaseStep> kIdentificationSteps = {
    v1::CASE_STEP_HOME_VERIFICATION, v1::CASE_STEP_DATA_MATCHING, v1::CASE_STEP_VILLAGE_REVIEW,
    v1::CASE_STEP_TOWNSHIP_REVIEW, v1::CASE_STEP_COUNTY_APPROVAL};
const std::vector<v1::CaseStep> kEliminationSteps = {
    v1::CASE_STEP_ELIMINATION_PROPOSAL, v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW,
    v1::CASE_STEP_ELIMINATION_TOWNSHIP_CHECK, v1::CASE_STEP_ELIMINATION_COUNTY_APPROVAL};
const std::vector<Role> kAllRoles = {Role::ROLE_UNSPECIFIED,      Role::ROLE_VILLAGE_CADRE,
                                     Role::ROLE_TOWNSHIP_OFFICER, Role::ROLE_COUNTY_OFFICER,
                                     Role::ROLE_ANALYST,          Role::ROLE_SERVICE};

const std::vector<v1::CaseStep>& StepsOf(v1::CaseKind kind) {
  return kind == v1::CASE_KIND_IDENTIFICATION ? kIdentificationSteps : kEliminationSteps;
}

// The separation of duties, written out independently of the class under test.
Role ExpectedRole(v1::CaseStep step) {
  switch (step) {
    case v1::CASE_STEP_HOME_VERIFICATION:
    case v1::CASE_STEP_VILLAGE_REVIEW:
    case v1::CASE_STEP_ELIMINATION_PROPOSAL:
    case v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW:
      return Role::ROLE_VILLAGE_CADRE;
    case v1::CASE_STEP_DATA_MATCHING:
    case v1::CASE_STEP_TOWNSHIP_REVIEW:
    case v1::CASE_STEP_ELIMINATION_TOWNSHIP_CHECK:
      return Role::ROLE_TOWNSHIP_OFFICER;
    default:
      return Role::ROLE_COUNTY_OFFICER;
  }
}

auth::Principal Actor(Role role, std::string prefix = kTownshipPrefix) {
  return auth::Principal{absl::StrCat("staff-", static_cast<int>(role)), role, std::move(prefix),
                         kOpen + absl::Hours(24 * 365)};
}

auth::Principal ActorFor(v1::CaseStep step) { return Actor(ExpectedRole(step)); }

absl::CivilDay Today(absl::Time now) { return UtcDay(now); }

v1::Determination Proposal() {
  v1::Determination determination;
  determination.set_category(v1::MONITORING_CATEGORY_MARGINAL_AT_RISK);
  determination.add_risk_types(v1::RISK_TYPE_ILLNESS);
  determination.add_risk_types(v1::RISK_TYPE_UNSTABLE_EMPLOYMENT);
  determination.set_primary_risk_type(v1::RISK_TYPE_ILLNESS);
  return determination;
}

// The county may settle on something other than the village's proposal.
v1::Determination Final() {
  v1::Determination determination;
  determination.set_category(v1::MONITORING_CATEGORY_SUDDEN_HARDSHIP);
  determination.add_risk_types(v1::RISK_TYPE_ILLNESS);
  determination.add_risk_types(v1::RISK_TYPE_ACCIDENT);
  determination.set_primary_risk_type(v1::RISK_TYPE_ACCIDENT);
  return determination;
}

v1::PublicNotice Notice(absl::CivilDay start, absl::CivilDay end) {
  v1::PublicNotice notice;
  notice.set_start_date(FormatDate(start));
  notice.set_end_date(FormatDate(end));
  return notice;
}

// A decision that satisfies every requirement of `step` when made at `now`.
StepDecision Complete(v1::CaseStep step, absl::Time now) {
  StepDecision decision;
  decision.outcome = v1::STEP_OUTCOME_COMPLETED;
  v1::StepRecord& record = decision.evidence_and_determination;
  const absl::CivilDay today = Today(now);
  switch (step) {
    case v1::CASE_STEP_HOME_VERIFICATION: {
      auto* home = record.mutable_home_verification();
      home->set_authorization_signed(true);
      home->set_authorization_reference("额敏县档案 2026-031");
      home->set_visit_date(FormatDate(today));
      break;
    }
    case v1::CASE_STEP_DATA_MATCHING:
      record.mutable_data_matching()->add_matched_sources("公安");
      record.mutable_data_matching()->add_matched_sources("医保");
      break;
    case v1::CASE_STEP_VILLAGE_REVIEW:
      *record.mutable_public_notice() = Notice(today - 5, today - 1);
      *record.mutable_determination() = Proposal();
      break;
    case v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW:
      *record.mutable_public_notice() = Notice(today - 5, today - 1);
      break;
    case v1::CASE_STEP_COUNTY_APPROVAL:
      *record.mutable_determination() = Final();
      break;
    default:
      break;
  }
  return decision;
}

StepDecision WithOutcome(v1::StepOutcome outcome, std::string reason) {
  StepDecision decision;
  decision.outcome = outcome;
  decision.reason = std::move(reason);
  return decision;
}

std::vector<std::string> BadFields(const absl::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad_request = GetBadRequest(status);
  for (const auto& v : bad_request.field_violations()) fields.push_back(v.field());
  return fields;
}

std::vector<std::string> FailedRequirements(const absl::Status& status) {
  std::vector<std::string> subjects;
  const google::rpc::PreconditionFailure failure = GetPreconditionFailure(status);
  for (const auto& v : failure.violations()) {
    EXPECT_EQ(v.type(), "STEP_REQUIREMENT");
    subjects.push_back(v.subject());
  }
  return subjects;
}

absl::Time ToTime(const google::protobuf::Timestamp& timestamp) {
  return absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
}

class CaseWorkflowTest : public ::testing::Test {
 protected:
  v1::Case Open(v1::CaseKind kind, absl::Time now = kOpen) const {
    return kind == v1::CASE_KIND_IDENTIFICATION ? workflow_.OpenIdentification(now)
                                                : workflow_.OpenElimination(now);
  }

  absl::StatusOr<v1::Case> Decide(const v1::Case& c, const StepDecision& decision,
                                  absl::Time now) const {
    return workflow_.Decide(c, decision, ActorFor(c.step()), kHouseholdRegion, now);
  }

  // Opens a case eight days before kOpen and completes steps, one hour apart, until it
  // stands at `target`; a village review waits for its notice (which cannot start before
  // the case opened). Decisions at kOpen then find a case old enough for a notice that
  // ended the day before.
  v1::Case WalkTo(v1::CaseKind kind, v1::CaseStep target) const {
    const absl::Time opened = kOpen - absl::Hours(24 * 8);
    v1::Case c = Open(kind, opened);
    absl::Time now = opened;
    for (int guard = 0; c.step() != target && guard < 10; ++guard) {
      now += absl::Hours(1);
      if (c.step() == v1::CASE_STEP_VILLAGE_REVIEW ||
          c.step() == v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW) {
        now = std::max(now, opened + absl::Hours(24 * 6));
      }
      absl::StatusOr<v1::Case> next = Decide(c, Complete(c.step(), now), now);
      EXPECT_TRUE(next.ok()) << next.status();
      if (!next.ok()) break;
      c = *std::move(next);
    }
    EXPECT_EQ(c.step(), target);
    return c;
  }

  // Decides `decision` at `step` of a fresh case, reached by completing earlier steps.
  absl::Status DecideAt(v1::CaseStep step, const StepDecision& decision, absl::Time now) const {
    const v1::CaseKind kind = std::find(kIdentificationSteps.begin(), kIdentificationSteps.end(),
                                        step) != kIdentificationSteps.end()
                                  ? v1::CASE_KIND_IDENTIFICATION
                                  : v1::CASE_KIND_ELIMINATION;
    return Decide(WalkTo(kind, step), decision, now).status();
  }

  CaseWorkflow workflow_{WorkflowPolicy::Default()};
};

// ---- Policy ---------------------------------------------------------------------------

TEST(WorkflowPolicyTest, DefaultHasTheNationalLimits) {
  const WorkflowPolicy policy = WorkflowPolicy::Default();
  EXPECT_EQ(policy.notice_days, 5);
  EXPECT_EQ(policy.identification_limit, absl::Hours(24 * 15));
  const auto days = [&](v1::CaseStep step) {
    return policy.step_limits.at(step) / absl::Hours(24);
  };
  EXPECT_EQ(days(v1::CASE_STEP_HOME_VERIFICATION), 3);
  EXPECT_EQ(days(v1::CASE_STEP_DATA_MATCHING), 3);
  EXPECT_EQ(days(v1::CASE_STEP_VILLAGE_REVIEW), 7);
  EXPECT_EQ(days(v1::CASE_STEP_TOWNSHIP_REVIEW), 3);
  EXPECT_EQ(days(v1::CASE_STEP_COUNTY_APPROVAL), 3);
  EXPECT_EQ(days(v1::CASE_STEP_ELIMINATION_PROPOSAL), 3);
  EXPECT_EQ(days(v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW), 7);
  EXPECT_EQ(days(v1::CASE_STEP_ELIMINATION_TOWNSHIP_CHECK), 5);
  EXPECT_EQ(days(v1::CASE_STEP_ELIMINATION_COUNTY_APPROVAL), 5);
  EXPECT_EQ(policy.step_limits.size(), 9u);
  EXPECT_TRUE(policy.Validate().ok()) << policy.Validate();
}

TEST(WorkflowPolicyTest, ValidateRejectsUnusableConfigurations) {
  WorkflowPolicy policy = WorkflowPolicy::Default();
  policy.notice_days = 0;
  policy.identification_limit = absl::ZeroDuration();
  policy.step_limits[v1::CASE_STEP_TOWNSHIP_REVIEW] = -absl::Hours(1);
  policy.step_limits[v1::CASE_STEP_APPROVED] = absl::Hours(1);
  const absl::Status status = policy.Validate();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(BadFields(status), UnorderedElementsAre("notice_days", "identification_limit",
                                                      "step_limits[CASE_STEP_TOWNSHIP_REVIEW]",
                                                      "step_limits[CASE_STEP_APPROVED]"));

  // A village review shorter than the notice it must hold can never finish in time.
  WorkflowPolicy short_review = WorkflowPolicy::Default();
  short_review.step_limits[v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW] = absl::Hours(24 * 4);
  EXPECT_THAT(BadFields(short_review.Validate()),
              ElementsAre("step_limits[CASE_STEP_ELIMINATION_VILLAGE_REVIEW]"));
}

// ---- Opening --------------------------------------------------------------------------

TEST_F(CaseWorkflowTest, OpensIdentificationAtHomeVerification) {
  const v1::Case c = workflow_.OpenIdentification(kOpen);
  EXPECT_EQ(c.kind(), v1::CASE_KIND_IDENTIFICATION);
  EXPECT_EQ(c.step(), v1::CASE_STEP_HOME_VERIFICATION);
  EXPECT_EQ(ToTime(c.open_time()), kOpen);
  EXPECT_EQ(c.open_time().nanos(), 123);
  EXPECT_EQ(ToTime(c.step_start_time()), kOpen);
  EXPECT_EQ(ToTime(c.step_due_time()), kOpen + absl::Hours(24 * 3));
  EXPECT_FALSE(c.has_close_time());
  EXPECT_FALSE(c.overdue());
  EXPECT_TRUE(c.history().empty());
}

TEST_F(CaseWorkflowTest, OpensEliminationAtProposal) {
  const v1::Case c = workflow_.OpenElimination(kOpen);
  EXPECT_EQ(c.kind(), v1::CASE_KIND_ELIMINATION);
  EXPECT_EQ(c.step(), v1::CASE_STEP_ELIMINATION_PROPOSAL);
  EXPECT_EQ(ToTime(c.step_due_time()), kOpen + absl::Hours(24 * 3));
  EXPECT_FALSE(c.has_close_time());
}

// ---- Legal paths ----------------------------------------------------------------------

TEST_F(CaseWorkflowTest, IdentificationCompletesEveryStepToApproved) {
  // A step a day; the village's notice (the five days before its decision) starts after
  // the opening only when the case was opened a few days before.
  const absl::Time opened = kOpen - absl::Hours(24 * 4);
  v1::Case c = workflow_.OpenIdentification(opened);
  c.set_etag("storage-etag");
  c.set_name("households/h1/cases/c1");
  std::vector<v1::CaseStep> visited = {c.step()};
  absl::Time now = opened;
  for (int i = 0; i < 5; ++i) {
    now += absl::Hours(24) * (c.step() == v1::CASE_STEP_VILLAGE_REVIEW ? 5 : 1);
    absl::StatusOr<v1::Case> next = Decide(c, Complete(c.step(), now), now);
    ASSERT_TRUE(next.ok()) << next.status();
    c = *std::move(next);
    visited.push_back(c.step());
    if (c.step() == v1::CASE_STEP_TOWNSHIP_REVIEW) {
      // After the village review the case carries the village's proposal.
      EXPECT_EQ(c.determination().category(), v1::MONITORING_CATEGORY_MARGINAL_AT_RISK);
    }
  }
  EXPECT_THAT(visited, ElementsAre(v1::CASE_STEP_HOME_VERIFICATION, v1::CASE_STEP_DATA_MATCHING,
                                   v1::CASE_STEP_VILLAGE_REVIEW, v1::CASE_STEP_TOWNSHIP_REVIEW,
                                   v1::CASE_STEP_COUNTY_APPROVAL, v1::CASE_STEP_APPROVED));
  ASSERT_EQ(c.history_size(), 5);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(c.history(i).step(), kIdentificationSteps[i]);
    EXPECT_EQ(c.history(i).outcome(), v1::STEP_OUTCOME_COMPLETED);
  }
  EXPECT_EQ(ToTime(c.close_time()), now);
  EXPECT_FALSE(c.has_step_due_time());
  // The county's determination, not the proposal, is the case's.
  EXPECT_EQ(c.determination().category(), v1::MONITORING_CATEGORY_SUDDEN_HARDSHIP);
  EXPECT_EQ(c.determination().primary_risk_type(), v1::RISK_TYPE_ACCIDENT);
  EXPECT_EQ(c.history(2).determination().category(), v1::MONITORING_CATEGORY_MARGINAL_AT_RISK);
  EXPECT_EQ(c.etag(), "storage-etag");
  EXPECT_EQ(c.name(), "households/h1/cases/c1");
}

TEST_F(CaseWorkflowTest, EliminationCompletesEveryStepToApproved) {
  const absl::Time opened = kOpen - absl::Hours(24 * 4);
  v1::Case c = workflow_.OpenElimination(opened);
  *c.mutable_determination() = Proposal();  // copied from the household by the caller
  std::vector<v1::CaseStep> visited = {c.step()};
  absl::Time now = opened;
  for (int i = 0; i < 4; ++i) {
    now += absl::Hours(24) * (c.step() == v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW ? 5 : 1);
    absl::StatusOr<v1::Case> next = Decide(c, Complete(c.step(), now), now);
    ASSERT_TRUE(next.ok()) << next.status();
    c = *std::move(next);
    visited.push_back(c.step());
  }
  EXPECT_THAT(
      visited,
      ElementsAre(v1::CASE_STEP_ELIMINATION_PROPOSAL, v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW,
                  v1::CASE_STEP_ELIMINATION_TOWNSHIP_CHECK,
                  v1::CASE_STEP_ELIMINATION_COUNTY_APPROVAL, v1::CASE_STEP_APPROVED));
  EXPECT_EQ(c.history_size(), 4);
  EXPECT_EQ(ToTime(c.close_time()), now);
  EXPECT_FALSE(c.has_step_due_time());
  EXPECT_EQ(c.determination().category(), v1::MONITORING_CATEGORY_MARGINAL_AT_RISK);
}

TEST_F(CaseWorkflowTest, ReturnedFromEveryLaterStepGoesBackExactlyOne) {
  for (const v1::CaseKind kind : {v1::CASE_KIND_IDENTIFICATION, v1::CASE_KIND_ELIMINATION}) {
    const auto& steps = StepsOf(kind);
    for (size_t i = 1; i < steps.size(); ++i) {
      SCOPED_TRACE(v1::CaseStep_Name(steps[i]));
      const v1::Case c = WalkTo(kind, steps[i]);
      const absl::Time now = kOpen + absl::Hours(24);
      absl::StatusOr<v1::Case> next =
          Decide(c, WithOutcome(v1::STEP_OUTCOME_RETURNED, "材料不全，请补充"), now);
      ASSERT_TRUE(next.ok()) << next.status();
      EXPECT_EQ(next->step(), steps[i - 1]);
      EXPECT_EQ(next->history_size(), c.history_size() + 1);
      EXPECT_EQ(next->history().rbegin()->outcome(), v1::STEP_OUTCOME_RETURNED);
      EXPECT_EQ(next->history().rbegin()->step(), steps[i]);
      EXPECT_EQ(ToTime(next->step_start_time()), now);
      EXPECT_FALSE(next->has_close_time());
      EXPECT_TRUE(next->has_step_due_time());
    }
  }
}

TEST_F(CaseWorkflowTest, ReturnedAtTheFirstStepIsRefused) {
  for (const v1::CaseKind kind : {v1::CASE_KIND_IDENTIFICATION, v1::CASE_KIND_ELIMINATION}) {
    const v1::Case c = Open(kind);
    const absl::StatusOr<v1::Case> next =
        Decide(c, WithOutcome(v1::STEP_OUTCOME_RETURNED, "退回"), kOpen);
    EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(GetErrorReason(next.status()), "NOTHING_TO_RETURN_TO");
  }
}

TEST_F(CaseWorkflowTest, RejectedFromEveryOpenStepCloses) {
  for (const v1::CaseKind kind : {v1::CASE_KIND_IDENTIFICATION, v1::CASE_KIND_ELIMINATION}) {
    for (const v1::CaseStep step : StepsOf(kind)) {
      SCOPED_TRACE(v1::CaseStep_Name(step));
      const v1::Case c = WalkTo(kind, step);
      const absl::Time now = kOpen + absl::Hours(30);
      absl::StatusOr<v1::Case> next =
          Decide(c, WithOutcome(v1::STEP_OUTCOME_REJECTED, "收入高于监测范围"), now);
      ASSERT_TRUE(next.ok()) << next.status();
      EXPECT_EQ(next->step(), v1::CASE_STEP_REJECTED);
      EXPECT_EQ(ToTime(next->close_time()), now);
      EXPECT_FALSE(next->has_step_due_time());
      EXPECT_EQ(next->history().rbegin()->outcome(), v1::STEP_OUTCOME_REJECTED);
      EXPECT_EQ(next->history().rbegin()->reason(), "收入高于监测范围");
    }
  }
}

TEST_F(CaseWorkflowTest, AnyDecisionOnAClosedCaseIsRefused) {
  const v1::Case approved = WalkTo(v1::CASE_KIND_IDENTIFICATION, v1::CASE_STEP_APPROVED);
  const v1::Case rejected = *Decide(Open(v1::CASE_KIND_ELIMINATION),
                                    WithOutcome(v1::STEP_OUTCOME_REJECTED, "不符合条件"), kOpen);
  ASSERT_EQ(rejected.step(), v1::CASE_STEP_REJECTED);
  for (const v1::Case& closed : {approved, rejected}) {
    for (const v1::StepOutcome outcome :
         {v1::STEP_OUTCOME_COMPLETED, v1::STEP_OUTCOME_RETURNED, v1::STEP_OUTCOME_REJECTED}) {
      for (const Role role : kAllRoles) {
        const absl::StatusOr<v1::Case> next = workflow_.Decide(
            closed, WithOutcome(outcome, "再议"), Actor(role), kHouseholdRegion, kOpen);
        EXPECT_EQ(next.status().code(), absl::StatusCode::kFailedPrecondition)
            << v1::CaseStep_Name(closed.step()) << " " << outcome << " " << role;
        EXPECT_EQ(GetErrorReason(next.status()), "CASE_CLOSED");
      }
    }
  }
}

// ---- Who decides ----------------------------------------------------------------------

TEST_F(CaseWorkflowTest, RolesForFollowsTheSeparationOfDuties) {
  for (const auto* steps : {&kIdentificationSteps, &kEliminationSteps}) {
    for (const v1::CaseStep step : *steps) {
      EXPECT_THAT(CaseWorkflow::RolesFor(step), ElementsAre(ExpectedRole(step)))
          << v1::CaseStep_Name(step);
    }
  }
  EXPECT_TRUE(CaseWorkflow::RolesFor(v1::CASE_STEP_APPROVED).empty());
  EXPECT_TRUE(CaseWorkflow::RolesFor(v1::CASE_STEP_REJECTED).empty());
  EXPECT_TRUE(CaseWorkflow::RolesFor(v1::CASE_STEP_UNSPECIFIED).empty());
}

TEST_F(CaseWorkflowTest, EveryOtherRoleIsDeniedAtEveryStep) {
  for (const v1::CaseKind kind : {v1::CASE_KIND_IDENTIFICATION, v1::CASE_KIND_ELIMINATION}) {
    for (const v1::CaseStep step : StepsOf(kind)) {
      const v1::Case c = WalkTo(kind, step);
      const absl::Time now = kOpen + absl::Hours(24);
      for (const Role role : kAllRoles) {
        SCOPED_TRACE(absl::StrCat(v1::CaseStep_Name(step), " by ", role));
        const absl::StatusOr<v1::Case> next =
            workflow_.Decide(c, Complete(step, now), Actor(role), kHouseholdRegion, now);
        if (role == ExpectedRole(step)) {
          EXPECT_TRUE(next.ok()) << next.status();
        } else {
          EXPECT_EQ(next.status().code(), absl::StatusCode::kPermissionDenied);
          EXPECT_EQ(GetErrorReason(next.status()), "ROLE_NOT_ALLOWED_AT_STEP");
        }
      }
    }
  }
}

TEST_F(CaseWorkflowTest, RegionNotCoveredIsDenied) {
  const v1::Case c = Open(v1::CASE_KIND_IDENTIFICATION);
  const StepDecision decision = Complete(c.step(), kOpen);
  for (const std::string prefix : {"654221101", "654224", ""}) {
    SCOPED_TRACE(prefix);
    const absl::StatusOr<v1::Case> next = workflow_.Decide(
        c, decision, Actor(Role::ROLE_VILLAGE_CADRE, prefix), kHouseholdRegion, kOpen);
    EXPECT_EQ(next.status().code(), absl::StatusCode::kPermissionDenied);
    EXPECT_EQ(GetErrorReason(next.status()), "REGION_NOT_COVERED");
  }
  // A wider area that contains the village is enough.
  EXPECT_TRUE(
      workflow_
          .Decide(c, decision, Actor(Role::ROLE_VILLAGE_CADRE, "654221"), kHouseholdRegion, kOpen)
          .ok());
}

// ---- Step requirements ----------------------------------------------------------------

TEST_F(CaseWorkflowTest, HomeVerificationNeedsTheSignedAuthorisation) {
  StepDecision decision = Complete(v1::CASE_STEP_HOME_VERIFICATION, kOpen);
  decision.evidence_and_determination.mutable_home_verification()->set_authorization_signed(false);
  const absl::Status status = DecideAt(v1::CASE_STEP_HOME_VERIFICATION, decision, kOpen);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetErrorReason(status), "STEP_REQUIREMENTS_NOT_MET");
  EXPECT_THAT(FailedRequirements(status), ElementsAre("home_verification.authorization_signed"));
}

TEST_F(CaseWorkflowTest, HomeVerificationVisitCannotBeInTheFuture) {
  StepDecision decision = Complete(v1::CASE_STEP_HOME_VERIFICATION, kOpen);
  auto* home = decision.evidence_and_determination.mutable_home_verification();
  home->set_visit_date(FormatDate(Today(kOpen) + 1));
  const absl::Status status = DecideAt(v1::CASE_STEP_HOME_VERIFICATION, decision, kOpen);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(FailedRequirements(status), ElementsAre("home_verification.visit_date"));

  // Today itself is fine, even late in the UTC day.
  home->set_visit_date(FormatDate(Today(kOpen)));
  const absl::Time late =
      absl::FromCivil(absl::CivilSecond(2026, 3, 10, 23, 59, 59), absl::UTCTimeZone());
  EXPECT_TRUE(DecideAt(v1::CASE_STEP_HOME_VERIFICATION, decision, late).ok());
}

TEST_F(CaseWorkflowTest, HomeVerificationReportsEveryMissingRequirementAtOnce) {
  StepDecision decision = Complete(v1::CASE_STEP_HOME_VERIFICATION, kOpen);
  auto* home = decision.evidence_and_determination.mutable_home_verification();
  home->set_authorization_signed(false);
  home->clear_visit_date();
  EXPECT_THAT(FailedRequirements(DecideAt(v1::CASE_STEP_HOME_VERIFICATION, decision, kOpen)),
              UnorderedElementsAre("home_verification.authorization_signed",
                                   "home_verification.visit_date"));

  const StepDecision no_evidence = WithOutcome(v1::STEP_OUTCOME_COMPLETED, "");
  EXPECT_THAT(FailedRequirements(DecideAt(v1::CASE_STEP_HOME_VERIFICATION, no_evidence, kOpen)),
              ElementsAre("home_verification"));
}

TEST_F(CaseWorkflowTest, DataMatchingNeedsAMatchedSource) {
  StepDecision decision = Complete(v1::CASE_STEP_DATA_MATCHING, kOpen);
  decision.evidence_and_determination.mutable_data_matching()->clear_matched_sources();
  decision.evidence_and_determination.mutable_data_matching()->set_findings("未比对");
  const absl::Status status = DecideAt(v1::CASE_STEP_DATA_MATCHING, decision, kOpen);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(FailedRequirements(status), ElementsAre("data_matching.matched_sources"));
}

TEST_F(CaseWorkflowTest, NoticeOfFourDaysIsRefusedAndFiveAccepted) {
  const absl::CivilDay today = Today(kOpen);
  for (const v1::CaseStep step :
       {v1::CASE_STEP_VILLAGE_REVIEW, v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW}) {
    SCOPED_TRACE(v1::CaseStep_Name(step));
    StepDecision decision = Complete(step, kOpen);
    // 2026-03-05 .. 2026-03-08 is four days, both ends counted.
    *decision.evidence_and_determination.mutable_public_notice() = Notice(today - 5, today - 2);
    const absl::Status status = DecideAt(step, decision, kOpen);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(FailedRequirements(status), ElementsAre("public_notice.end_date"));

    *decision.evidence_and_determination.mutable_public_notice() = Notice(today - 6, today - 2);
    EXPECT_TRUE(DecideAt(step, decision, kOpen).ok());
  }
}

TEST_F(CaseWorkflowTest, NoticeLengthFollowsThePolicy) {
  WorkflowPolicy policy = WorkflowPolicy::Default();
  policy.notice_days = 7;
  const CaseWorkflow workflow(policy);
  v1::Case c = workflow.OpenElimination(kOpen - absl::Hours(24 * 8));
  c = *workflow.Decide(c, Complete(c.step(), kOpen), ActorFor(c.step()), kHouseholdRegion, kOpen);
  StepDecision decision = Complete(c.step(), kOpen);  // a five-day notice
  EXPECT_EQ(
      workflow.Decide(c, decision, ActorFor(c.step()), kHouseholdRegion, kOpen).status().code(),
      absl::StatusCode::kFailedPrecondition);
  const absl::CivilDay today = Today(kOpen);
  *decision.evidence_and_determination.mutable_public_notice() = Notice(today - 7, today - 1);
  EXPECT_TRUE(workflow.Decide(c, decision, ActorFor(c.step()), kHouseholdRegion, kOpen).ok());
}

TEST_F(CaseWorkflowTest, NoticeMustBeOverBeforeTheVillageConcludes) {
  const absl::CivilDay today = Today(kOpen);
  StepDecision decision = Complete(v1::CASE_STEP_VILLAGE_REVIEW, kOpen);
  *decision.evidence_and_determination.mutable_public_notice() = Notice(today - 4, today);
  const absl::Status status = DecideAt(v1::CASE_STEP_VILLAGE_REVIEW, decision, kOpen);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(FailedRequirements(status), ElementsAre("public_notice.end_date"));

  // The next day (UTC) the same notice is over.
  const absl::Time tomorrow = absl::FromCivil(today + 1, absl::UTCTimeZone());
  EXPECT_TRUE(DecideAt(v1::CASE_STEP_VILLAGE_REVIEW, decision, tomorrow).ok());
}

TEST_F(CaseWorkflowTest, NoticeMustNotStartBeforeTheCaseWasOpened) {
  // A notice of 2020 cannot be the notice of a case opened in 2026.
  for (const v1::CaseKind kind : {v1::CASE_KIND_IDENTIFICATION, v1::CASE_KIND_ELIMINATION}) {
    const v1::CaseStep step = StepsOf(kind)[kind == v1::CASE_KIND_IDENTIFICATION ? 2 : 1];
    SCOPED_TRACE(v1::CaseStep_Name(step));
    const v1::Case c = WalkTo(kind, step);
    const absl::CivilDay opened = Today(ToTime(c.open_time()));
    StepDecision decision = Complete(step, kOpen);
    *decision.evidence_and_determination.mutable_public_notice() =
        Notice(absl::CivilDay(2020, 1, 1), absl::CivilDay(2020, 1, 10));
    absl::Status status = Decide(c, decision, kOpen).status();
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(FailedRequirements(status), ElementsAre("public_notice.start_date"));

    // One day before the opening is refused; the opening day itself is accepted.
    *decision.evidence_and_determination.mutable_public_notice() = Notice(opened - 1, opened + 5);
    status = Decide(c, decision, kOpen).status();
    EXPECT_THAT(FailedRequirements(status), ElementsAre("public_notice.start_date"));
    *decision.evidence_and_determination.mutable_public_notice() = Notice(opened, opened + 5);
    EXPECT_TRUE(Decide(c, decision, kOpen).ok());
  }
}

TEST_F(CaseWorkflowTest, NoticeMustNotEndBeforeItStarts) {
  const absl::CivilDay today = Today(kOpen);
  StepDecision decision = Complete(v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW, kOpen);
  *decision.evidence_and_determination.mutable_public_notice() = Notice(today - 1, today - 8);
  EXPECT_THAT(
      FailedRequirements(DecideAt(v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW, decision, kOpen)),
      ElementsAre("public_notice.end_date"));
}

TEST_F(CaseWorkflowTest, ObjectionsMustBeResolved) {
  StepDecision decision = Complete(v1::CASE_STEP_VILLAGE_REVIEW, kOpen);
  auto* notice = decision.evidence_and_determination.mutable_public_notice();
  notice->set_objections_received(true);
  EXPECT_THAT(FailedRequirements(DecideAt(v1::CASE_STEP_VILLAGE_REVIEW, decision, kOpen)),
              ElementsAre("public_notice.objections_resolution"));
  notice->set_objections_resolution("经核实，异议不成立");
  EXPECT_TRUE(DecideAt(v1::CASE_STEP_VILLAGE_REVIEW, decision, kOpen).ok());
}

TEST_F(CaseWorkflowTest, VillageReviewAndCountyApprovalNeedADetermination) {
  for (const v1::CaseStep step : {v1::CASE_STEP_VILLAGE_REVIEW, v1::CASE_STEP_COUNTY_APPROVAL}) {
    SCOPED_TRACE(v1::CaseStep_Name(step));
    StepDecision decision = Complete(step, kOpen);
    decision.evidence_and_determination.clear_determination();
    const absl::Status status = DecideAt(step, decision, kOpen);
    EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_THAT(FailedRequirements(status), ElementsAre("determination"));
  }
  StepDecision no_notice = Complete(v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW, kOpen);
  no_notice.evidence_and_determination.clear_public_notice();
  EXPECT_THAT(
      FailedRequirements(DecideAt(v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW, no_notice, kOpen)),
      ElementsAre("public_notice"));
}

TEST_F(CaseWorkflowTest, ReturningOrRejectingNeedsNoEvidence) {
  // A reviewer sends back a case exactly because its evidence is missing.
  EXPECT_TRUE(DecideAt(v1::CASE_STEP_VILLAGE_REVIEW,
                       WithOutcome(v1::STEP_OUTCOME_RETURNED, "公示期未满"), kOpen)
                  .ok());
  EXPECT_TRUE(DecideAt(v1::CASE_STEP_HOME_VERIFICATION,
                       WithOutcome(v1::STEP_OUTCOME_REJECTED, "农户拒绝签署授权书"), kOpen)
                  .ok());
}

// ---- Invalid arguments ----------------------------------------------------------------

TEST_F(CaseWorkflowTest, OutcomeIsRequired) {
  StepDecision decision = Complete(v1::CASE_STEP_HOME_VERIFICATION, kOpen);
  decision.outcome = v1::STEP_OUTCOME_UNSPECIFIED;
  const absl::Status status = DecideAt(v1::CASE_STEP_HOME_VERIFICATION, decision, kOpen);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(BadFields(status), ElementsAre("outcome"));
}

TEST_F(CaseWorkflowTest, ReasonIsRequiredToReturnOrReject) {
  for (const v1::StepOutcome outcome : {v1::STEP_OUTCOME_RETURNED, v1::STEP_OUTCOME_REJECTED}) {
    for (const std::string reason : {"", "  \t"}) {
      const absl::Status status =
          DecideAt(v1::CASE_STEP_DATA_MATCHING, WithOutcome(outcome, reason), kOpen);
      EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << outcome;
      EXPECT_THAT(BadFields(status), ElementsAre("reason"));
    }
  }
}

TEST_F(CaseWorkflowTest, EvidenceOfAnotherStepIsRefused) {
  StepDecision decision = Complete(v1::CASE_STEP_DATA_MATCHING, kOpen);
  decision.outcome = v1::STEP_OUTCOME_COMPLETED;
  absl::Status status = DecideAt(v1::CASE_STEP_HOME_VERIFICATION, decision, kOpen);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(BadFields(status), ElementsAre("data_matching"));

  status = DecideAt(v1::CASE_STEP_ELIMINATION_PROPOSAL,
                    Complete(v1::CASE_STEP_HOME_VERIFICATION, kOpen), kOpen);
  EXPECT_THAT(BadFields(status), ElementsAre("home_verification"));

  // The determination belongs to the village review and the county approval only.
  StepDecision township = Complete(v1::CASE_STEP_TOWNSHIP_REVIEW, kOpen);
  *township.evidence_and_determination.mutable_determination() = Final();
  EXPECT_THAT(BadFields(DecideAt(v1::CASE_STEP_TOWNSHIP_REVIEW, township, kOpen)),
              ElementsAre("determination"));
}

TEST_F(CaseWorkflowTest, MalformedDatesAreInvalid) {
  StepDecision home = Complete(v1::CASE_STEP_HOME_VERIFICATION, kOpen);
  home.evidence_and_determination.mutable_home_verification()->set_visit_date("2026-3-10");
  EXPECT_THAT(BadFields(DecideAt(v1::CASE_STEP_HOME_VERIFICATION, home, kOpen)),
              ElementsAre("home_verification.visit_date"));

  StepDecision notice = Complete(v1::CASE_STEP_VILLAGE_REVIEW, kOpen);
  notice.evidence_and_determination.mutable_public_notice()->set_start_date("2026-02-30");
  const absl::Status status = DecideAt(v1::CASE_STEP_VILLAGE_REVIEW, notice, kOpen);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(BadFields(status), ElementsAre("public_notice.start_date"));
}

TEST_F(CaseWorkflowTest, DeterminationMustBeCoherent) {
  const auto bad_fields = [&](const v1::Determination& determination, std::string reason = "") {
    StepDecision decision = Complete(v1::CASE_STEP_COUNTY_APPROVAL, kOpen);
    *decision.evidence_and_determination.mutable_determination() = determination;
    decision.reason = std::move(reason);
    const absl::Status status = DecideAt(v1::CASE_STEP_COUNTY_APPROVAL, decision, kOpen);
    EXPECT_TRUE(status.ok() || status.code() == absl::StatusCode::kInvalidArgument) << status;
    return BadFields(status);
  };
  v1::Determination d = Final();
  d.set_primary_risk_type(v1::RISK_TYPE_DISABILITY);
  EXPECT_THAT(bad_fields(d), ElementsAre("determination.primary_risk_type"));

  d = Final();
  d.set_category(v1::MONITORING_CATEGORY_UNSPECIFIED);
  EXPECT_THAT(bad_fields(d), ElementsAre("determination.category"));

  d = Final();
  d.clear_risk_types();
  EXPECT_THAT(bad_fields(d),
              UnorderedElementsAre("determination.risk_types", "determination.primary_risk_type"));

  d = Final();
  d.add_risk_types(v1::RISK_TYPE_ILLNESS);
  EXPECT_THAT(bad_fields(d), ElementsAre("determination.risk_types[2]"));

  d = Final();
  d.add_risk_types(v1::RISK_TYPE_UNSPECIFIED);
  EXPECT_THAT(bad_fields(d), ElementsAre("determination.risk_types[2]"));

  // "Other" must be explained.
  d = Final();
  d.add_risk_types(v1::RISK_TYPE_OTHER);
  EXPECT_THAT(bad_fields(d), ElementsAre("reason"));
  EXPECT_THAT(bad_fields(d, "牲畜疫病导致主要收入中断"), ElementsAre());
  EXPECT_THAT(bad_fields(Final()), ElementsAre());
}

TEST_F(CaseWorkflowTest, ArgumentErrorsComeBeforeRequirements) {
  // Unsigned authorisation (a requirement) and no outcome (an argument): the argument wins,
  // the caller must fix the request before the state is judged.
  StepDecision decision = Complete(v1::CASE_STEP_HOME_VERIFICATION, kOpen);
  decision.outcome = v1::STEP_OUTCOME_UNSPECIFIED;
  decision.evidence_and_determination.mutable_home_verification()->set_authorization_signed(false);
  EXPECT_EQ(DecideAt(v1::CASE_STEP_HOME_VERIFICATION, decision, kOpen).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(CaseWorkflowTest, MalformedCaseIsAnInternalError) {
  v1::Case c = Open(v1::CASE_KIND_IDENTIFICATION);
  c.set_step(v1::CASE_STEP_ELIMINATION_PROPOSAL);
  EXPECT_EQ(Decide(c, Complete(c.step(), kOpen), kOpen).status().code(),
            absl::StatusCode::kInternal);
  c = Open(v1::CASE_KIND_IDENTIFICATION);
  c.set_kind(v1::CASE_KIND_UNSPECIFIED);
  EXPECT_EQ(Decide(c, Complete(c.step(), kOpen), kOpen).status().code(),
            absl::StatusCode::kInternal);
}

// ---- History --------------------------------------------------------------------------

TEST_F(CaseWorkflowTest, HistoryRecordsWhoWhenWhatAndWhy) {
  const absl::Time verified_at = kOpen + absl::Hours(5) + absl::Nanoseconds(7);
  v1::Case c = Open(v1::CASE_KIND_IDENTIFICATION);
  const StepDecision home = Complete(c.step(), verified_at);
  c = *workflow_.Decide(c, home, Actor(Role::ROLE_VILLAGE_CADRE), kHouseholdRegion, verified_at);

  const absl::Time returned_at = verified_at + absl::Hours(20);
  auth::Principal officer = Actor(Role::ROLE_TOWNSHIP_OFFICER);
  officer.subject = "654221-xz-017";
  absl::StatusOr<v1::Case> next =
      workflow_.Decide(c, WithOutcome(v1::STEP_OUTCOME_RETURNED, "授权书缺少配偶签字"), officer,
                       kHouseholdRegion, returned_at);
  ASSERT_TRUE(next.ok()) << next.status();

  ASSERT_EQ(next->history_size(), 2);
  const v1::StepRecord& first = next->history(0);
  EXPECT_EQ(first.step(), v1::CASE_STEP_HOME_VERIFICATION);
  EXPECT_EQ(first.outcome(), v1::STEP_OUTCOME_COMPLETED);
  EXPECT_EQ(first.actor(), Actor(Role::ROLE_VILLAGE_CADRE).subject);
  EXPECT_EQ(first.actor_role(), Role::ROLE_VILLAGE_CADRE);
  EXPECT_EQ(ToTime(first.time()), verified_at);
  EXPECT_EQ(first.home_verification().SerializeAsString(),
            home.evidence_and_determination.home_verification().SerializeAsString());

  const v1::StepRecord& second = next->history(1);
  EXPECT_EQ(second.step(), v1::CASE_STEP_DATA_MATCHING);
  EXPECT_EQ(second.outcome(), v1::STEP_OUTCOME_RETURNED);
  EXPECT_EQ(second.actor(), "654221-xz-017");
  EXPECT_EQ(second.actor_role(), Role::ROLE_TOWNSHIP_OFFICER);
  EXPECT_EQ(ToTime(second.time()), returned_at);
  EXPECT_EQ(second.reason(), "授权书缺少配偶签字");
  EXPECT_EQ(second.evidence_case(), v1::StepRecord::EVIDENCE_NOT_SET);
  EXPECT_EQ(next->step(), v1::CASE_STEP_HOME_VERIFICATION);
}

TEST_F(CaseWorkflowTest, CallerCannotForgeTheRecordedStepActorOrTime) {
  StepDecision decision = Complete(v1::CASE_STEP_HOME_VERIFICATION, kOpen);
  v1::StepRecord& given = decision.evidence_and_determination;
  given.set_step(v1::CASE_STEP_COUNTY_APPROVAL);
  given.set_actor("someone-else");
  given.set_actor_role(Role::ROLE_COUNTY_OFFICER);
  given.mutable_time()->set_seconds(1);
  const v1::Case c = *Decide(Open(v1::CASE_KIND_IDENTIFICATION), decision, kOpen);
  const v1::StepRecord& recorded = c.history(0);
  EXPECT_EQ(recorded.step(), v1::CASE_STEP_HOME_VERIFICATION);
  EXPECT_EQ(recorded.actor(), Actor(Role::ROLE_VILLAGE_CADRE).subject);
  EXPECT_EQ(recorded.actor_role(), Role::ROLE_VILLAGE_CADRE);
  EXPECT_EQ(ToTime(recorded.time()), kOpen);
}

// ---- Time limits ----------------------------------------------------------------------

TEST_F(CaseWorkflowTest, DueTimesFollowThePolicyAndTheFifteenDayCap) {
  const auto day = absl::Hours(24);
  v1::Case c = workflow_.OpenIdentification(kOpen);
  EXPECT_EQ(ToTime(c.step_due_time()), kOpen + 3 * day);
  // Each step decided at the last moment it is still on time.
  const struct {
    absl::Time decided;
    v1::CaseStep next;
    absl::Time due;
  } expected[] = {
      {kOpen + 3 * day, v1::CASE_STEP_DATA_MATCHING, kOpen + 6 * day},
      {kOpen + 6 * day, v1::CASE_STEP_VILLAGE_REVIEW, kOpen + 13 * day},
      // Township review would be due on day 16: the 15-day cap wins.
      {kOpen + 13 * day, v1::CASE_STEP_TOWNSHIP_REVIEW, kOpen + 15 * day},
      {kOpen + 14 * day, v1::CASE_STEP_COUNTY_APPROVAL, kOpen + 15 * day},
  };
  for (const auto& e : expected) {
    SCOPED_TRACE(v1::CaseStep_Name(e.next));
    EXPECT_FALSE(workflow_.IsOverdue(c, e.decided));
    absl::StatusOr<v1::Case> next = Decide(c, Complete(c.step(), e.decided), e.decided);
    ASSERT_TRUE(next.ok()) << next.status();
    c = *std::move(next);
    EXPECT_EQ(c.step(), e.next);
    EXPECT_EQ(ToTime(c.step_start_time()), e.decided);
    EXPECT_EQ(ToTime(c.step_due_time()), e.due);
    EXPECT_FALSE(c.overdue());
  }
  // A case returned late gets no fresh fifteen days: the cap comes from the opening.
  absl::StatusOr<v1::Case> returned =
      Decide(c, WithOutcome(v1::STEP_OUTCOME_RETURNED, "请乡镇复核"), kOpen + 16 * day);
  ASSERT_TRUE(returned.ok()) << returned.status();
  EXPECT_EQ(ToTime(returned->step_due_time()), kOpen + 15 * day);
  EXPECT_TRUE(returned->overdue());
}

TEST_F(CaseWorkflowTest, EliminationIsNotBoundByTheIdentificationCap) {
  WorkflowPolicy policy = WorkflowPolicy::Default();
  policy.identification_limit = absl::Hours(24);
  policy.step_limits[v1::CASE_STEP_ELIMINATION_PROPOSAL] = absl::Hours(24 * 10);
  const CaseWorkflow workflow(policy);
  EXPECT_EQ(ToTime(workflow.OpenElimination(kOpen).step_due_time()), kOpen + absl::Hours(240));
  EXPECT_EQ(ToTime(workflow.OpenIdentification(kOpen).step_due_time()), kOpen + absl::Hours(24));
}

TEST_F(CaseWorkflowTest, StepWithoutALimitHasNoDueTimeOfItsOwn) {
  WorkflowPolicy policy = WorkflowPolicy::Default();
  policy.step_limits.erase(v1::CASE_STEP_ELIMINATION_PROPOSAL);
  policy.step_limits.erase(v1::CASE_STEP_HOME_VERIFICATION);
  const CaseWorkflow workflow(policy);
  const v1::Case elimination = workflow.OpenElimination(kOpen);
  EXPECT_FALSE(elimination.has_step_due_time());
  EXPECT_FALSE(workflow.IsOverdue(elimination, kOpen + absl::Hours(24 * 1000)));
  // Identification still has its fifteen days.
  EXPECT_EQ(ToTime(workflow.OpenIdentification(kOpen).step_due_time()),
            kOpen + absl::Hours(24 * 15));
}

TEST_F(CaseWorkflowTest, IsOverdueFlipsExactlyAfterTheDueTime) {
  const v1::Case c = workflow_.OpenIdentification(kOpen);
  const absl::Time due = ToTime(c.step_due_time());
  EXPECT_FALSE(workflow_.IsOverdue(c, kOpen));
  EXPECT_FALSE(workflow_.IsOverdue(c, due - absl::Nanoseconds(1)));
  EXPECT_FALSE(workflow_.IsOverdue(c, due));
  EXPECT_TRUE(workflow_.IsOverdue(c, due + absl::Nanoseconds(1)));
  EXPECT_TRUE(workflow_.IsOverdue(c, due + absl::Hours(24 * 30)));
}

TEST_F(CaseWorkflowTest, ClosedCasesAreNeverOverdue) {
  const v1::Case approved = WalkTo(v1::CASE_KIND_ELIMINATION, v1::CASE_STEP_APPROVED);
  EXPECT_FALSE(workflow_.IsOverdue(approved, kOpen + absl::Hours(24 * 365)));
  // Even a stale due time left by some other writer does not make a closed case overdue.
  v1::Case stale = approved;
  *stale.mutable_step_due_time() = stale.open_time();
  EXPECT_FALSE(workflow_.IsOverdue(stale, kOpen + absl::Hours(24 * 365)));
}

// ---- Household outcome ----------------------------------------------------------------

TEST_F(CaseWorkflowTest, HouseholdAfterClosingCoversTheFourEndings) {
  const absl::CivilDay today(2026, 6, 20);
  v1::Household before;
  before.set_name("households/h1");
  before.set_status(v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION);
  before.set_category(v1::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED);
  before.set_risk_elimination_date("2025-01-10");  // an earlier round

  const v1::Case identified = WalkTo(v1::CASE_KIND_IDENTIFICATION, v1::CASE_STEP_APPROVED);
  const v1::Household monitored =
      HouseholdAfterClosing(before, identified, v1::HOUSEHOLD_STATUS_REGISTERED, today);
  EXPECT_EQ(monitored.status(), v1::HOUSEHOLD_STATUS_MONITORED);
  EXPECT_EQ(monitored.category(), Final().category());
  EXPECT_EQ(monitored.identification_date(), "2026-06-20");
  EXPECT_EQ(monitored.risk_elimination_date(), "");
  EXPECT_EQ(monitored.risk_types_size(), Final().risk_types_size());
  EXPECT_EQ(monitored.primary_risk_type(), Final().primary_risk_type());

  const v1::Case eliminated = WalkTo(v1::CASE_KIND_ELIMINATION, v1::CASE_STEP_APPROVED);
  const v1::Household risk_eliminated =
      HouseholdAfterClosing(monitored, eliminated, v1::HOUSEHOLD_STATUS_MONITORED, today);
  EXPECT_EQ(risk_eliminated.status(), v1::HOUSEHOLD_STATUS_RISK_ELIMINATED);
  EXPECT_EQ(risk_eliminated.risk_elimination_date(), "2026-06-20");
  // A status, not a deletion: category, risk types and identification stay.
  EXPECT_EQ(risk_eliminated.category(), monitored.category());
  EXPECT_EQ(risk_eliminated.risk_types_size(), monitored.risk_types_size());
  EXPECT_EQ(risk_eliminated.identification_date(), "2026-06-20");

  for (const v1::CaseKind kind : {v1::CASE_KIND_IDENTIFICATION, v1::CASE_KIND_ELIMINATION}) {
    const absl::StatusOr<v1::Case> rejected =
        Decide(Open(kind), WithOutcome(v1::STEP_OUTCOME_REJECTED, "不符合条件"), kOpen);
    ASSERT_TRUE(rejected.ok()) << rejected.status();
    const v1::Household restored =
        HouseholdAfterClosing(before, *rejected, v1::HOUSEHOLD_STATUS_REGISTERED, today);
    EXPECT_EQ(restored.status(), v1::HOUSEHOLD_STATUS_REGISTERED);
    EXPECT_EQ(restored.category(), before.category());
    EXPECT_EQ(restored.identification_date(), "");
    // An open case changes nothing yet.
    const v1::Household unchanged =
        HouseholdAfterClosing(before, Open(kind), v1::HOUSEHOLD_STATUS_REGISTERED, today);
    EXPECT_EQ(unchanged.SerializeAsString(), before.SerializeAsString());
  }
}

}  // namespace
}  // namespace rrmon::monitoring

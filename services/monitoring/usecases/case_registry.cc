#include "services/monitoring/usecases/case_registry.h"

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/fingerprint.h"
#include "common/api/page_token.h"
#include "common/api/resource_id.h"
#include "common/auth/access_rules.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/time/timestamp.h"
#include "common/validation/identifiers.h"
#include "common/validation/region_code.h"
#include "common/validation/text.h"
#include "services/monitoring/domain/household_rules.h"
#include "services/monitoring/usecases/household_registry.h"
#include "services/monitoring/usecases/household_scope.h"

namespace rrmon::monitoring {
namespace {

constexpr char kCases[] = "cases";
constexpr char kRiskSignals[] = "riskSignals";
constexpr size_t kMaxEvidenceChars = 2000;
constexpr size_t kMaxSourceDetailChars = 200;

// What the caller chose of a signal; a resent signal id is a retry only if this matches.
std::string SignalFingerprint(const v1::RiskSignal& signal) {
  v1::RiskSignal given = signal;
  given.clear_name();
  given.clear_case_();
  given.clear_reporter();
  given.clear_create_time();
  return MessageFingerprint(given);
}

absl::StatusOr<v1::RiskSignal> ReplayedSignal(const StoredSignal& stored,
                                              const std::string& fingerprint) {
  if (stored.fingerprint != fingerprint) {
    return InvalidFieldError("risk_signal.signal_id",
                             "was already used for a different signal of this household; use a "
                             "new signal_id");
  }
  return stored.record;
}

}  // namespace

absl::Status ValidateRiskSignal(const v1::RiskSignal& signal, absl::CivilDay today,
                                const std::string& prefix) {
  FieldViolations violations;
  const std::string field_prefix = prefix.empty() ? "" : absl::StrCat(prefix, ".");
  auto field = [&](const std::string& name) { return absl::StrCat(field_prefix, name); };
  if (signal.signal_id().empty()) {
    violations.Add(field("signal_id"), "is required");
  } else {
    violations.Merge(validation::ValidateRequestId(signal.signal_id(), field("signal_id")));
  }
  if (signal.source() == v1::SIGNAL_SOURCE_UNSPECIFIED) {
    violations.Add(field("source"), "is required");
  } else if (!v1::SignalSource_IsValid(signal.source())) {
    violations.Add(field("source"), "is not a known value");
  }
  violations.Merge(validation::ValidateFreeText(signal.source_detail(), field("source_detail"),
                                                kMaxSourceDetailChars, /*required=*/false));
  const bool other = CheckRiskTypes(signal.risk_types(), field("risk_types"), violations).has_other;
  // "Other" says nothing by itself; the evidence must say what the risk is.
  violations.Merge(validation::ValidateFreeText(signal.evidence(), field("evidence"),
                                                kMaxEvidenceChars, /*required=*/other));
  if (signal.occurred_date().empty()) {
    violations.Add(field("occurred_date"), "is required");
  } else {
    violations.Merge(
        ParseDateNotAfter(signal.occurred_date(), field("occurred_date"), today).status());
  }
  return violations.ToStatus();
}

CaseRegistry::CaseRegistry(HouseholdRepository& households, CaseRepository& cases,
                           ProtoCache* cache, const CaseWorkflow& workflow, const Clock& clock)
    : households_(households), cases_(cases), cache_(cache), workflow_(workflow), clock_(clock) {}

AuditRecord CaseRegistry::Audit(const auth::Principal& caller, const std::string& action,
                                const std::string& resource, const std::string& reason) const {
  return NewAuditRecord(clock_.Now(), caller.subject, caller.role, action, resource, reason);
}

v1::Household CaseRegistry::NextRevision(const v1::Household& before) const {
  v1::Household after = before;
  after.set_etag(EtagOf(RevisionOf(before.etag()).value_or(0) + 1));
  *after.mutable_update_time() = ToTimestamp(clock_.Now());
  return after;
}

void CaseRegistry::Changed(const std::string& household_id, bool household_changed) {
  if (household_changed && cache_ != nullptr) {
    cache_->Invalidate(HouseholdCacheKey(household_id));
  }
  if (on_change_) on_change_();
}

absl::StatusOr<v1::Household> CaseRegistry::LoadHousehold(const auth::Principal& caller,
                                                          const std::string& household_id) {
  return LoadHouseholdInRegion(households_, caller, household_id);
}

absl::StatusOr<v1::RiskSignal> CaseRegistry::ReportRiskSignal(
    const auth::Principal& caller, const v1::ReportRiskSignalRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string household_id, ParseHouseholdName(request.parent(), "parent"));
  const absl::Time now = clock_.Now();
  RRMON_RETURN_IF_ERROR(ValidateRiskSignal(request.risk_signal(), UtcDay(now), "risk_signal"));
  RRMON_ASSIGN_OR_RETURN(v1::Household household, LoadHousehold(caller, household_id));

  const std::string fingerprint = SignalFingerprint(request.risk_signal());
  RRMON_ASSIGN_OR_RETURN(std::optional<StoredSignal> earlier,
                         cases_.GetSignal(household_id, request.risk_signal().signal_id()));
  if (earlier.has_value()) return ReplayedSignal(*earlier, fingerprint);
  RRMON_RETURN_IF_ERROR(RejectDeleted(household));

  StoredSignal signal;
  signal.household_id = household_id;
  signal.region_code = household.region_code();
  signal.fingerprint = fingerprint;
  signal.record = request.risk_signal();
  signal.record.set_name(
      absl::StrCat(household.name(), "/", kRiskSignals, "/", signal.record.signal_id()));
  signal.record.set_reporter(caller.subject);
  *signal.record.mutable_create_time() = ToTimestamp(now);
  signal.record.clear_case_();

  CaseChange change;
  RRMON_ASSIGN_OR_RETURN(std::optional<StoredCase> open, cases_.GetOpenCase(household_id));
  if (open.has_value() && open->record.kind() == v1::CASE_KIND_IDENTIFICATION) {
    // Joins the identification under way: the reviewers see every signal.
    const int64_t revision = RevisionOf(open->record.etag()).value_or(0);
    change.expected_case_revision = revision;
    AuditRecord case_audit = Audit(caller, "JoinIdentificationCase", open->record.name(),
                                   absl::StrCat("risk signal ", signal.record.signal_id()));
    case_audit.before_json = AuditJson(open->record);
    open->record.add_risk_signals(signal.record.name());
    open->record.set_etag(EtagOf(revision + 1));
    case_audit.after_json = AuditJson(open->record);
    change.audits.push_back(std::move(case_audit));
    signal.record.set_case_(open->record.name());
    change.case_after = std::move(open);
  } else if (!open.has_value() && (household.status() == v1::HOUSEHOLD_STATUS_REGISTERED ||
                                   household.status() == v1::HOUSEHOLD_STATUS_RISK_ELIMINATED)) {
    StoredCase opened;
    opened.household_id = household_id;
    opened.region_code = household.region_code();
    opened.prior_status = household.status();
    opened.record = workflow_.OpenIdentification(now);
    opened.record.set_name(absl::StrCat(household.name(), "/", kCases, "/", NewResourceId()));
    opened.record.add_risk_signals(signal.record.name());
    opened.record.set_etag(EtagOf(1));
    signal.record.set_case_(opened.record.name());

    v1::Household after = NextRevision(household);
    after.set_status(v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION);
    AuditRecord household_audit = Audit(caller, "OpenIdentificationCase", household.name(),
                                        absl::StrCat("risk signal ", signal.record.signal_id()));
    household_audit.before_json = AuditJson(household);
    household_audit.after_json = AuditJson(after);
    AuditRecord case_audit = Audit(caller, "OpenIdentificationCase", opened.record.name(), "");
    case_audit.after_json = AuditJson(opened.record);
    change.audits.push_back(std::move(household_audit));
    change.audits.push_back(std::move(case_audit));
    change.expected_household_revision = RevisionOf(household.etag()).value_or(0);
    change.household_after = std::move(after);
    change.case_after = std::move(opened);
  }
  // Otherwise (monitored, or an elimination under way) the signal informs the ongoing
  // monitoring and joins no case.
  AuditRecord signal_audit = Audit(caller, "ReportRiskSignal", signal.record.name(), "");
  signal_audit.after_json = AuditJson(signal.record);
  change.audits.insert(change.audits.begin(), std::move(signal_audit));
  const v1::RiskSignal stored = signal.record;
  const bool household_changed = change.household_after.has_value();
  change.new_signal = std::move(signal);

  RRMON_ASSIGN_OR_RETURN(CaseWriteResult result, cases_.Apply(change));
  if (result.existing_signal.has_value()) {
    // A concurrent retry stored it first.
    return ReplayedSignal(*result.existing_signal, fingerprint);
  }
  Changed(household_id, household_changed);
  if (on_signal_) on_signal_(household, stored);
  return stored;
}

absl::StatusOr<RegionPageQuery> CaseRegistry::ScopeOf(const auth::Principal& caller,
                                                      const std::string& parent,
                                                      const std::string& region_prefix,
                                                      bool show_deleted) {
  return ResolveListScope(households_, caller, parent, region_prefix, show_deleted);
}

absl::StatusOr<v1::ListRiskSignalsResponse> CaseRegistry::ListRiskSignals(
    const auth::Principal& caller, const v1::ListRiskSignalsRequest& request) {
  RRMON_ASSIGN_OR_RETURN(
      RegionPageQuery query,
      ScopeOf(caller, request.parent(), request.region_prefix(), request.show_deleted()));
  RRMON_ASSIGN_OR_RETURN(query.limit, EffectivePageSize(request.page_size()));
  const uint64_t fingerprint = Fingerprint64(absl::StrCat(
      "signals|", request.parent(), "|", query.region_prefix, "|", query.show_deleted));
  RRMON_ASSIGN_OR_RETURN(query.after_key, DecodePageToken(request.page_token(), fingerprint));
  RRMON_ASSIGN_OR_RETURN(Page<v1::RiskSignal> page, cases_.ListSignals(query));
  v1::ListRiskSignalsResponse response;
  for (auto& signal : page.items) *response.add_risk_signals() = std::move(signal);
  if (page.more) response.set_next_page_token(EncodePageToken(page.last_key, fingerprint));
  return response;
}

absl::StatusOr<v1::Case> CaseRegistry::GetCase(const auth::Principal& caller,
                                               const std::string& name) {
  RRMON_ASSIGN_OR_RETURN(auto ids, ParseHouseholdChildName(name, kCases, "name"));
  RRMON_RETURN_IF_ERROR(LoadHousehold(caller, ids.first).status());
  RRMON_ASSIGN_OR_RETURN(StoredCase stored, cases_.GetCase(ids.first, ids.second));
  stored.record.set_overdue(workflow_.IsOverdue(stored.record, clock_.Now()));
  return std::move(stored.record);
}

absl::StatusOr<v1::ListCasesResponse> CaseRegistry::ListCases(const auth::Principal& caller,
                                                              const v1::ListCasesRequest& request) {
  CaseQuery query;
  RRMON_ASSIGN_OR_RETURN(query.page, ScopeOf(caller, request.parent(), request.region_prefix(),
                                             request.show_deleted()));
  RRMON_ASSIGN_OR_RETURN(query.page.limit, EffectivePageSize(request.page_size()));
  if (!v1::CaseKind_IsValid(request.kind())) {
    return InvalidFieldError("kind", "is not a known value");
  }
  query.kind = request.kind();
  query.open_only = request.open_only() || request.overdue_only();
  const absl::Time now = clock_.Now();
  if (request.overdue_only()) query.due_before_micros = absl::ToUnixMicros(now);
  const uint64_t fingerprint = Fingerprint64(
      absl::StrCat("cases|", request.parent(), "|", query.page.region_prefix, "|", query.kind, "|",
                   query.open_only, "|", request.overdue_only(), "|", query.page.show_deleted));
  RRMON_ASSIGN_OR_RETURN(query.page.after_key, DecodePageToken(request.page_token(), fingerprint));
  RRMON_ASSIGN_OR_RETURN(Page<v1::Case> page, cases_.ListCases(query));
  v1::ListCasesResponse response;
  for (auto& c : page.items) {
    c.set_overdue(workflow_.IsOverdue(c, now));
    // Storage pre-filters on the due time; the workflow has the last word.
    if (request.overdue_only() && !c.overdue()) continue;
    *response.add_cases() = std::move(c);
  }
  if (page.more) response.set_next_page_token(EncodePageToken(page.last_key, fingerprint));
  return response;
}

absl::StatusOr<v1::Case> CaseRegistry::DecideCaseStep(const auth::Principal& caller,
                                                      const v1::DecideCaseStepRequest& request) {
  RRMON_ASSIGN_OR_RETURN(auto ids, ParseHouseholdChildName(request.name(), kCases, "name"));
  RRMON_RETURN_IF_ERROR(validation::ValidateRequestId(request.request_id(), "request_id"));
  // Authorised before the request log is read: a replay answers only a caller who could
  // have made the first call (region, then the role of the step decided).
  RRMON_ASSIGN_OR_RETURN(v1::Household household, LoadHousehold(caller, ids.first));
  const std::optional<RequestKey> key =
      RequestKeyOf(request.request_id(), "DecideCaseStep", request);
  if (key.has_value()) {
    RRMON_ASSIGN_OR_RETURN(std::optional<v1::Case> earlier, cases_.FindCaseRequest(*key));
    if (earlier.has_value()) {
      RRMON_RETURN_IF_ERROR(
          CaseWorkflow::AuthorizeReplay(*earlier, caller, household.region_code()));
      return *std::move(earlier);
    }
  }
  RRMON_ASSIGN_OR_RETURN(StoredCase stored, cases_.GetCase(ids.first, ids.second));
  RRMON_RETURN_IF_ERROR(CheckEtag(request.etag(), stored.record.etag(), "case"));

  StepDecision decision;
  decision.outcome = request.outcome();
  decision.reason = request.reason();
  v1::StepRecord& given = decision.evidence_and_determination;
  switch (request.evidence_case()) {
    case v1::DecideCaseStepRequest::kHomeVerification:
      *given.mutable_home_verification() = request.home_verification();
      break;
    case v1::DecideCaseStepRequest::kDataMatching:
      *given.mutable_data_matching() = request.data_matching();
      break;
    case v1::DecideCaseStepRequest::kPublicNotice:
      *given.mutable_public_notice() = request.public_notice();
      break;
    default:
      break;
  }
  if (request.has_determination()) *given.mutable_determination() = request.determination();

  const absl::Time now = clock_.Now();
  RRMON_ASSIGN_OR_RETURN(v1::Case next, workflow_.Decide(stored.record, decision, caller,
                                                         household.region_code(), now));
  if (next.kind() == v1::CASE_KIND_ELIMINATION && next.step() == v1::CASE_STEP_APPROVED &&
      elimination_check_) {
    // Checked again at county approval: weeks pass between proposal and approval.
    RRMON_RETURN_IF_ERROR(elimination_check_(household));
  }
  const int64_t revision = RevisionOf(stored.record.etag()).value_or(0);
  next.set_etag(EtagOf(revision + 1));

  CaseChange change;
  AuditRecord case_audit = Audit(caller, "DecideCaseStep", next.name(), request.reason());
  case_audit.before_json = AuditJson(stored.record);
  case_audit.after_json = AuditJson(next);
  change.audits.push_back(std::move(case_audit));
  if (IsClosedStep(next.step())) {
    v1::Household after =
        HouseholdAfterClosing(NextRevision(household), next, stored.prior_status, UtcDay(now));
    AuditRecord household_audit =
        Audit(caller, "CloseCase", household.name(),
              absl::StrCat(next.name(), " ", v1::CaseStep_Name(next.step())));
    household_audit.before_json = AuditJson(household);
    household_audit.after_json = AuditJson(after);
    change.audits.push_back(std::move(household_audit));
    change.expected_household_revision = RevisionOf(household.etag()).value_or(0);
    change.household_after = std::move(after);
  }
  const bool household_changed = change.household_after.has_value();
  stored.record = next;
  change.case_after = std::move(stored);
  change.expected_case_revision = revision;
  change.request_key = key;
  RRMON_ASSIGN_OR_RETURN(CaseWriteResult result, cases_.Apply(change));
  if (result.replayed_case.has_value()) return *std::move(result.replayed_case);
  Changed(ids.first, household_changed);
  return next;
}

absl::StatusOr<v1::Case> CaseRegistry::ProposeRiskElimination(
    const auth::Principal& caller, const v1::ProposeRiskEliminationRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string household_id, ParseHouseholdName(request.parent(), "parent"));
  RRMON_RETURN_IF_ERROR(ValidateReason(request.reason(), /*required=*/true));
  RRMON_RETURN_IF_ERROR(validation::ValidateRequestId(request.request_id(), "request_id"));
  // The region is checked before the request log is read, as for the first call.
  RRMON_ASSIGN_OR_RETURN(v1::Household household, LoadHousehold(caller, household_id));
  const std::optional<RequestKey> key =
      RequestKeyOf(request.request_id(), "ProposeRiskElimination", request);
  if (key.has_value()) {
    RRMON_ASSIGN_OR_RETURN(std::optional<v1::Case> earlier, cases_.FindCaseRequest(*key));
    if (earlier.has_value()) return *std::move(earlier);
  }
  RRMON_RETURN_IF_ERROR(RejectDeleted(household));
  RRMON_ASSIGN_OR_RETURN(std::optional<StoredCase> open, cases_.GetOpenCase(household_id));
  if (open.has_value()) {
    return WithErrorReason(
        absl::FailedPreconditionError(absl::StrCat(household.name(), " already has an open case (",
                                                   open->record.name(), ")")),
        "CASE_ALREADY_OPEN");
  }
  if (household.status() != v1::HOUSEHOLD_STATUS_MONITORED) {
    return WithErrorReason(
        absl::FailedPreconditionError(
            absl::StrCat("only a monitored household can have its risk eliminated; ",
                         household.name(), " is ", v1::HouseholdStatus_Name(household.status()))),
        "HOUSEHOLD_NOT_MONITORED");
  }
  if (elimination_check_) RRMON_RETURN_IF_ERROR(elimination_check_(household));
  StoredCase opened;
  opened.household_id = household_id;
  opened.region_code = household.region_code();
  opened.prior_status = household.status();
  opened.record = workflow_.OpenElimination(clock_.Now());
  opened.record.set_name(absl::StrCat(household.name(), "/", kCases, "/", NewResourceId()));
  opened.record.set_etag(EtagOf(1));

  CaseChange change;
  AuditRecord audit =
      Audit(caller, "ProposeRiskElimination", opened.record.name(), request.reason());
  audit.after_json = AuditJson(opened.record);
  change.audits.push_back(std::move(audit));
  const v1::Case result_case = opened.record;
  change.case_after = std::move(opened);
  change.request_key = key;
  RRMON_ASSIGN_OR_RETURN(CaseWriteResult result, cases_.Apply(change));
  if (result.replayed_case.has_value()) return *std::move(result.replayed_case);
  Changed(household_id, /*household_changed=*/false);
  return result_case;
}

}  // namespace rrmon::monitoring

#include "services/monitoring/usecases/plan_registry.h"

#include <algorithm>
#include <cstring>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/api/audit_record.h"
#include "common/api/etag.h"
#include "common/api/fingerprint.h"
#include "common/api/page_token.h"
#include "common/api/resource_id.h"
#include "common/api/update_mask.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/time/timestamp.h"
#include "common/validation/identifiers.h"
#include "common/validation/text.h"
#include "services/monitoring/domain/household_rules.h"
#include "services/monitoring/domain/measure_policy.h"
#include "services/monitoring/usecases/household_scope.h"

namespace rrmon::monitoring {
namespace {

constexpr char kMeasures[] = "measures";
constexpr char kIncomeRecords[] = "incomeRecords";
constexpr char kGuaranteesSuffix[] = "/guarantees";
constexpr size_t kMaxGuaranteeNoteChars = 500;

const std::set<std::string>& UpdatableMeasureFields() {
  static const std::set<std::string> kFields = {
      "type",      "description", "responsible_unit", "responsible_person",
      "funds_fen", "start_date",  "end_date",         "status"};
  return kFields;
}

// A measure as the client may set it: what storage and the server own is cleared.
v1::AssistanceMeasure GivenFields(const v1::AssistanceMeasure& measure) {
  v1::AssistanceMeasure given = measure;
  given.clear_name();
  given.clear_etag();
  given.clear_create_time();
  given.clear_update_time();
  return given;
}

absl::Status ValidateGuarantees(const v1::Guarantees& guarantees, absl::CivilDay today) {
  FieldViolations violations;
  const std::pair<const char*, const v1::GuaranteeCheck*> checks[] = {
      {"guarantees.food", &guarantees.food()},
      {"guarantees.clothing", &guarantees.clothing()},
      {"guarantees.compulsory_schooling", &guarantees.compulsory_schooling()},
      {"guarantees.basic_medical", &guarantees.basic_medical()},
      {"guarantees.drinking_water", &guarantees.drinking_water()},
  };
  for (const auto& [field, check] : checks) {
    violations.Merge(validation::ValidateFreeText(check->note(), absl::StrCat(field, ".note"),
                                                  kMaxGuaranteeNoteChars, /*required=*/false));
  }
  if (!v1::HousingSafetyGrade_IsValid(guarantees.housing_grade())) {
    violations.Add("guarantees.housing_grade", "is not a known value");
  }
  violations.Merge(validation::ValidateFreeText(guarantees.housing_note(),
                                                "guarantees.housing_note", kMaxGuaranteeNoteChars,
                                                /*required=*/false));
  if (guarantees.checked_date().empty()) {
    violations.Add("guarantees.checked_date", "is required");
  } else {
    violations.Merge(
        ParseDateNotAfter(guarantees.checked_date(), "guarantees.checked_date", today).status());
  }
  return violations.ToStatus();
}

// The household id of `households/{household}/guarantees` (a singleton resource).
absl::StatusOr<std::string> GuaranteesOwner(const std::string& name, const std::string& field) {
  if (!absl::EndsWith(name, kGuaranteesSuffix)) {
    return InvalidFieldError(field, "must be households/{household}/guarantees");
  }
  return ParseHouseholdName(name.substr(0, name.size() - strlen(kGuaranteesSuffix)), field);
}

// `YYYY-MM` or empty, for list bounds.
absl::Status ValidateOptionalMonth(const std::string& month, const char* field) {
  if (month.empty()) return absl::OkStatus();
  return ParseMonth(month, field).status();
}

}  // namespace

PlanRegistry::PlanRegistry(HouseholdRepository& households, PlanRepository& plans,
                           const MonitoringLineTable& lines, PeerIncomeSource& peers,
                           const RiskEliminationPolicy& elimination_policy, const Clock& clock)
    : households_(households),
      plans_(plans),
      lines_(lines),
      peers_(peers),
      elimination_policy_(elimination_policy),
      clock_(clock) {}

absl::StatusOr<v1::Household> PlanRegistry::LoadHousehold(const auth::Principal& caller,
                                                          const std::string& household_id) {
  return LoadHouseholdInRegion(households_, caller, household_id);
}

AuditRecord PlanRegistry::Audit(const auth::Principal& caller, const std::string& action,
                                const std::string& resource, const std::string& reason) const {
  return NewAuditRecord(clock_.Now(), caller.subject, caller.role, action, resource, reason);
}

void PlanRegistry::Changed() {
  if (on_change_) on_change_();
}

absl::StatusOr<std::vector<std::string>> PlanRegistry::WarningsWith(
    const v1::Household& household, const std::string& household_id,
    const v1::AssistanceMeasure& changed) {
  RRMON_ASSIGN_OR_RETURN(std::vector<v1::AssistanceMeasure> plan,
                         plans_.HouseholdMeasures(household_id));
  auto same = std::find_if(plan.begin(), plan.end(), [&](const v1::AssistanceMeasure& m) {
    return m.name() == changed.name();
  });
  if (same != plan.end()) {
    *same = changed;
  } else {
    plan.push_back(changed);
  }
  return MeasureWarnings(household, plan);
}

absl::StatusOr<v1::AssistanceMeasureResponse> PlanRegistry::CreateMeasure(
    const auth::Principal& caller, const v1::CreateAssistanceMeasureRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string household_id, ParseHouseholdName(request.parent(), "parent"));
  RRMON_RETURN_IF_ERROR(validation::ValidateRequestId(request.request_id(), "request_id"));
  v1::AssistanceMeasure measure = GivenFields(request.measure());
  if (measure.status() == v1::MEASURE_STATUS_UNSPECIFIED) {
    measure.set_status(v1::MEASURE_STATUS_PLANNED);
  }
  RRMON_RETURN_IF_ERROR(ValidateMeasure(measure, "measure"));
  const std::optional<RequestKey> key =
      RequestKeyOf(request.request_id(), "CreateAssistanceMeasure", request);
  RRMON_ASSIGN_OR_RETURN(v1::Household household, LoadHousehold(caller, household_id));
  if (key.has_value()) {
    RRMON_ASSIGN_OR_RETURN(std::optional<v1::AssistanceMeasure> earlier,
                           plans_.FindMeasureRequest(*key));
    if (earlier.has_value()) {
      v1::AssistanceMeasureResponse response;
      RRMON_ASSIGN_OR_RETURN(auto warnings, WarningsWith(household, household_id, *earlier));
      *response.mutable_measure() = *std::move(earlier);
      for (auto& warning : warnings) response.add_plan_warnings(std::move(warning));
      return response;
    }
  }
  RRMON_RETURN_IF_ERROR(RejectDeleted(household));

  const absl::Time now = clock_.Now();
  measure.set_name(absl::StrCat(household.name(), "/", kMeasures, "/", NewResourceId()));
  measure.set_etag(EtagOf(1));
  *measure.mutable_create_time() = ToTimestamp(now);
  *measure.mutable_update_time() = ToTimestamp(now);

  PlanChange change;
  change.household_id = household_id;
  change.region_code = household.region_code();
  change.measure = measure;
  change.request_key = key;
  AuditRecord audit = Audit(caller, "CreateAssistanceMeasure", measure.name(), "");
  audit.after_json = AuditJson(measure);
  change.audits.push_back(std::move(audit));
  RRMON_ASSIGN_OR_RETURN(std::optional<v1::AssistanceMeasure> replayed, plans_.Apply(change));
  if (replayed.has_value())
    measure = *std::move(replayed);  // a concurrent retry won
  else
    Changed();

  v1::AssistanceMeasureResponse response;
  RRMON_ASSIGN_OR_RETURN(auto warnings, WarningsWith(household, household_id, measure));
  *response.mutable_measure() = std::move(measure);
  for (auto& warning : warnings) response.add_plan_warnings(std::move(warning));
  return response;
}

absl::StatusOr<v1::AssistanceMeasure> PlanRegistry::GetMeasure(const auth::Principal& caller,
                                                               const std::string& name) {
  RRMON_ASSIGN_OR_RETURN(auto ids, ParseHouseholdChildName(name, kMeasures, "name"));
  RRMON_RETURN_IF_ERROR(LoadHousehold(caller, ids.first).status());
  return plans_.GetMeasure(ids.first, ids.second);
}

absl::StatusOr<v1::ListAssistanceMeasuresResponse> PlanRegistry::ListMeasures(
    const auth::Principal& caller, const v1::ListAssistanceMeasuresRequest& request) {
  MeasureQuery query;
  RRMON_ASSIGN_OR_RETURN(
      query.page, ResolveListScope(households_, caller, request.parent(), request.region_prefix(),
                                   request.show_deleted()));
  RRMON_ASSIGN_OR_RETURN(query.page.limit, EffectivePageSize(request.page_size()));
  if (!v1::MeasureType_IsValid(request.type())) {
    return InvalidFieldError("type", "is not a known value");
  }
  if (!v1::MeasureStatus_IsValid(request.status())) {
    return InvalidFieldError("status", "is not a known value");
  }
  query.type = request.type();
  query.status = request.status();
  const uint64_t fingerprint =
      Fingerprint64(absl::StrCat("measures|", request.parent(), "|", query.page.region_prefix, "|",
                                 query.type, "|", query.status, "|", query.page.show_deleted));
  RRMON_ASSIGN_OR_RETURN(query.page.after_key, DecodePageToken(request.page_token(), fingerprint));
  RRMON_ASSIGN_OR_RETURN(Page<v1::AssistanceMeasure> page, plans_.ListMeasures(query));
  v1::ListAssistanceMeasuresResponse response;
  for (auto& measure : page.items) *response.add_measures() = std::move(measure);
  if (page.more) response.set_next_page_token(EncodePageToken(page.last_key, fingerprint));
  if (!query.page.household_id.empty()) {
    // The warnings judge the whole plan, whatever page or filter was asked for.
    RRMON_ASSIGN_OR_RETURN(v1::Household household, households_.Get(query.page.household_id));
    RRMON_ASSIGN_OR_RETURN(std::vector<v1::AssistanceMeasure> plan,
                           plans_.HouseholdMeasures(query.page.household_id));
    for (auto& warning : MeasureWarnings(household, plan)) {
      response.add_plan_warnings(std::move(warning));
    }
  }
  return response;
}

absl::StatusOr<v1::AssistanceMeasureResponse> PlanRegistry::UpdateMeasure(
    const auth::Principal& caller, const v1::UpdateAssistanceMeasureRequest& request) {
  RRMON_ASSIGN_OR_RETURN(
      auto ids, ParseHouseholdChildName(request.measure().name(), kMeasures, "measure.name"));
  RRMON_ASSIGN_OR_RETURN(std::vector<std::string> paths,
                         ResolveUpdateMask(request.update_mask(), UpdatableMeasureFields()));
  RRMON_RETURN_IF_ERROR(ValidateReason(request.reason(), /*required=*/false));
  RRMON_ASSIGN_OR_RETURN(v1::Household household, LoadHousehold(caller, ids.first));
  RRMON_RETURN_IF_ERROR(RejectDeleted(household));
  RRMON_ASSIGN_OR_RETURN(v1::AssistanceMeasure before, plans_.GetMeasure(ids.first, ids.second));
  RRMON_RETURN_IF_ERROR(CheckEtag(request.measure().etag(), before.etag(), "measure"));

  v1::AssistanceMeasure after = before;
  ApplyUpdateMask(request.measure(), paths, after);
  RRMON_RETURN_IF_ERROR(ValidateMeasure(after, "measure"));
  RRMON_RETURN_IF_ERROR(CheckMeasureStatusChange(before.status(), after.status()));
  const int64_t revision = RevisionOf(before.etag()).value_or(0);
  after.set_etag(EtagOf(revision + 1));
  *after.mutable_update_time() = ToTimestamp(clock_.Now());

  PlanChange change;
  change.household_id = ids.first;
  change.region_code = household.region_code();
  change.measure = after;
  change.expected_revision = revision;
  AuditRecord audit = Audit(caller, "UpdateAssistanceMeasure", after.name(), request.reason());
  audit.before_json = AuditJson(before);
  audit.after_json = AuditJson(after);
  change.audits.push_back(std::move(audit));
  RRMON_RETURN_IF_ERROR(plans_.Apply(change).status());
  Changed();

  v1::AssistanceMeasureResponse response;
  RRMON_ASSIGN_OR_RETURN(auto warnings, WarningsWith(household, ids.first, after));
  *response.mutable_measure() = std::move(after);
  for (auto& warning : warnings) response.add_plan_warnings(std::move(warning));
  return response;
}

absl::StatusOr<v1::IncomeRecord> PlanRegistry::SetIncomeRecord(
    const auth::Principal& caller, const v1::SetIncomeRecordRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string household_id, ParseHouseholdName(request.parent(), "parent"));
  v1::IncomeRecord record = request.income_record();
  record.clear_name();
  record.clear_etag();
  RRMON_RETURN_IF_ERROR(ValidateIncomeRecord(record, "income_record"));
  RRMON_RETURN_IF_ERROR(ValidateReason(request.reason(), /*required=*/false));
  RRMON_ASSIGN_OR_RETURN(absl::CivilMonth month, ParseMonth(record.month(), "income_record.month"));
  if (month > absl::CivilMonth(UtcDay(clock_.Now()))) {
    return InvalidFieldError("income_record.month", "is in the future");
  }
  RRMON_ASSIGN_OR_RETURN(v1::Household household, LoadHousehold(caller, household_id));
  RRMON_RETURN_IF_ERROR(RejectDeleted(household));
  RRMON_ASSIGN_OR_RETURN(std::optional<v1::IncomeRecord> before,
                         plans_.GetIncomeRecord(household_id, record.month()));

  PlanChange change;
  change.household_id = household_id;
  change.region_code = household.region_code();
  int64_t revision = 0;
  if (before.has_value()) {
    // Correcting a month must be deliberate: the caller shows which version it corrects.
    if (request.etag().empty()) {
      return WithErrorReason(
          absl::AlreadyExistsError(
              absl::StrCat("income of ", record.month(),
                           " is already recorded; to correct it, pass its etag ", "and a reason")),
          "INCOME_RECORD_EXISTS");
    }
    RRMON_RETURN_IF_ERROR(CheckEtag(request.etag(), before->etag(), "income record"));
    RRMON_RETURN_IF_ERROR(ValidateReason(request.reason(), /*required=*/true));
    revision = RevisionOf(before->etag()).value_or(0);
    change.expected_revision = revision;
  } else {
    RRMON_RETURN_IF_ERROR(
        CheckNoEtag(request.etag(), absl::StrCat("income recorded for ", record.month())));
  }
  record.set_name(absl::StrCat(household.name(), "/", kIncomeRecords, "/", record.month()));
  record.set_etag(EtagOf(revision + 1));
  change.income_record = record;
  AuditRecord audit = Audit(caller, "SetIncomeRecord", record.name(), request.reason());
  if (before.has_value()) audit.before_json = AuditJson(*before);
  audit.after_json = AuditJson(record);
  change.audits.push_back(std::move(audit));
  RRMON_RETURN_IF_ERROR(plans_.Apply(change).status());
  Changed();
  return record;
}

absl::StatusOr<v1::ListIncomeRecordsResponse> PlanRegistry::ListIncomeRecords(
    const auth::Principal& caller, const v1::ListIncomeRecordsRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string household_id, ParseHouseholdName(request.parent(), "parent"));
  RRMON_RETURN_IF_ERROR(ValidateOptionalMonth(request.start_month(), "start_month"));
  RRMON_RETURN_IF_ERROR(ValidateOptionalMonth(request.end_month(), "end_month"));
  RRMON_RETURN_IF_ERROR(LoadHousehold(caller, household_id).status());
  RRMON_ASSIGN_OR_RETURN(
      std::vector<v1::IncomeRecord> records,
      plans_.ListIncomeRecords(household_id, request.start_month(), request.end_month()));
  v1::ListIncomeRecordsResponse response;
  for (auto& record : records) *response.add_income_records() = std::move(record);
  return response;
}

absl::StatusOr<v1::Guarantees> PlanRegistry::GetGuarantees(const auth::Principal& caller,
                                                           const std::string& name) {
  RRMON_ASSIGN_OR_RETURN(std::string household_id, GuaranteesOwner(name, "name"));
  RRMON_RETURN_IF_ERROR(LoadHousehold(caller, household_id).status());
  RRMON_ASSIGN_OR_RETURN(std::optional<v1::Guarantees> guarantees,
                         plans_.GetGuarantees(household_id));
  if (!guarantees.has_value()) {
    return WithErrorReason(absl::NotFoundError(absl::StrCat(name, " has never been checked")),
                           "GUARANTEES_NOT_CHECKED");
  }
  return *std::move(guarantees);
}

absl::StatusOr<v1::Guarantees> PlanRegistry::UpdateGuarantees(
    const auth::Principal& caller, const v1::UpdateGuaranteesRequest& request) {
  const std::string& name = request.guarantees().name();
  RRMON_ASSIGN_OR_RETURN(std::string household_id, GuaranteesOwner(name, "guarantees.name"));
  const absl::Time now = clock_.Now();
  RRMON_RETURN_IF_ERROR(ValidateGuarantees(request.guarantees(), UtcDay(now)));
  RRMON_RETURN_IF_ERROR(ValidateReason(request.reason(), /*required=*/false));
  RRMON_ASSIGN_OR_RETURN(v1::Household household, LoadHousehold(caller, household_id));
  RRMON_RETURN_IF_ERROR(RejectDeleted(household));
  RRMON_ASSIGN_OR_RETURN(std::optional<v1::Guarantees> before, plans_.GetGuarantees(household_id));

  PlanChange change;
  change.household_id = household_id;
  change.region_code = household.region_code();
  int64_t revision = 0;
  if (before.has_value()) {
    RRMON_RETURN_IF_ERROR(CheckEtag(request.guarantees().etag(), before->etag(), "guarantees"));
    revision = RevisionOf(before->etag()).value_or(0);
    change.expected_revision = revision;
  } else {
    RRMON_RETURN_IF_ERROR(CheckNoEtag(request.guarantees().etag(), "check of the guarantees"));
  }
  v1::Guarantees after = request.guarantees();
  after.set_name(absl::StrCat(household.name(), kGuaranteesSuffix));
  after.set_etag(EtagOf(revision + 1));
  change.guarantees = after;
  AuditRecord audit = Audit(caller, "UpdateGuarantees", after.name(), request.reason());
  if (before.has_value()) audit.before_json = AuditJson(*before);
  audit.after_json = AuditJson(after);
  change.audits.push_back(std::move(audit));
  RRMON_RETURN_IF_ERROR(plans_.Apply(change).status());
  Changed();
  return after;
}

absl::StatusOr<v1::Assessment> PlanRegistry::Evaluate(const v1::Household& household,
                                                      const std::string& household_id,
                                                      absl::CivilDay day) {
  RRMON_ASSIGN_OR_RETURN(MonitoringLine line,
                         lines_.Select(household.region_code(), static_cast<int>(day.year())));
  const AssessmentPeriod period = RollingYearBefore(day);
  RRMON_ASSIGN_OR_RETURN(
      std::vector<v1::IncomeRecord> declared,
      plans_.ListIncomeRecords(household_id, FormatMonth(period.first), FormatMonth(period.last)));
  RRMON_ASSIGN_OR_RETURN(std::optional<v1::Guarantees> guarantees,
                         plans_.GetGuarantees(household_id));
  const PeerIncome peer = peers_.IncomeOf(household, period);
  return Assess(household, declared, peer, guarantees.value_or(v1::Guarantees()), line, day,
                clock_.Now());
}

absl::StatusOr<v1::Assessment> PlanRegistry::AssessHousehold(
    const auth::Principal& caller, const v1::AssessHouseholdRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string household_id, ParseHouseholdName(request.name(), "name"));
  const absl::CivilDay today = UtcDay(clock_.Now());
  absl::CivilDay day = today;
  if (!request.as_of_date().empty()) {
    RRMON_ASSIGN_OR_RETURN(day, ParseDateNotAfter(request.as_of_date(), "as_of_date", today));
  }
  RRMON_ASSIGN_OR_RETURN(v1::Household household, LoadHousehold(caller, household_id));
  RRMON_RETURN_IF_ERROR(RejectDeleted(household));
  RRMON_ASSIGN_OR_RETURN(v1::Assessment assessment, Evaluate(household, household_id, day));
  if (on_assessed_) on_assessed_(household, assessment);
  return assessment;
}

absl::Status PlanRegistry::CheckElimination(const v1::Household& household) {
  const std::string household_id = HouseholdIdOf(household);
  const absl::CivilDay today = UtcDay(clock_.Now());
  const int year = static_cast<int>(today.year());
  RRMON_ASSIGN_OR_RETURN(MonitoringLine line, lines_.Select(household.region_code(), year));

  EliminationInputs inputs;
  inputs.household = household;
  inputs.line_fen = line.per_capita_fen;
  absl::StatusOr<absl::CivilDay> identified = ParseDate(household.identification_date(), "");
  // Never identified (should not happen for a monitored household): counts as today, so
  // the minimum monitoring time fails visibly instead of passing silently.
  inputs.identified_on = identified.ok() ? *identified : today;
  RRMON_ASSIGN_OR_RETURN(inputs.measures, plans_.HouseholdMeasures(household_id));
  RRMON_ASSIGN_OR_RETURN(std::optional<v1::Guarantees> guarantees,
                         plans_.GetGuarantees(household_id));
  inputs.guarantees = guarantees.value_or(v1::Guarantees());

  // Each of the last stable_months full months ends a rolling year whose per-capita
  // income must be at or above the line.
  const int months = elimination_policy_.config().stable_months;
  const absl::CivilMonth last = absl::CivilMonth(today) - 1;
  const absl::CivilMonth first_end = last - (months - 1);
  const AssessmentPeriod widest{RollingYearEndingWith(first_end).first, last};
  RRMON_ASSIGN_OR_RETURN(
      std::vector<v1::IncomeRecord> declared,
      plans_.ListIncomeRecords(household_id, FormatMonth(widest.first), FormatMonth(widest.last)));
  for (absl::CivilMonth end = first_end; end <= last; ++end) {
    const PeerIncome peer = peers_.IncomeOf(household, RollingYearEndingWith(end));
    inputs.per_capita_last_months_fen.push_back(
        PerCapitaForMonthEnd(household, declared, peer, end));
  }
  // Spending counts as resolved when today's assessment no longer finds it exceeding
  // income.
  const v1::Assessment now_assessed =
      Assess(household, declared, peers_.IncomeOf(household, RollingYearBefore(today)),
             inputs.guarantees, line, today, clock_.Now());
  inputs.unavoidable_spending_resolved =
      std::find(now_assessed.findings().begin(), now_assessed.findings().end(),
                v1::RISK_FINDING_SPENDING_EXCEEDS_INCOME) == now_assessed.findings().end();
  return elimination_policy_.Check(inputs, today);
}

}  // namespace rrmon::monitoring

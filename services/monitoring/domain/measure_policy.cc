#include "services/monitoring/domain/measure_policy.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "common/status/field_violations.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/validation/money.h"
#include "common/validation/text.h"

namespace rrmon::monitoring {
namespace {

std::string Path(const std::string& prefix, absl::string_view field) {
  return prefix.empty() ? std::string(field) : absl::StrCat(prefix, ".", field);
}

bool SharesHousehold(const v1::HouseholdMember& member) {
  return !member.has_shares_household() || member.shares_household();
}

// How a warning names a measure: its resource name once stored, its position before.
std::string MeasureLabel(const v1::AssistanceMeasure& measure, size_t index) {
  if (!measure.name().empty()) return measure.name();
  return absl::StrCat("measure #", index + 1);
}

template <typename IsValid>
void RequireEnum(FieldViolations& violations, const std::string& path, int value,
                 IsValid is_valid) {
  if (value == 0) {
    violations.Add(path, "is required");
  } else if (!is_valid(value)) {
    violations.Add(path, "is not a known value");
  }
}

}  // namespace

bool CanWork(v1::LabourCapacity capacity) {
  return capacity == v1::LABOUR_CAPACITY_SKILLED || capacity == v1::LABOUR_CAPACITY_ORDINARY ||
         capacity == v1::LABOUR_CAPACITY_WEAK_OR_PARTIAL;
}

bool HasMemberAbleToWork(const v1::Household& household) {
  for (const v1::HouseholdMember& member : household.members()) {
    if (SharesHousehold(member) && CanWork(member.labour_capacity())) return true;
  }
  return false;
}

bool IsDevelopmentMeasure(v1::MeasureType type) {
  return type == v1::MEASURE_TYPE_INDUSTRY || type == v1::MEASURE_TYPE_EMPLOYMENT ||
         type == v1::MEASURE_TYPE_PUBLIC_WELFARE_JOB || type == v1::MEASURE_TYPE_MICROCREDIT;
}

std::vector<std::string> MeasureWarnings(const v1::Household& household,
                                         const std::vector<v1::AssistanceMeasure>& measures) {
  std::vector<std::string> warnings;
  bool has_social_assistance = false;
  bool has_development = false;
  for (const v1::AssistanceMeasure& measure : measures) {
    if (measure.status() == v1::MEASURE_STATUS_CANCELLED) continue;
    if (measure.type() == v1::MEASURE_TYPE_SOCIAL_ASSISTANCE) has_social_assistance = true;
    if (IsDevelopmentMeasure(measure.type())) has_development = true;
  }
  if (!HasMemberAbleToWork(household)) {
    if (!has_social_assistance) {
      warnings.push_back(
          "no member sharing the household can work: the plan needs a social assistance "
          "measure (综合保障/兜底, MEASURE_TYPE_SOCIAL_ASSISTANCE)");
    }
    for (size_t i = 0; i < measures.size(); ++i) {
      const v1::AssistanceMeasure& measure = measures[i];
      if (measure.status() == v1::MEASURE_STATUS_CANCELLED) continue;
      if (!IsDevelopmentMeasure(measure.type())) continue;
      warnings.push_back(absl::StrCat(MeasureLabel(measure, i), " (",
                                      v1::MeasureType_Name(measure.type()),
                                      ") is development help, but no member sharing the "
                                      "household can work"));
    }
  } else if (has_social_assistance && !has_development) {
    warnings.push_back(
        "a member of the household can work: development help (industry, employment, "
        "public-welfare job, microcredit) is preferred to social assistance alone");
  }
  return warnings;
}

absl::Status ValidateMeasure(const v1::AssistanceMeasure& measure, const std::string& prefix) {
  FieldViolations violations;
  RequireEnum(violations, Path(prefix, "type"), measure.type(), v1::MeasureType_IsValid);
  RequireEnum(violations, Path(prefix, "status"), measure.status(), v1::MeasureStatus_IsValid);
  violations.Merge(validation::ValidateFreeText(measure.description(), Path(prefix, "description"),
                                                kMaxMeasureDescriptionChars, /*required=*/true));
  violations.Merge(validation::ValidateFreeText(measure.responsible_unit(),
                                                Path(prefix, "responsible_unit"),
                                                kMaxResponsibleChars, /*required=*/true));
  violations.Merge(validation::ValidateFreeText(measure.responsible_person(),
                                                Path(prefix, "responsible_person"),
                                                kMaxResponsibleChars, /*required=*/true));
  violations.Merge(validation::ValidateAmountFen(measure.funds_fen(), Path(prefix, "funds_fen"), 0,
                                                 validation::kMaxMeasureFundsFen));
  std::optional<absl::CivilDay> start;
  if (measure.start_date().empty()) {
    violations.Add(Path(prefix, "start_date"), "is required");
  } else if (auto parsed = ParseDate(measure.start_date(), Path(prefix, "start_date"));
             parsed.ok()) {
    start = *parsed;
  } else {
    violations.Merge(parsed.status());
  }
  if (!measure.end_date().empty()) {
    auto end = ParseDate(measure.end_date(), Path(prefix, "end_date"));
    if (!end.ok()) {
      violations.Merge(end.status());
    } else if (start.has_value() && *end < *start) {
      violations.Add(Path(prefix, "end_date"), "must not be before start_date");
    }
  }
  return violations.ToStatus();
}

absl::Status CheckMeasureStatusChange(v1::MeasureStatus from, v1::MeasureStatus to) {
  if (from == to) return absl::OkStatus();
  const bool allowed = (from == v1::MEASURE_STATUS_PLANNED &&
                        (to == v1::MEASURE_STATUS_IN_EFFECT || to == v1::MEASURE_STATUS_DONE ||
                         to == v1::MEASURE_STATUS_CANCELLED)) ||
                       (from == v1::MEASURE_STATUS_IN_EFFECT &&
                        (to == v1::MEASURE_STATUS_DONE || to == v1::MEASURE_STATUS_CANCELLED));
  if (allowed) return absl::OkStatus();
  return WithErrorReason(
      absl::FailedPreconditionError(absl::StrCat(
          "a measure cannot go from ", v1::MeasureStatus_Name(from), " to ",
          v1::MeasureStatus_Name(to),
          "; DONE and CANCELLED are final and status only moves forward (add a new measure)")),
      "MEASURE_STATUS_CHANGE_NOT_ALLOWED");
}

}  // namespace rrmon::monitoring

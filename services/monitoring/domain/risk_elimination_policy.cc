#include "services/monitoring/domain/risk_elimination_policy.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/validation/money.h"
#include "services/monitoring/domain/measure_policy.h"

namespace rrmon::monitoring {
namespace {

constexpr int kMaxConfiguredMonths = 120;

void AddViolation(google::rpc::PreconditionFailure& failure, absl::string_view subject,
                  const std::string& description) {
  auto* violation = failure.add_violations();
  violation->set_type(kEliminationViolationType);
  violation->set_subject(std::string(subject));
  violation->set_description(description);
}

std::string MonthsText(int months) {
  return absl::StrCat(months, months == 1 ? " month" : " months");
}

std::string YuanText(int64_t fen) {
  return absl::StrCat(validation::FormatFenAsYuan(fen), " yuan");
}

}  // namespace

absl::StatusOr<RiskEliminationPolicy> RiskEliminationPolicy::Create(
    EliminationPolicyConfig config) {
  auto in_range = [](int months, int min) {
    return months >= min && months <= kMaxConfiguredMonths;
  };
  if (!in_range(config.min_months_monitored, 0)) {
    return InvalidFieldError("min_months_monitored",
                             absl::StrCat("must be 0–", kMaxConfiguredMonths));
  }
  if (config.min_months_sudden_hardship.has_value() &&
      !in_range(*config.min_months_sudden_hardship, 0)) {
    return InvalidFieldError("min_months_sudden_hardship",
                             absl::StrCat("must be 0–", kMaxConfiguredMonths));
  }
  if (!in_range(config.stable_months, 1)) {
    return InvalidFieldError("stable_months", absl::StrCat("must be 1–", kMaxConfiguredMonths));
  }
  return RiskEliminationPolicy(config);
}

absl::Status RiskEliminationPolicy::Check(const EliminationInputs& inputs,
                                          absl::CivilDay today) const {
  google::rpc::PreconditionFailure failure;

  const bool sudden_hardship =
      inputs.household.category() == v1::MONITORING_CATEGORY_SUDDEN_HARDSHIP &&
      config_.min_months_sudden_hardship.has_value();
  const int required_months =
      sudden_hardship ? *config_.min_months_sudden_hardship : config_.min_months_monitored;
  const int monitored_months = WholeMonthsBetween(inputs.identified_on, today);
  if (monitored_months < required_months) {
    const std::string found =
        inputs.identified_on > today
            ? absl::StrCat("identified on ", FormatDate(inputs.identified_on), ", after today")
            : absl::StrCat("monitored ", MonthsText(monitored_months), " since ",
                           FormatDate(inputs.identified_on));
    AddViolation(failure, kMonitoredLongEnough,
                 absl::StrCat(found, "; ", required_months, " required",
                              sudden_hardship ? " for sudden severe hardship" : ""));
  }

  const bool measure_in_effect =
      std::any_of(inputs.measures.begin(), inputs.measures.end(), [](const auto& measure) {
        return measure.status() == v1::MEASURE_STATUS_IN_EFFECT ||
               measure.status() == v1::MEASURE_STATUS_DONE;
      });
  if (!measure_in_effect) {
    AddViolation(
        failure, kMeasureInEffect,
        absl::StrCat("no measure in effect or done among ", inputs.measures.size(), " measures"));
  }

  const std::vector<int64_t>& figures = inputs.per_capita_last_months_fen;
  const size_t stable = static_cast<size_t>(config_.stable_months);
  if (figures.size() < stable) {
    AddViolation(
        failure, kIncomeStablyAboveLine,
        absl::StrCat("per-capita income known for ", MonthsText(static_cast<int>(figures.size())),
                     "; ", config_.stable_months, " required"));
  } else {
    const auto window_begin = figures.end() - static_cast<std::ptrdiff_t>(stable);
    const auto below = std::count_if(window_begin, figures.end(),
                                     [&](int64_t fen) { return fen < inputs.line_fen; });
    if (below > 0) {
      AddViolation(
          failure, kIncomeStablyAboveLine,
          absl::StrCat("per-capita income below the line of ", YuanText(inputs.line_fen), " at ",
                       MonthsText(static_cast<int>(below)), " of the last ", config_.stable_months,
                       " (lowest ", YuanText(*std::min_element(window_begin, figures.end())), ")"));
    }
  }

  if (!inputs.unavoidable_spending_resolved) {
    AddViolation(failure, kSpendingResolved, "unavoidable spending is not resolved");
  }

  const v1::Guarantees& guarantees = inputs.guarantees;
  std::vector<std::string> failing;
  if (!guarantees.food().holds()) failing.push_back("food");
  if (!guarantees.clothing().holds()) failing.push_back("clothing");
  if (!guarantees.compulsory_schooling().holds()) failing.push_back("compulsory schooling");
  if (!guarantees.basic_medical().holds()) failing.push_back("basic medical insurance");
  if (guarantees.housing_grade() != v1::HOUSING_SAFETY_GRADE_A &&
      guarantees.housing_grade() != v1::HOUSING_SAFETY_GRADE_B) {
    failing.push_back(
        absl::StrCat("housing (", v1::HousingSafetyGrade_Name(guarantees.housing_grade()), ")"));
  }
  if (!guarantees.drinking_water().holds()) failing.push_back("drinking water");
  if (!failing.empty()) {
    AddViolation(failure, kGuaranteesHold,
                 absl::StrCat("guarantees not holding: ", absl::StrJoin(failing, ", ")));
  }

  if (!HasMemberAbleToWork(inputs.household)) {
    std::vector<std::string> capacities;
    for (const v1::HouseholdMember& member : inputs.household.members()) {
      if (member.has_shares_household() && !member.shares_household()) continue;
      capacities.push_back(v1::LabourCapacity_Name(member.labour_capacity()));
    }
    AddViolation(
        failure, kHasLabour,
        absl::StrCat("none of the ", capacities.size(), " members sharing the household can work (",
                     absl::StrJoin(capacities, ", "),
                     "); such a household stays under social assistance"));
  }

  if (failure.violations().empty()) return absl::OkStatus();
  std::vector<std::string> subjects;
  for (const auto& violation : failure.violations()) subjects.push_back(violation.subject());
  return WithErrorReason(PreconditionError(absl::StrCat("risk elimination conditions not met: ",
                                                        absl::StrJoin(subjects, ", ")),
                                           failure),
                         "ELIMINATION_CONDITIONS_NOT_MET");
}

}  // namespace rrmon::monitoring

#pragma once

// 风险消除: whether a monitored household may be proposed for risk elimination. All of
// the national conditions must hold; the minimum monitoring time is configuration
// (突发严重困难户 may be faster where a province allows it).

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "rrmon/monitoring/v1/assessment.pb.h"
#include "rrmon/monitoring/v1/household.pb.h"
#include "rrmon/monitoring/v1/measures.pb.h"

namespace rrmon::monitoring {

// PreconditionFailure violation type and subjects, one subject per condition.
inline constexpr char kEliminationViolationType[] = "ELIMINATION_POLICY";
inline constexpr char kMonitoredLongEnough[] = "MONITORED_LONG_ENOUGH";
inline constexpr char kMeasureInEffect[] = "MEASURE_IN_EFFECT";
inline constexpr char kIncomeStablyAboveLine[] = "INCOME_STABLY_ABOVE_LINE";
inline constexpr char kSpendingResolved[] = "SPENDING_RESOLVED";
inline constexpr char kGuaranteesHold[] = "GUARANTEES_HOLD";
inline constexpr char kHasLabour[] = "HAS_LABOUR";

struct EliminationPolicyConfig {
  // Whole months from identification (WholeMonthsBetween) before elimination.
  int min_months_monitored = 6;
  // For MONITORING_CATEGORY_SUDDEN_HARDSHIP households, where configured (shorter).
  std::optional<int> min_months_sudden_hardship;
  // Month-end per-capita figures that must all be at or above the line.
  int stable_months = 6;
};

struct EliminationInputs {
  v1::Household household;
  absl::CivilDay identified_on;
  std::vector<v1::AssistanceMeasure> measures;
  // Rolling-12-month per-capita net income at each month end (PerCapitaForMonthEnd),
  // newest last; at least stable_months of them.
  std::vector<int64_t> per_capita_last_months_fen;
  // The monitoring line that applies, per person per year.
  int64_t line_fen = 0;
  // Large unavoidable spending (medical bills, schooling) has been dealt with.
  bool unavoidable_spending_resolved = false;
  v1::Guarantees guarantees;
};

class RiskEliminationPolicy {
 public:
  // INVALID_ARGUMENT unless the minimums are 0–120 months and stable_months 1–120.
  static absl::StatusOr<RiskEliminationPolicy> Create(EliminationPolicyConfig config);

  // OK when every condition holds; otherwise FAILED_PRECONDITION (reason
  // ELIMINATION_CONDITIONS_NOT_MET) whose PreconditionFailure has one violation of type
  // ELIMINATION_POLICY per failed condition, the subject naming it and the description
  // saying what was found. Every condition is checked, so the cadre sees all at once.
  absl::Status Check(const EliminationInputs& inputs, absl::CivilDay today) const;

  const EliminationPolicyConfig& config() const { return config_; }

 private:
  explicit RiskEliminationPolicy(EliminationPolicyConfig config) : config_(config) {}

  EliminationPolicyConfig config_;
};

}  // namespace rrmon::monitoring

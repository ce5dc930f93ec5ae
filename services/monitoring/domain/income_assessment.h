#pragma once

// The income side of monitoring: per-capita net income (人均纯收入) over a rolling 12
// months, and the assessment of a household against the monitoring line and the
// guarantees (两不愁三保障 + 饮水安全). Pure rules: the caller fetches the records, the
// peer services' figures and the line, and passes the day and the time in.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "rrmon/monitoring/v1/assessment.pb.h"
#include "rrmon/monitoring/v1/household.pb.h"
#include "services/monitoring/domain/monitoring_line_table.h"

namespace rrmon::monitoring {

// `v1` is rrmon::monitoring::v1 already; an alias of the same name would be ill-formed.

inline constexpr size_t kMaxIncomeNoteChars = 500;

// Figures for the assessment period from the peer services. nullopt means the service was
// unavailable or has no data for the household: the declared figures are used instead.
struct PeerIncome {
  // 工资性收入 from the employment service's job spells; replaces the declared wage.
  std::optional<int64_t> wage_fen;
  // 庭院经济 income from the courtyard service; added to the declared operating income.
  std::optional<int64_t> courtyard_operating_fen;
  // Why a figure is missing when its service was asked (unset: not asked, no such peer).
  v1::IncomeFallback wage_fallback = v1::INCOME_FALLBACK_UNSPECIFIED;
  v1::IncomeFallback courtyard_fallback = v1::INCOME_FALLBACK_UNSPECIFIED;
};

// A run of whole months, both ends included.
struct AssessmentPeriod {
  absl::CivilMonth first;
  absl::CivilMonth last;
};

// The 12 full months before `as_of`'s month: as of 2026-11-24, 2025-11 .. 2026-10. The
// current month is left out because its figures are not complete yet.
AssessmentPeriod RollingYearBefore(absl::CivilDay as_of);

// The 12 months ending with `last` (included).
AssessmentPeriod RollingYearEndingWith(absl::CivilMonth last);

// Strict `YYYY-MM` (zero-padded, year 1900–2199); INVALID_ARGUMENT naming `field`.
absl::StatusOr<absl::CivilMonth> ParseMonth(absl::string_view text, absl::string_view field);
std::string FormatMonth(absl::CivilMonth month);

// Field checks of a record as a client sends it: month a real `YYYY-MM`, every amount
// within 0 .. kMaxHouseholdAmountFen, note at most 500 characters. Field paths are
// relative to `prefix` (e.g. "income_record"); all bad fields at once, INVALID_ARGUMENT.
absl::Status ValidateIncomeRecord(const v1::IncomeRecord& record, const std::string& prefix);

// The divisor of per-capita figures: household.household_size() when the registry has set
// it, otherwise the members sharing the household; never less than 1.
int AssessedHouseholdSize(const v1::Household& household);

// The six components over a period, in fen, after the peer figures are applied.
struct IncomeTotals {
  int64_t wage = 0;
  int64_t operating = 0;
  int64_t property = 0;
  int64_t transfer = 0;
  int64_t operating_expenses = 0;
  int64_t unavoidable_spending = 0;
  v1::IncomeSource wage_source = v1::INCOME_SOURCE_DECLARED;
  v1::IncomeSource operating_source = v1::INCOME_SOURCE_DECLARED;
  v1::IncomeFallback wage_fallback = v1::INCOME_FALLBACK_UNSPECIFIED;
  v1::IncomeFallback operating_fallback = v1::INCOME_FALLBACK_UNSPECIFIED;

  // wage + operating + property + transfer − operating expenses (spending not deducted).
  int64_t NetBeforeSpending() const;
  // NetBeforeSpending() − unavoidable spending.
  int64_t Net() const;
};

// Sums the declared records whose month lies in `period` (records with an unreadable
// month are skipped; they cannot have passed ValidateIncomeRecord), then applies `peer`.
IncomeTotals SumIncome(const std::vector<v1::IncomeRecord>& declared, const PeerIncome& peer,
                       const AssessmentPeriod& period);

// floor(net / household_size); negative net income rounds towards minus infinity.
int64_t PerCapitaNetIncome(const IncomeTotals& totals, int household_size);

// Per-capita net income over the 12 months ending with `month` (included): one of the
// month-end figures RiskEliminationPolicy checks for stability. `peer` must hold the peer
// services' figures for that same window.
int64_t PerCapitaForMonthEnd(const v1::Household& household,
                             const std::vector<v1::IncomeRecord>& declared, const PeerIncome& peer,
                             absl::CivilMonth month);

// Assesses `household` over RollingYearBefore(as_of) against `line` and `guarantees`.
// `declared` may hold any months; only the period's count. Every field of the result is
// set; at_risk is true exactly when findings is not empty.
v1::Assessment Assess(const v1::Household& household, const std::vector<v1::IncomeRecord>& declared,
                      const PeerIncome& peer, const v1::Guarantees& guarantees,
                      const MonitoringLine& line, absl::CivilDay as_of, absl::Time now);

}  // namespace rrmon::monitoring

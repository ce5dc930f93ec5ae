#include "services/monitoring/domain/income_assessment.h"

#include <limits>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/field_violations.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/validation/money.h"
#include "common/validation/text.h"
#include "services/monitoring/domain/household_rules.h"

namespace rrmon::monitoring {
namespace {

constexpr int kMonthsInPeriod = 12;

std::string Path(const std::string& prefix, absl::string_view field) {
  return prefix.empty() ? std::string(field) : absl::StrCat(prefix, ".", field);
}

// Validated records keep every sum far inside int64 (12 months × 6 components × 10^10
// fen). Records read back from storage or peer figures are not re-validated here, so the
// arithmetic saturates instead of overflowing (undefined behaviour) on corrupt data.
int64_t SaturatingAdd(int64_t a, int64_t b) {
  int64_t sum = 0;
  if (!__builtin_add_overflow(a, b, &sum)) return sum;
  return b > 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}

int64_t SaturatingSub(int64_t a, int64_t b) {
  int64_t difference = 0;
  if (!__builtin_sub_overflow(a, b, &difference)) return difference;
  return b < 0 ? std::numeric_limits<int64_t>::max() : std::numeric_limits<int64_t>::min();
}

// C++ division truncates towards zero; per-capita income is rounded down, so that a
// household 0.5 fen short of the line is below it.
int64_t FloorDiv(int64_t numerator, int64_t denominator) {
  int64_t quotient = numerator / denominator;
  if (numerator % denominator != 0 && ((numerator < 0) != (denominator < 0))) --quotient;
  return quotient;
}

bool InPeriod(absl::CivilMonth month, const AssessmentPeriod& period) {
  return month >= period.first && month <= period.last;
}

v1::IncomeFactor Factor(int64_t amount_fen, v1::IncomeSource source,
                        v1::IncomeFallback fallback = v1::INCOME_FALLBACK_UNSPECIFIED) {
  v1::IncomeFactor factor;
  factor.set_amount_fen(amount_fen);
  factor.set_source(source);
  factor.set_fallback(fallback);
  return factor;
}

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  const int64_t seconds = absl::ToUnixSeconds(time);
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
  return timestamp;
}

}  // namespace

AssessmentPeriod RollingYearEndingWith(absl::CivilMonth last) {
  return AssessmentPeriod{last - (kMonthsInPeriod - 1), last};
}

AssessmentPeriod RollingYearBefore(absl::CivilDay as_of) {
  return RollingYearEndingWith(absl::CivilMonth(as_of) - 1);
}

absl::StatusOr<absl::CivilMonth> ParseMonth(absl::string_view text, absl::string_view field) {
  auto bad = [&] { return InvalidFieldError(field, "must be a month YYYY-MM"); };
  if (text.size() != 7 || text[4] != '-') return bad();
  int year = 0;
  int month = 0;
  for (size_t i = 0; i < 7; ++i) {
    if (i == 4) continue;
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return bad();
    int& target = i < 4 ? year : month;
    target = target * 10 + (text[i] - '0');
  }
  if (year < 1900 || year > 2199 || month < 1 || month > 12) return bad();
  return absl::CivilMonth(year, month);
}

std::string FormatMonth(absl::CivilMonth month) {
  return absl::StrFormat("%04d-%02d", month.year(), month.month());
}

absl::Status ValidateIncomeRecord(const v1::IncomeRecord& record, const std::string& prefix) {
  FieldViolations violations;
  violations.Merge(ParseMonth(record.month(), Path(prefix, "month")).status());
  const std::pair<absl::string_view, int64_t> amounts[] = {
      {"wage_income_fen", record.wage_income_fen()},
      {"operating_income_fen", record.operating_income_fen()},
      {"property_income_fen", record.property_income_fen()},
      {"transfer_income_fen", record.transfer_income_fen()},
      {"operating_expenses_fen", record.operating_expenses_fen()},
      {"unavoidable_spending_fen", record.unavoidable_spending_fen()},
  };
  for (const auto& [field, fen] : amounts) {
    violations.Merge(validation::ValidateAmountFen(fen, Path(prefix, field), 0,
                                                   validation::kMaxHouseholdAmountFen));
  }
  violations.Merge(validation::ValidateFreeText(record.note(), Path(prefix, "note"),
                                                kMaxIncomeNoteChars, /*required=*/false));
  return violations.ToStatus();
}

int AssessedHouseholdSize(const v1::Household& household) {
  const int size =
      household.household_size() > 0 ? household.household_size() : HouseholdSize(household);
  // A household whose members all moved out (or were never entered) still has its income
  // assessed; dividing by 1 reports the whole income rather than failing or dividing by 0.
  return size > 0 ? size : 1;
}

int64_t IncomeTotals::NetBeforeSpending() const {
  int64_t net = SaturatingAdd(wage, operating);
  net = SaturatingAdd(net, property);
  net = SaturatingAdd(net, transfer);
  return SaturatingSub(net, operating_expenses);
}

int64_t IncomeTotals::Net() const {
  return SaturatingSub(NetBeforeSpending(), unavoidable_spending);
}

IncomeTotals SumIncome(const std::vector<v1::IncomeRecord>& declared, const PeerIncome& peer,
                       const AssessmentPeriod& period) {
  IncomeTotals totals;
  for (const v1::IncomeRecord& record : declared) {
    absl::StatusOr<absl::CivilMonth> month = ParseMonth(record.month(), "month");
    if (!month.ok() || !InPeriod(*month, period)) continue;
    totals.wage = SaturatingAdd(totals.wage, record.wage_income_fen());
    totals.operating = SaturatingAdd(totals.operating, record.operating_income_fen());
    totals.property = SaturatingAdd(totals.property, record.property_income_fen());
    totals.transfer = SaturatingAdd(totals.transfer, record.transfer_income_fen());
    totals.operating_expenses =
        SaturatingAdd(totals.operating_expenses, record.operating_expenses_fen());
    totals.unavoidable_spending =
        SaturatingAdd(totals.unavoidable_spending, record.unavoidable_spending_fen());
  }
  // The employment service sees every job spell, so its figure replaces the declared wage
  // rather than adding to it (adding would count the same wages twice).
  if (peer.wage_fen.has_value()) {
    totals.wage = *peer.wage_fen;
    totals.wage_source = v1::INCOME_SOURCE_EMPLOYMENT_SERVICE;
  } else {
    totals.wage_fallback = peer.wage_fallback;
  }
  // Judgment call: courtyard income is part of 生产经营性收入, and households do not declare
  // it separately when the courtyard service records it. The declared operating income
  // then covers the household's other businesses (herding on pasture, a shop, ...), so the
  // courtyard figure is added to it, not substituted for it. A household that declares its
  // courtyard income anyway is counted twice; village cadres are told not to.
  if (peer.courtyard_operating_fen.has_value()) {
    totals.operating = SaturatingAdd(totals.operating, *peer.courtyard_operating_fen);
    totals.operating_source = v1::INCOME_SOURCE_COURTYARD_SERVICE;
  } else {
    totals.operating_fallback = peer.courtyard_fallback;
  }
  return totals;
}

int64_t PerCapitaNetIncome(const IncomeTotals& totals, int household_size) {
  return FloorDiv(totals.Net(), household_size > 0 ? household_size : 1);
}

int64_t PerCapitaForMonthEnd(const v1::Household& household,
                             const std::vector<v1::IncomeRecord>& declared, const PeerIncome& peer,
                             absl::CivilMonth month) {
  return PerCapitaNetIncome(SumIncome(declared, peer, RollingYearEndingWith(month)),
                            AssessedHouseholdSize(household));
}

v1::Assessment Assess(const v1::Household& household, const std::vector<v1::IncomeRecord>& declared,
                      const PeerIncome& peer, const v1::Guarantees& guarantees,
                      const MonitoringLine& line, absl::CivilDay as_of, absl::Time now) {
  const AssessmentPeriod period = RollingYearBefore(as_of);
  const IncomeTotals totals = SumIncome(declared, peer, period);
  const int size = AssessedHouseholdSize(household);

  v1::Assessment assessment;
  assessment.set_household(household.name());
  assessment.set_as_of_date(FormatDate(as_of));
  assessment.set_period_start_month(FormatMonth(period.first));
  assessment.set_period_end_month(FormatMonth(period.last));
  *assessment.mutable_wage_income() = Factor(totals.wage, totals.wage_source, totals.wage_fallback);
  *assessment.mutable_operating_income() =
      Factor(totals.operating, totals.operating_source, totals.operating_fallback);
  *assessment.mutable_property_income() = Factor(totals.property, v1::INCOME_SOURCE_DECLARED);
  *assessment.mutable_transfer_income() = Factor(totals.transfer, v1::INCOME_SOURCE_DECLARED);
  *assessment.mutable_operating_expenses() =
      Factor(totals.operating_expenses, v1::INCOME_SOURCE_DECLARED);
  *assessment.mutable_unavoidable_spending() =
      Factor(totals.unavoidable_spending, v1::INCOME_SOURCE_DECLARED);
  // The divisor actually used, so the per-capita figure can be recomputed from the result.
  assessment.set_household_size(size);
  const int64_t per_capita = PerCapitaNetIncome(totals, size);
  assessment.set_per_capita_net_income_fen(per_capita);
  assessment.set_monitoring_line_fen(line.per_capita_fen);
  assessment.set_monitoring_line_region(line.region_prefix);
  assessment.set_monitoring_line_year(line.year);
  *assessment.mutable_assess_time() = ToTimestamp(now);

  auto find = [&](v1::RiskFinding finding) { assessment.add_findings(finding); };
  if (per_capita < line.per_capita_fen) find(v1::RISK_FINDING_INCOME_BELOW_LINE);
  // Without any spending there is nothing to exceed income: a loss-making business is
  // already caught by the line.
  if (totals.unavoidable_spending > 0 && totals.unavoidable_spending > totals.NetBeforeSpending()) {
    find(v1::RISK_FINDING_SPENDING_EXCEEDS_INCOME);
  }
  // A check never recorded does not hold: an unverified guarantee is a reason to look.
  if (!guarantees.food().holds()) find(v1::RISK_FINDING_FOOD);
  if (!guarantees.clothing().holds()) find(v1::RISK_FINDING_CLOTHING);
  if (!guarantees.compulsory_schooling().holds()) find(v1::RISK_FINDING_COMPULSORY_SCHOOLING);
  if (!guarantees.basic_medical().holds()) find(v1::RISK_FINDING_BASIC_MEDICAL);
  if (guarantees.housing_grade() != v1::HOUSING_SAFETY_GRADE_A &&
      guarantees.housing_grade() != v1::HOUSING_SAFETY_GRADE_B) {
    find(v1::RISK_FINDING_HOUSING);
  }
  if (!guarantees.drinking_water().holds()) find(v1::RISK_FINDING_DRINKING_WATER);
  assessment.set_at_risk(!assessment.findings().empty());
  return assessment;
}

}  // namespace rrmon::monitoring

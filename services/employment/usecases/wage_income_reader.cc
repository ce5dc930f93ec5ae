#include "services/employment/usecases/wage_income_reader.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status/field_violations.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/validation/identifiers.h"
#include "common/validation/region_code.h"
#include "services/employment/domain/wage_income.h"

namespace rrmon::employment {
namespace {

// Strict `YYYY-MM`.
absl::StatusOr<absl::CivilMonth> ParseMonthField(const std::string& text, const char* field) {
  absl::CivilMonth month;
  if (text.size() != 7 || !absl::ParseCivilTime(text, &month) ||
      absl::FormatCivilTime(month) != text) {
    return InvalidFieldError(field, "must be a month YYYY-MM");
  }
  return month;
}

}  // namespace

absl::StatusOr<v1::HouseholdWageIncome> WageIncomeReader::Read(
    const auth::Principal& caller, const v1::GetHouseholdWageIncomeRequest& request) {
  FieldViolations violations;
  absl::StatusOr<std::string> household_id =
      validation::ParseResourceName(request.household(), "households", "household");
  violations.Merge(household_id.status());
  absl::StatusOr<absl::CivilMonth> first = ParseMonthField(request.start_month(), "start_month");
  absl::StatusOr<absl::CivilMonth> last = ParseMonthField(request.end_month(), "end_month");
  violations.Merge(first.status());
  violations.Merge(last.status());
  if (first.ok() && last.ok()) {
    if (*last < *first) {
      violations.Add("end_month", "must not be before start_month");
    } else if (*last - *first >= kMaxWageIncomeMonths) {
      violations.Add("end_month", absl::StrCat("at most ", kMaxWageIncomeMonths, " months"));
    }
  }
  RRMON_RETURN_IF_ERROR(violations.ToStatus());

  RRMON_ASSIGN_OR_RETURN(std::vector<LabourerRecord> labourers,
                         repository_.ListLabourersOfHousehold(*household_id));
  v1::HouseholdWageIncome income;
  income.set_household(request.household());
  income.set_start_month(request.start_month());
  income.set_end_month(request.end_month());
  int64_t total = 0;
  for (const LabourerRecord& record : labourers) {
    // A labourer outside the caller's region is not the caller's to know of.
    if (!validation::RegionCovers(caller.region_prefix, record.labourer.region_code())) continue;
    income.set_labourers(income.labourers() + 1);
    income.set_spells(income.spells() + static_cast<int32_t>(record.spells.size()));
    total += WageIncomeFen(record.spells, *first, *last);
  }
  if (income.labourers() == 0) {
    return WithErrorReason(
        absl::NotFoundError(absl::StrCat("no labourer is linked to ", request.household())),
        "NO_LABOURERS");
  }
  income.set_wage_fen(total);
  return income;
}

}  // namespace rrmon::employment

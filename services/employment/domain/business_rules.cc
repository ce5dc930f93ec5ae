#include "services/employment/domain/business_rules.h"

#include "absl/strings/str_cat.h"
#include "common/status/field_violations.h"
#include "common/time/civil_date.h"
#include "common/validation/identifiers.h"
#include "common/validation/text.h"

namespace rrmon::employment {
namespace {

constexpr char kLabourers[] = "labourers";
constexpr char kBusinesses[] = "businesses";

std::string Path(const std::string& prefix, const std::string& field) {
  return prefix.empty() ? field : absl::StrCat(prefix, ".", field);
}

}  // namespace

std::string BusinessName(const std::string& labourer_id, const std::string& business_id) {
  return absl::StrCat(kLabourers, "/", labourer_id, "/", kBusinesses, "/", business_id);
}

absl::StatusOr<BusinessRef> ParseBusinessName(const std::string& name, const std::string& field) {
  absl::StatusOr<std::pair<std::string, std::string>> parts =
      validation::ParseChildResourceName(name, kLabourers, kBusinesses, field);
  if (!parts.ok()) return parts.status();
  return BusinessRef{std::move(parts->first), std::move(parts->second)};
}

std::string BusinessIdOf(const v1::Business& business) {
  const size_t slash = business.name().rfind('/');
  return slash == std::string::npos ? business.name() : business.name().substr(slash + 1);
}

absl::Status ValidateBusiness(const v1::Business& business, absl::CivilDay today,
                              const std::string& prefix) {
  FieldViolations violations;
  violations.Merge(validation::ValidateFreeText(
      business.display_name(), Path(prefix, "display_name"), kMaxBusinessNameChars, true));
  violations.Merge(validation::ValidateFreeText(business.sector(), Path(prefix, "sector"),
                                                kMaxSectorChars, true));
  violations.Merge(validation::ValidateFreeText(business.licence(), Path(prefix, "licence"),
                                                kMaxLicenceChars, false));
  violations.Merge(
      ParseDateNotAfter(business.start_date(), Path(prefix, "start_date"), today).status());
  if (business.employees() < 0 || business.employees() > kMaxBusinessEmployees) {
    violations.Add(Path(prefix, "employees"),
                   absl::StrCat("must be between 0 and ", kMaxBusinessEmployees));
  }
  return violations.ToStatus();
}

}  // namespace rrmon::employment

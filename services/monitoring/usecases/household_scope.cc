#include "services/monitoring/usecases/household_scope.h"

#include "common/auth/access_rules.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/validation/identifiers.h"
#include "common/validation/region_code.h"
#include "services/monitoring/domain/household_rules.h"

namespace rrmon::monitoring {
namespace {

// `households/-` lists across every household of a region (AIP-159).
constexpr char kAnyHousehold[] = "households/-";

}  // namespace

absl::Status RequireHouseholdInRegion(const auth::Principal& caller,
                                      const v1::Household& household) {
  if (validation::RegionCovers(caller.region_prefix, household.region_code())) {
    return absl::OkStatus();
  }
  return MarkRefused(ResourceNotFoundError("Household", household.name()));
}

absl::StatusOr<v1::Household> LoadHouseholdInRegion(HouseholdRepository& households,
                                                    const auth::Principal& caller,
                                                    const std::string& household_id) {
  RRMON_ASSIGN_OR_RETURN(v1::Household household, households.Get(household_id));
  RRMON_RETURN_IF_ERROR(RequireHouseholdInRegion(caller, household));
  return household;
}

absl::StatusOr<RegionPageQuery> ResolveListScope(HouseholdRepository& households,
                                                 const auth::Principal& caller,
                                                 const std::string& parent,
                                                 const std::string& region_prefix,
                                                 bool show_deleted) {
  RegionPageQuery query;
  query.show_deleted = show_deleted;
  if (parent == kAnyHousehold) {
    RRMON_ASSIGN_OR_RETURN(query.region_prefix, auth::ScopedRegionPrefix(caller, region_prefix));
    return query;
  }
  if (!region_prefix.empty()) {
    return InvalidFieldError("region_prefix", "applies only with parent households/-");
  }
  RRMON_ASSIGN_OR_RETURN(query.household_id, ParseHouseholdName(parent, "parent"));
  // The household's current region decides access; the rows may carry an older one.
  RRMON_RETURN_IF_ERROR(LoadHouseholdInRegion(households, caller, query.household_id).status());
  query.region_prefix = "";
  return query;
}

}  // namespace rrmon::monitoring

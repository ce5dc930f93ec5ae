#pragma once

// Access to a household's records is decided by the household's CURRENT region: rows
// of signals, cases and measures keep the region they were written under, which a later
// move of the household makes stale. Every use case of those records resolves its scope
// here.

#include <string>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "services/monitoring/usecases/case_repository.h"
#include "services/monitoring/usecases/household_repository.h"

namespace rrmon::monitoring {

// OK when the household lies in the caller's region. Otherwise the NOT_FOUND a household
// that does not exist gets, word for word (RESOURCE_NOT_FOUND), marked as a refusal for
// the security log: an outsider learns neither that the household exists nor where.
absl::Status RequireHouseholdInRegion(const auth::Principal& caller,
                                      const v1::Household& household);

// The household, if it exists and lies in the caller's region (the NOT_FOUND above
// otherwise); soft-deleted households are returned too.
absl::StatusOr<v1::Household> LoadHouseholdInRegion(HouseholdRepository& households,
                                                    const auth::Principal& caller,
                                                    const std::string& household_id);

// Resolves a list parent to a query scope: `households/{h}` (one household in the
// caller's region; region_prefix must be empty) or `households/-` (every household under
// region_prefix, the caller's whole region when empty; records of soft-deleted households
// only with show_deleted). Errors name `parent` or `region_prefix`. limit and after_key
// are left for the caller.
absl::StatusOr<RegionPageQuery> ResolveListScope(HouseholdRepository& households,
                                                 const auth::Principal& caller,
                                                 const std::string& parent,
                                                 const std::string& region_prefix,
                                                 bool show_deleted);

}  // namespace rrmon::monitoring

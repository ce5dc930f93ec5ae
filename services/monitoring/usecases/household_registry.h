#pragma once

// The household registry's use cases: each call validates, scopes to the caller's
// region, computes the new state of the household aggregate with the rules of
// household_rules.h, and has the repository store it with its audit entry. The cache
// is read through on Get and invalidated after every committed change.

#include <functional>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/cache/proto_cache.h"
#include "common/time/clock.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"
#include "services/monitoring/usecases/household_repository.h"

namespace rrmon::monitoring {

// The key of a household in the household cache; every writer of a household invalidates
// it by this key, so there is one spelling of it.
std::string HouseholdCacheKey(const std::string& household_id);

class HouseholdRegistry {
 public:
  // `cache` may be null (no caching). All must outlive the registry.
  HouseholdRegistry(HouseholdRepository& repository, ProtoCache* cache, const Clock& clock);

  absl::StatusOr<v1::Household> Create(const auth::Principal& caller,
                                       const v1::CreateHouseholdRequest& request);
  absl::StatusOr<v1::Household> Get(const auth::Principal& caller, const std::string& name);
  // Get, answered only from what this process holds (the cache's in-process tier) and
  // without waiting: for a handler on a thread that must not block. std::nullopt when
  // the household is not held here; then Get is the way. Same checks, same errors.
  std::optional<absl::StatusOr<v1::Household>> GetIfCached(const auth::Principal& caller,
                                                           const std::string& name);
  absl::StatusOr<v1::ListHouseholdsResponse> List(const auth::Principal& caller,
                                                  const v1::ListHouseholdsRequest& request);
  absl::StatusOr<v1::Household> Update(const auth::Principal& caller,
                                       const v1::UpdateHouseholdRequest& request);
  absl::StatusOr<v1::Household> Delete(const auth::Principal& caller,
                                       const v1::DeleteHouseholdRequest& request);
  absl::StatusOr<v1::Household> Undelete(const auth::Principal& caller,
                                         const v1::UndeleteHouseholdRequest& request);
  absl::StatusOr<v1::HouseholdMember> CreateMember(const auth::Principal& caller,
                                                   const v1::CreateHouseholdMemberRequest& request);
  absl::StatusOr<v1::HouseholdMember> UpdateMember(const auth::Principal& caller,
                                                   const v1::UpdateHouseholdMemberRequest& request);
  absl::StatusOr<v1::Household> DeleteMember(const auth::Principal& caller,
                                             const v1::DeleteHouseholdMemberRequest& request);

  // The household of the person with this ID number, for peer services: NOT_FOUND when
  // no live household in the caller's region holds them (a household outside it is not
  // admitted to exist). The ID number is masked unless the caller sees personal data.
  absl::StatusOr<v1::PersonRecord> LookupPerson(const auth::Principal& caller,
                                                const v1::LookupPersonRequest& request);

  // Called after every committed change (refreshes gauges; later, alert streams).
  void set_on_change(std::function<void()> on_change) { on_change_ = std::move(on_change); }

 private:
  // Loads a household for a change: fresh from storage, in the caller's region.
  absl::StatusOr<v1::Household> LoadForChange(const auth::Principal& caller,
                                              const std::string& household_id);
  // Stores the new state of `before` (revision checked), audits, invalidates the cache.
  absl::StatusOr<WriteResult> Commit(const auth::Principal& caller, const std::string& action,
                                     const v1::Household& before, v1::Household after,
                                     const std::string& reason,
                                     const std::optional<RequestKey>& key,
                                     const std::string& resource_name);
  AuditRecord Audit(const auth::Principal& caller, const std::string& action,
                    const std::string& resource, const std::string& reason) const;
  void Changed(const std::string& household_id);

  HouseholdRepository& repository_;
  ProtoCache* cache_;
  const Clock& clock_;
  std::function<void()> on_change_;
};

}  // namespace rrmon::monitoring

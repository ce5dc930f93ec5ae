#pragma once

// The use cases of labourers, their job spells and businesses: each call validates, scopes to the
// caller's region, computes the new state with the rules of domain/, and has the
// repository store it whole with its audit entry. The household link is asked of
// monitoring when a labourer is stored (or their ID number changes) and on request.

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/time/clock.h"
#include "rrmon/employment/v1/employment_service.pb.h"
#include "services/employment/usecases/household_directory.h"
#include "services/employment/usecases/labour_importer.h"
#include "services/employment/usecases/labourer_repository.h"

namespace rrmon::employment {

class LabourerRegistry {
 public:
  // All must outlive the registry.
  LabourerRegistry(LabourerRepository& repository, HouseholdDirectory& directory,
                   const Clock& clock);

  absl::StatusOr<v1::Labourer> Create(const auth::Principal& caller,
                                      const v1::CreateLabourerRequest& request);
  absl::StatusOr<v1::Labourer> Get(const auth::Principal& caller, const std::string& name);
  absl::StatusOr<v1::ListLabourersResponse> List(const auth::Principal& caller,
                                                 const v1::ListLabourersRequest& request);
  absl::StatusOr<v1::Labourer> Update(const auth::Principal& caller,
                                      const v1::UpdateLabourerRequest& request);
  // Asks monitoring again; UNAVAILABLE (nothing written) when it cannot answer.
  absl::StatusOr<v1::Labourer> RefreshHouseholdLink(const auth::Principal& caller,
                                                    const std::string& name);

  absl::StatusOr<v1::JobSpell> CreateSpell(const auth::Principal& caller,
                                           const v1::CreateJobSpellRequest& request);
  absl::StatusOr<v1::JobSpell> GetSpell(const auth::Principal& caller, const std::string& name);
  absl::StatusOr<v1::ListJobSpellsResponse> ListSpells(const auth::Principal& caller,
                                                       const v1::ListJobSpellsRequest& request);
  absl::StatusOr<v1::JobSpell> EndSpell(const auth::Principal& caller,
                                        const v1::EndJobSpellRequest& request);

  absl::StatusOr<v1::Business> CreateBusiness(const auth::Principal& caller,
                                              const v1::CreateBusinessRequest& request);
  absl::StatusOr<v1::Business> GetBusiness(const auth::Principal& caller, const std::string& name);
  absl::StatusOr<v1::ListBusinessesResponse> ListBusinesses(
      const auth::Principal& caller, const v1::ListBusinessesRequest& request);
  absl::StatusOr<v1::Business> UpdateBusiness(const auth::Principal& caller,
                                              const v1::UpdateBusinessRequest& request);

  // An upload of ImportLabour by `caller`; AddToImport feeds it a message.
  std::unique_ptr<LabourImport> NewImport(const auth::Principal& caller);
  absl::Status AddToImport(LabourImport& upload, const v1::ImportLabourRequest& batch);

  // Called after every committed change (gauges, cached figures).
  void set_on_change(std::function<void()> on_change) { on_change_ = std::move(on_change); }

 private:
  // The labourer with spells, in the caller's region (NOT_FOUND otherwise).
  absl::StatusOr<LabourerRecord> LoadInRegion(const auth::Principal& caller,
                                              const std::string& labourer_id);
  // The scope of a list of spells or businesses under `parent`: a region (`labourers/-`
  // with `requested_region`, the caller's whole region when empty) or one labourer the
  // caller may see; sets one of `region_prefix` and `labourer_id`.
  absl::Status ScopeChildList(const auth::Principal& caller, const std::string& parent,
                              const std::string& requested_region, std::string& region_prefix,
                              std::string& labourer_id);
  // The link of `id_number` now: monitoring's answer, or UNCHECKED when it cannot give
  // one (the labourer is stored all the same).
  v1::HouseholdLink LinkOrUnchecked(const std::string& id_number);
  // Writes `change` computed from `before` (null: a new labourer): the next revision,
  // the time, and an audit row of `resource` showing `audited_before` (null: nothing
  // before) and what the change wrote; `change` holds the stored state after. Returns
  // the logged response of a replayed request.
  absl::StatusOr<std::optional<std::string>> Commit(
      const auth::Principal& caller, const std::string& action, const std::string& resource,
      const std::string& reason, const v1::Labourer* before,
      const google::protobuf::Message* audited_before, LabourerChange& change);
  void Changed();

  LabourerRepository& repository_;
  HouseholdDirectory& directory_;
  const Clock& clock_;
  std::function<void()> on_change_;
};

}  // namespace rrmon::employment

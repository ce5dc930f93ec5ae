#pragma once

// The use cases of risk signals and cases: validation, region scoping, and the new state
// of signal, case and household computed with CaseWorkflow, stored by the repositories
// in one transaction with its audit rows. The household cache is invalidated after every
// committed change of a household's status.

#include <functional>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/cache/proto_cache.h"
#include "common/time/clock.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"
#include "services/monitoring/domain/case_workflow.h"
#include "services/monitoring/usecases/case_repository.h"
#include "services/monitoring/usecases/household_repository.h"

namespace rrmon::monitoring {

// Checks the caller-given fields of a reported signal (INVALID_ARGUMENT naming every
// bad field under `prefix`, e.g. "risk_signal.risk_types[1]"). `today` bounds
// occurred_date.
absl::Status ValidateRiskSignal(const v1::RiskSignal& signal, absl::CivilDay today,
                                const std::string& prefix);

class CaseRegistry {
 public:
  // `cache` (the household cache) may be null. All must outlive the registry.
  CaseRegistry(HouseholdRepository& households, CaseRepository& cases, ProtoCache* cache,
               const CaseWorkflow& workflow, const Clock& clock);

  absl::StatusOr<v1::RiskSignal> ReportRiskSignal(const auth::Principal& caller,
                                                  const v1::ReportRiskSignalRequest& request);
  absl::StatusOr<v1::ListRiskSignalsResponse> ListRiskSignals(
      const auth::Principal& caller, const v1::ListRiskSignalsRequest& request);
  absl::StatusOr<v1::Case> GetCase(const auth::Principal& caller, const std::string& name);
  absl::StatusOr<v1::ListCasesResponse> ListCases(const auth::Principal& caller,
                                                  const v1::ListCasesRequest& request);
  absl::StatusOr<v1::Case> DecideCaseStep(const auth::Principal& caller,
                                          const v1::DecideCaseStepRequest& request);
  absl::StatusOr<v1::Case> ProposeRiskElimination(const auth::Principal& caller,
                                                  const v1::ProposeRiskEliminationRequest& request);

  // The risk-elimination policy, run when elimination is proposed and again at county
  // approval; unset, only the workflow's own checks apply.
  void set_elimination_check(std::function<absl::Status(const v1::Household&)> check) {
    elimination_check_ = std::move(check);
  }
  // Called with every signal stored for the first time (alerts).
  void set_on_signal(std::function<void(const v1::Household&, const v1::RiskSignal&)> hook) {
    on_signal_ = std::move(hook);
  }

  // Called after every committed change (refreshes gauges).
  void set_on_change(std::function<void()> on_change) { on_change_ = std::move(on_change); }

 private:
  absl::StatusOr<v1::Household> LoadHousehold(const auth::Principal& caller,
                                              const std::string& household_id);
  // Resolves a list parent (`households/{h}` or `households/-`) to a query scope.
  absl::StatusOr<RegionPageQuery> ScopeOf(const auth::Principal& caller, const std::string& parent,
                                          const std::string& region_prefix, bool show_deleted);
  AuditRecord Audit(const auth::Principal& caller, const std::string& action,
                    const std::string& resource, const std::string& reason) const;
  // The household as it is after a workflow changes its status: revision bumped.
  v1::Household NextRevision(const v1::Household& before) const;
  void Changed(const std::string& household_id, bool household_changed);

  HouseholdRepository& households_;
  CaseRepository& cases_;
  ProtoCache* cache_;
  const CaseWorkflow& workflow_;
  const Clock& clock_;
  std::function<void()> on_change_;
  std::function<absl::Status(const v1::Household&)> elimination_check_;
  std::function<void(const v1::Household&, const v1::RiskSignal&)> on_signal_;
};

}  // namespace rrmon::monitoring

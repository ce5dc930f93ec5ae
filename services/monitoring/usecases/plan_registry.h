#pragma once

// The use cases of a household's assistance plan (一户一策 measures), its declared income
// and its guarantees, and the two judgments built on them: AssessHousehold against the
// monitoring line, and whether risk elimination may go ahead. Validation and region
// scoping here; the rules themselves are the pure classes (MeasurePolicy,
// IncomeAssessment, RiskEliminationPolicy, MonitoringLineTable).

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "common/time/clock.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"
#include "services/monitoring/domain/income_assessment.h"
#include "services/monitoring/domain/monitoring_line_table.h"
#include "services/monitoring/domain/risk_elimination_policy.h"
#include "services/monitoring/usecases/household_repository.h"
#include "services/monitoring/usecases/peer_income.h"
#include "services/monitoring/usecases/plan_repository.h"

namespace rrmon::monitoring {

class PlanRegistry {
 public:
  // All must outlive the registry.
  PlanRegistry(HouseholdRepository& households, PlanRepository& plans,
               const MonitoringLineTable& lines, PeerIncomeSource& peers,
               const RiskEliminationPolicy& elimination_policy, const Clock& clock);

  absl::StatusOr<v1::AssistanceMeasureResponse> CreateMeasure(
      const auth::Principal& caller, const v1::CreateAssistanceMeasureRequest& request);
  absl::StatusOr<v1::AssistanceMeasure> GetMeasure(const auth::Principal& caller,
                                                   const std::string& name);
  absl::StatusOr<v1::ListAssistanceMeasuresResponse> ListMeasures(
      const auth::Principal& caller, const v1::ListAssistanceMeasuresRequest& request);
  absl::StatusOr<v1::AssistanceMeasureResponse> UpdateMeasure(
      const auth::Principal& caller, const v1::UpdateAssistanceMeasureRequest& request);

  absl::StatusOr<v1::IncomeRecord> SetIncomeRecord(const auth::Principal& caller,
                                                   const v1::SetIncomeRecordRequest& request);
  absl::StatusOr<v1::ListIncomeRecordsResponse> ListIncomeRecords(
      const auth::Principal& caller, const v1::ListIncomeRecordsRequest& request);

  absl::StatusOr<v1::Guarantees> GetGuarantees(const auth::Principal& caller,
                                               const std::string& name);
  absl::StatusOr<v1::Guarantees> UpdateGuarantees(const auth::Principal& caller,
                                                  const v1::UpdateGuaranteesRequest& request);

  absl::StatusOr<v1::Assessment> AssessHousehold(const auth::Principal& caller,
                                                 const v1::AssessHouseholdRequest& request);

  // OK when RiskEliminationPolicy allows eliminating the risk of `household` today;
  // FAILED_PRECONDITION naming every failed condition otherwise (or when no monitoring
  // line is configured for the household).
  absl::Status CheckElimination(const v1::Household& household);

  // Called after every committed change (gauges, statistics cache).
  void set_on_change(std::function<void()> on_change) { on_change_ = std::move(on_change); }
  // Called with every assessment made (alerts for those at risk).
  void set_on_assessed(std::function<void(const v1::Household&, const v1::Assessment&)> hook) {
    on_assessed_ = std::move(hook);
  }

 private:
  absl::StatusOr<v1::Household> LoadHousehold(const auth::Principal& caller,
                                              const std::string& household_id);
  AuditRecord Audit(const auth::Principal& caller, const std::string& action,
                    const std::string& resource, const std::string& reason) const;
  // The plan's warnings after `changed` is written (it replaces the stored measure of the
  // same name).
  absl::StatusOr<std::vector<std::string>> WarningsWith(const v1::Household& household,
                                                        const std::string& household_id,
                                                        const v1::AssistanceMeasure& changed);
  // The assessment of `household` as of `day`, from storage and the peers.
  absl::StatusOr<v1::Assessment> Evaluate(const v1::Household& household,
                                          const std::string& household_id, absl::CivilDay day);
  void Changed();

  HouseholdRepository& households_;
  PlanRepository& plans_;
  const MonitoringLineTable& lines_;
  PeerIncomeSource& peers_;
  const RiskEliminationPolicy& elimination_policy_;
  const Clock& clock_;
  std::function<void()> on_change_;
  std::function<void(const v1::Household&, const v1::Assessment&)> on_assessed_;
};

}  // namespace rrmon::monitoring

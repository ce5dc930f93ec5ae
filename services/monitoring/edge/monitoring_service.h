#pragma once

// gRPC handlers of rrmon.monitoring.v1.MonitoringService: authenticate, check the
// role, call the registry, mask what the caller may not see, map errors.

#include <string>
#include <vector>

#include "common/audit/read_audit_log.h"
#include "common/auth/authorizer.h"
#include "common/server/call_gate.h"
#include "common/time/clock.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"
#include "services/monitoring/usecases/alert_hub.h"
#include "services/monitoring/usecases/audit_trail_reader.h"
#include "services/monitoring/usecases/case_registry.h"
#include "services/monitoring/usecases/household_registry.h"
#include "services/monitoring/usecases/plan_registry.h"
#include "services/monitoring/usecases/statistics_reporter.h"

namespace rrmon::monitoring {

// Who may call each method (docs/architecture.md has the same table for people).
const MethodRoles& MonitoringMethodRoles();

class MonitoringServiceImpl final : public v1::MonitoringService::Service {
 public:
  MonitoringServiceImpl(const auth::Authenticator& authenticator, HouseholdRegistry& registry,
                        CaseRegistry& cases, PlanRegistry& plans, StatisticsReporter& statistics,
                        AlertHub& alerts, size_t max_alert_streams, AuditTrailReader& trail,
                        ReadAuditLog& reads, const Clock& clock)
      : gate_("monitoring", "monitoring.rrmon", authenticator, MonitoringMethodRoles()),
        registry_(registry),
        cases_(cases),
        plans_(plans),
        statistics_(statistics),
        alerts_(alerts),
        max_alert_streams_(max_alert_streams),
        trail_(trail),
        reads_(reads),
        clock_(clock) {}

  grpc::Status CreateHousehold(grpc::ServerContext* context,
                               const v1::CreateHouseholdRequest* request,
                               v1::Household* response) override;
  grpc::Status GetHousehold(grpc::ServerContext* context, const v1::GetHouseholdRequest* request,
                            v1::Household* response) override;
  grpc::Status ListHouseholds(grpc::ServerContext* context,
                              const v1::ListHouseholdsRequest* request,
                              v1::ListHouseholdsResponse* response) override;
  grpc::Status UpdateHousehold(grpc::ServerContext* context,
                               const v1::UpdateHouseholdRequest* request,
                               v1::Household* response) override;
  grpc::Status DeleteHousehold(grpc::ServerContext* context,
                               const v1::DeleteHouseholdRequest* request,
                               v1::Household* response) override;
  grpc::Status UndeleteHousehold(grpc::ServerContext* context,
                                 const v1::UndeleteHouseholdRequest* request,
                                 v1::Household* response) override;
  grpc::Status CreateHouseholdMember(grpc::ServerContext* context,
                                     const v1::CreateHouseholdMemberRequest* request,
                                     v1::HouseholdMember* response) override;
  grpc::Status UpdateHouseholdMember(grpc::ServerContext* context,
                                     const v1::UpdateHouseholdMemberRequest* request,
                                     v1::HouseholdMember* response) override;
  grpc::Status DeleteHouseholdMember(grpc::ServerContext* context,
                                     const v1::DeleteHouseholdMemberRequest* request,
                                     v1::DeleteHouseholdMemberResponse* response) override;
  grpc::Status ReportRiskSignal(grpc::ServerContext* context,
                                const v1::ReportRiskSignalRequest* request,
                                v1::RiskSignal* response) override;
  grpc::Status ListRiskSignals(grpc::ServerContext* context,
                               const v1::ListRiskSignalsRequest* request,
                               v1::ListRiskSignalsResponse* response) override;
  grpc::Status GetCase(grpc::ServerContext* context, const v1::GetCaseRequest* request,
                       v1::Case* response) override;
  grpc::Status ListCases(grpc::ServerContext* context, const v1::ListCasesRequest* request,
                         v1::ListCasesResponse* response) override;
  grpc::Status DecideCaseStep(grpc::ServerContext* context,
                              const v1::DecideCaseStepRequest* request,
                              v1::Case* response) override;
  grpc::Status ProposeRiskElimination(grpc::ServerContext* context,
                                      const v1::ProposeRiskEliminationRequest* request,
                                      v1::Case* response) override;
  grpc::Status CreateAssistanceMeasure(grpc::ServerContext* context,
                                       const v1::CreateAssistanceMeasureRequest* request,
                                       v1::AssistanceMeasureResponse* response) override;
  grpc::Status GetAssistanceMeasure(grpc::ServerContext* context,
                                    const v1::GetAssistanceMeasureRequest* request,
                                    v1::AssistanceMeasure* response) override;
  grpc::Status ListAssistanceMeasures(grpc::ServerContext* context,
                                      const v1::ListAssistanceMeasuresRequest* request,
                                      v1::ListAssistanceMeasuresResponse* response) override;
  grpc::Status UpdateAssistanceMeasure(grpc::ServerContext* context,
                                       const v1::UpdateAssistanceMeasureRequest* request,
                                       v1::AssistanceMeasureResponse* response) override;
  grpc::Status SetIncomeRecord(grpc::ServerContext* context,
                               const v1::SetIncomeRecordRequest* request,
                               v1::IncomeRecord* response) override;
  grpc::Status ListIncomeRecords(grpc::ServerContext* context,
                                 const v1::ListIncomeRecordsRequest* request,
                                 v1::ListIncomeRecordsResponse* response) override;
  grpc::Status GetGuarantees(grpc::ServerContext* context, const v1::GetGuaranteesRequest* request,
                             v1::Guarantees* response) override;
  grpc::Status UpdateGuarantees(grpc::ServerContext* context,
                                const v1::UpdateGuaranteesRequest* request,
                                v1::Guarantees* response) override;
  grpc::Status AssessHousehold(grpc::ServerContext* context,
                               const v1::AssessHouseholdRequest* request,
                               v1::Assessment* response) override;
  grpc::Status GetMonitoringStatistics(grpc::ServerContext* context,
                                       const v1::GetMonitoringStatisticsRequest* request,
                                       v1::MonitoringStatistics* response) override;
  grpc::Status WatchAlerts(grpc::ServerContext* context, const v1::WatchAlertsRequest* request,
                           grpc::ServerWriter<v1::Alert>* writer) override;
  grpc::Status ListAuditEntries(grpc::ServerContext* context,
                                const v1::ListAuditEntriesRequest* request,
                                v1::ListAuditEntriesResponse* response) override;

 private:
  // Puts the reads of personal data a call answered into the audit trail (queued; the
  // call does not wait for storage).
  void RecordReads(const auth::Principal& caller, const std::string& method,
                   const std::vector<std::string>& resources);

  const CallGate gate_;
  HouseholdRegistry& registry_;
  CaseRegistry& cases_;
  PlanRegistry& plans_;
  StatisticsReporter& statistics_;
  AlertHub& alerts_;
  // Each open stream holds a handler thread of the synchronous server for its whole life;
  // beyond this many, WatchAlerts is refused so unary calls always have threads left.
  const size_t max_alert_streams_;
  AuditTrailReader& trail_;
  ReadAuditLog& reads_;
  const Clock& clock_;
};

}  // namespace rrmon::monitoring

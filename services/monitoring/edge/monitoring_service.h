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

class MonitoringServiceImpl final : public v1::MonitoringService::CallbackService {
 public:
  MonitoringServiceImpl(const auth::Authenticator& authenticator, HouseholdRegistry& registry,
                        CaseRegistry& cases, PlanRegistry& plans, StatisticsReporter& statistics,
                        AlertHub& alerts, size_t max_alert_streams, AuditTrailReader& trail,
                        ReadAuditLog& reads, const Clock& clock, BlockingExecutor* executor)
      : gate_("monitoring", "monitoring.rrmon", authenticator, MonitoringMethodRoles(), executor),
        registry_(registry),
        cases_(cases),
        plans_(plans),
        statistics_(statistics),
        alerts_(alerts),
        max_alert_streams_(max_alert_streams),
        trail_(trail),
        reads_(reads),
        clock_(clock) {}

  grpc::ServerUnaryReactor* CreateHousehold(grpc::CallbackServerContext* context,
                                            const v1::CreateHouseholdRequest* request,
                                            v1::Household* response) override;
  grpc::ServerUnaryReactor* GetHousehold(grpc::CallbackServerContext* context,
                                         const v1::GetHouseholdRequest* request,
                                         v1::Household* response) override;
  grpc::ServerUnaryReactor* ListHouseholds(grpc::CallbackServerContext* context,
                                           const v1::ListHouseholdsRequest* request,
                                           v1::ListHouseholdsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateHousehold(grpc::CallbackServerContext* context,
                                            const v1::UpdateHouseholdRequest* request,
                                            v1::Household* response) override;
  grpc::ServerUnaryReactor* DeleteHousehold(grpc::CallbackServerContext* context,
                                            const v1::DeleteHouseholdRequest* request,
                                            v1::Household* response) override;
  grpc::ServerUnaryReactor* UndeleteHousehold(grpc::CallbackServerContext* context,
                                              const v1::UndeleteHouseholdRequest* request,
                                              v1::Household* response) override;
  grpc::ServerUnaryReactor* CreateHouseholdMember(grpc::CallbackServerContext* context,
                                                  const v1::CreateHouseholdMemberRequest* request,
                                                  v1::HouseholdMember* response) override;
  grpc::ServerUnaryReactor* UpdateHouseholdMember(grpc::CallbackServerContext* context,
                                                  const v1::UpdateHouseholdMemberRequest* request,
                                                  v1::HouseholdMember* response) override;
  grpc::ServerUnaryReactor* DeleteHouseholdMember(
      grpc::CallbackServerContext* context, const v1::DeleteHouseholdMemberRequest* request,
      v1::DeleteHouseholdMemberResponse* response) override;
  grpc::ServerUnaryReactor* ReportRiskSignal(grpc::CallbackServerContext* context,
                                             const v1::ReportRiskSignalRequest* request,
                                             v1::RiskSignal* response) override;
  grpc::ServerUnaryReactor* ListRiskSignals(grpc::CallbackServerContext* context,
                                            const v1::ListRiskSignalsRequest* request,
                                            v1::ListRiskSignalsResponse* response) override;
  grpc::ServerUnaryReactor* GetCase(grpc::CallbackServerContext* context,
                                    const v1::GetCaseRequest* request, v1::Case* response) override;
  grpc::ServerUnaryReactor* ListCases(grpc::CallbackServerContext* context,
                                      const v1::ListCasesRequest* request,
                                      v1::ListCasesResponse* response) override;
  grpc::ServerUnaryReactor* DecideCaseStep(grpc::CallbackServerContext* context,
                                           const v1::DecideCaseStepRequest* request,
                                           v1::Case* response) override;
  grpc::ServerUnaryReactor* ProposeRiskElimination(grpc::CallbackServerContext* context,
                                                   const v1::ProposeRiskEliminationRequest* request,
                                                   v1::Case* response) override;
  grpc::ServerUnaryReactor* CreateAssistanceMeasure(
      grpc::CallbackServerContext* context, const v1::CreateAssistanceMeasureRequest* request,
      v1::AssistanceMeasureResponse* response) override;
  grpc::ServerUnaryReactor* GetAssistanceMeasure(grpc::CallbackServerContext* context,
                                                 const v1::GetAssistanceMeasureRequest* request,
                                                 v1::AssistanceMeasure* response) override;
  grpc::ServerUnaryReactor* ListAssistanceMeasures(
      grpc::CallbackServerContext* context, const v1::ListAssistanceMeasuresRequest* request,
      v1::ListAssistanceMeasuresResponse* response) override;
  grpc::ServerUnaryReactor* UpdateAssistanceMeasure(
      grpc::CallbackServerContext* context, const v1::UpdateAssistanceMeasureRequest* request,
      v1::AssistanceMeasureResponse* response) override;
  grpc::ServerUnaryReactor* SetIncomeRecord(grpc::CallbackServerContext* context,
                                            const v1::SetIncomeRecordRequest* request,
                                            v1::IncomeRecord* response) override;
  grpc::ServerUnaryReactor* ListIncomeRecords(grpc::CallbackServerContext* context,
                                              const v1::ListIncomeRecordsRequest* request,
                                              v1::ListIncomeRecordsResponse* response) override;
  grpc::ServerUnaryReactor* GetGuarantees(grpc::CallbackServerContext* context,
                                          const v1::GetGuaranteesRequest* request,
                                          v1::Guarantees* response) override;
  grpc::ServerUnaryReactor* UpdateGuarantees(grpc::CallbackServerContext* context,
                                             const v1::UpdateGuaranteesRequest* request,
                                             v1::Guarantees* response) override;
  grpc::ServerUnaryReactor* AssessHousehold(grpc::CallbackServerContext* context,
                                            const v1::AssessHouseholdRequest* request,
                                            v1::Assessment* response) override;
  grpc::ServerUnaryReactor* GetMonitoringStatistics(
      grpc::CallbackServerContext* context, const v1::GetMonitoringStatisticsRequest* request,
      v1::MonitoringStatistics* response) override;
  grpc::ServerWriteReactor<v1::Alert>* WatchAlerts(grpc::CallbackServerContext* context,
                                                   const v1::WatchAlertsRequest* request) override;
  grpc::ServerUnaryReactor* LookupPerson(grpc::CallbackServerContext* context,
                                         const v1::LookupPersonRequest* request,
                                         v1::PersonRecord* response) override;
  grpc::ServerUnaryReactor* ListAuditEntries(grpc::CallbackServerContext* context,
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
  // Open streams cost a queue each, no thread; the cap bounds their memory.
  const size_t max_alert_streams_;
  AuditTrailReader& trail_;
  ReadAuditLog& reads_;
  const Clock& clock_;
};

}  // namespace rrmon::monitoring

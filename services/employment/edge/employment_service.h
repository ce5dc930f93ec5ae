#pragma once

// gRPC handlers of rrmon.employment.v1.EmploymentService: authenticate, check the role,
// call the use case, mask what the caller may not see, record reads of personal data.

#include <string>
#include <vector>

#include "common/audit/read_audit_log.h"
#include "common/auth/authorizer.h"
#include "common/server/call_gate.h"
#include "common/time/clock.h"
#include "rrmon/employment/v1/employment_service.grpc.pb.h"
#include "services/employment/usecases/labourer_registry.h"
#include "services/employment/usecases/progress_reporter.h"
#include "services/employment/usecases/wage_income_reader.h"

namespace rrmon::employment {

// Who may call each method.
const MethodRoles& EmploymentMethodRoles();

class EmploymentServiceImpl final : public v1::EmploymentService::CallbackService {
 public:
  EmploymentServiceImpl(const auth::Authenticator& authenticator, LabourerRegistry& labourers,
                        WageIncomeReader& wage_income, ProgressReporter& progress,
                        ReadAuditLog& reads, const Clock& clock, BlockingExecutor* executor)
      : gate_("employment", "employment.rrmon", authenticator, EmploymentMethodRoles(), executor),
        labourers_(labourers),
        wage_income_(wage_income),
        progress_(progress),
        reads_(reads),
        clock_(clock) {}

  grpc::ServerUnaryReactor* CreateLabourer(grpc::CallbackServerContext* context,
                                           const v1::CreateLabourerRequest* request,
                                           v1::Labourer* response) override;
  grpc::ServerUnaryReactor* GetLabourer(grpc::CallbackServerContext* context,
                                        const v1::GetLabourerRequest* request,
                                        v1::Labourer* response) override;
  grpc::ServerUnaryReactor* ListLabourers(grpc::CallbackServerContext* context,
                                          const v1::ListLabourersRequest* request,
                                          v1::ListLabourersResponse* response) override;
  grpc::ServerUnaryReactor* UpdateLabourer(grpc::CallbackServerContext* context,
                                           const v1::UpdateLabourerRequest* request,
                                           v1::Labourer* response) override;
  grpc::ServerUnaryReactor* RefreshHouseholdLink(grpc::CallbackServerContext* context,
                                                 const v1::RefreshHouseholdLinkRequest* request,
                                                 v1::Labourer* response) override;
  grpc::ServerUnaryReactor* CreateJobSpell(grpc::CallbackServerContext* context,
                                           const v1::CreateJobSpellRequest* request,
                                           v1::JobSpell* response) override;
  grpc::ServerUnaryReactor* GetJobSpell(grpc::CallbackServerContext* context,
                                        const v1::GetJobSpellRequest* request,
                                        v1::JobSpell* response) override;
  grpc::ServerUnaryReactor* ListJobSpells(grpc::CallbackServerContext* context,
                                          const v1::ListJobSpellsRequest* request,
                                          v1::ListJobSpellsResponse* response) override;
  grpc::ServerUnaryReactor* EndJobSpell(grpc::CallbackServerContext* context,
                                        const v1::EndJobSpellRequest* request,
                                        v1::JobSpell* response) override;
  grpc::ServerUnaryReactor* GetHouseholdWageIncome(grpc::CallbackServerContext* context,
                                                   const v1::GetHouseholdWageIncomeRequest* request,
                                                   v1::HouseholdWageIncome* response) override;
  grpc::ServerUnaryReactor* CreateBusiness(grpc::CallbackServerContext* context,
                                           const v1::CreateBusinessRequest* request,
                                           v1::Business* response) override;
  grpc::ServerUnaryReactor* GetBusiness(grpc::CallbackServerContext* context,
                                        const v1::GetBusinessRequest* request,
                                        v1::Business* response) override;
  grpc::ServerUnaryReactor* ListBusinesses(grpc::CallbackServerContext* context,
                                           const v1::ListBusinessesRequest* request,
                                           v1::ListBusinessesResponse* response) override;
  grpc::ServerUnaryReactor* UpdateBusiness(grpc::CallbackServerContext* context,
                                           const v1::UpdateBusinessRequest* request,
                                           v1::Business* response) override;
  grpc::ServerUnaryReactor* SetEmploymentTarget(grpc::CallbackServerContext* context,
                                                const v1::SetEmploymentTargetRequest* request,
                                                v1::EmploymentTarget* response) override;
  grpc::ServerUnaryReactor* GetEmploymentTarget(grpc::CallbackServerContext* context,
                                                const v1::GetEmploymentTargetRequest* request,
                                                v1::EmploymentTarget* response) override;
  grpc::ServerUnaryReactor* GetEmploymentProgress(grpc::CallbackServerContext* context,
                                                  const v1::GetEmploymentProgressRequest* request,
                                                  v1::EmploymentProgress* response) override;
  grpc::ServerReadReactor<v1::ImportLabourRequest>* ImportLabour(
      grpc::CallbackServerContext* context, v1::ImportLabourResponse* response) override;

 private:
  // Queues the reads of personal data for the audit trail.
  void RecordReads(const auth::Principal& caller, const std::string& method,
                   const std::vector<std::string>& resources);

  CallGate gate_;
  LabourerRegistry& labourers_;
  WageIncomeReader& wage_income_;
  ProgressReporter& progress_;
  ReadAuditLog& reads_;
  const Clock& clock_;
};

}  // namespace rrmon::employment

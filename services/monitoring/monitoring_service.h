#pragma once

// gRPC handlers of rrmon.monitoring.v1.MonitoringService: authenticate, check the
// role, call the registry, mask what the caller may not see, map errors.

#include "common/auth/authorizer.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"
#include "services/monitoring/case_registry.h"
#include "services/monitoring/household_registry.h"

namespace rrmon::monitoring {

class MonitoringServiceImpl final : public v1::MonitoringService::Service {
 public:
  MonitoringServiceImpl(const auth::Authenticator& authenticator, HouseholdRegistry& registry,
                        CaseRegistry& cases)
      : authenticator_(authenticator), registry_(registry), cases_(cases) {}

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

 private:
  const auth::Authenticator& authenticator_;
  HouseholdRegistry& registry_;
  CaseRegistry& cases_;
};

}  // namespace rrmon::monitoring

#pragma once

// gRPC handlers of rrmon.monitoring.v1.MonitoringService: authenticate, check the
// role, call the registry, mask what the caller may not see, map errors.

#include "common/auth/authorizer.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"
#include "services/monitoring/household_registry.h"

namespace rrmon::monitoring {

class MonitoringServiceImpl final : public v1::MonitoringService::Service {
 public:
  MonitoringServiceImpl(const auth::Authenticator& authenticator, HouseholdRegistry& registry)
      : authenticator_(authenticator), registry_(registry) {}

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

 private:
  const auth::Authenticator& authenticator_;
  HouseholdRegistry& registry_;
};

}  // namespace rrmon::monitoring

#include "services/employment/edge/employment_service.h"

#include "common/auth/access_rules.h"
#include "common/server/client_stream.h"
#include "common/status/macros.h"
#include "services/employment/domain/labourer_rules.h"

namespace rrmon::employment {
namespace {

using rrmon::common::v1::Role;

// Labourers and their spells are entered by the cadres and officers of their region.
// Peer services read them (masked); analysts read aggregates only, never people.
const std::vector<Role> kLabourReaders = {Role::ROLE_VILLAGE_CADRE, Role::ROLE_TOWNSHIP_OFFICER,
                                          Role::ROLE_COUNTY_OFFICER, Role::ROLE_SERVICE};
// A household's wage income: monitoring's assessment (a service), and the officers who
// supervise the assessments.
const std::vector<Role> kIncomeReaders = {Role::ROLE_TOWNSHIP_OFFICER, Role::ROLE_COUNTY_OFFICER,
                                          Role::ROLE_SERVICE};
const std::vector<Role> kLabourWriters = {Role::ROLE_VILLAGE_CADRE, Role::ROLE_TOWNSHIP_OFFICER,
                                          Role::ROLE_COUNTY_OFFICER};
// Targets are set by the county (or, with a wider region, the prefecture) officials.
const std::vector<Role> kTargetSetters = {Role::ROLE_COUNTY_OFFICER};
// Progress is aggregates: everyone who works with the figures, analysts included.
const std::vector<Role> kProgressReaders = {Role::ROLE_VILLAGE_CADRE, Role::ROLE_TOWNSHIP_OFFICER,
                                            Role::ROLE_COUNTY_OFFICER, Role::ROLE_ANALYST};

void MaskFor(const auth::Principal& caller, v1::Labourer& labourer) {
  if (!auth::CanSeeSensitiveData(caller)) MaskSensitiveData(labourer);
}

}  // namespace

const MethodRoles& EmploymentMethodRoles() {
  static const auto* roles = new MethodRoles({
      {"CreateLabourer", kLabourWriters},
      {"GetLabourer", kLabourReaders},
      {"ListLabourers", kLabourReaders},
      {"UpdateLabourer", kLabourWriters},
      {"RefreshHouseholdLink", kLabourWriters},
      {"CreateJobSpell", kLabourWriters},
      {"GetJobSpell", kLabourReaders},
      {"ListJobSpells", kLabourReaders},
      {"EndJobSpell", kLabourWriters},
      {"GetHouseholdWageIncome", kIncomeReaders},
      {"CreateBusiness", kLabourWriters},
      {"GetBusiness", kLabourReaders},
      {"ListBusinesses", kLabourReaders},
      {"UpdateBusiness", kLabourWriters},
      {"SetEmploymentTarget", kTargetSetters},
      {"GetEmploymentTarget", kProgressReaders},
      {"GetEmploymentProgress", kProgressReaders},
      {"ImportLabour", kLabourWriters},
  });
  return *roles;
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::CreateLabourer(
    grpc::CallbackServerContext* context, const v1::CreateLabourerRequest* request,
    v1::Labourer* response) {
  return gate_.Serve(context, "CreateLabourer",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, labourers_.Create(caller, *request));
                       MaskFor(caller, *response);
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::GetLabourer(grpc::CallbackServerContext* context,
                                                             const v1::GetLabourerRequest* request,
                                                             v1::Labourer* response) {
  return gate_.Serve(context, "GetLabourer",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, labourers_.Get(caller, request->name()));
                       MaskFor(caller, *response);
                       RecordReads(caller, "GetLabourer", {response->name()});
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::ListLabourers(
    grpc::CallbackServerContext* context, const v1::ListLabourersRequest* request,
    v1::ListLabourersResponse* response) {
  return gate_.Serve(context, "ListLabourers",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, labourers_.List(caller, *request));
                       std::vector<std::string> read;
                       for (auto& labourer : *response->mutable_labourers()) {
                         MaskFor(caller, labourer);
                         read.push_back(labourer.name());
                       }
                       RecordReads(caller, "ListLabourers", read);
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::UpdateLabourer(
    grpc::CallbackServerContext* context, const v1::UpdateLabourerRequest* request,
    v1::Labourer* response) {
  return gate_.Serve(context, "UpdateLabourer",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, labourers_.Update(caller, *request));
                       MaskFor(caller, *response);
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::RefreshHouseholdLink(
    grpc::CallbackServerContext* context, const v1::RefreshHouseholdLinkRequest* request,
    v1::Labourer* response) {
  return gate_.Serve(context, "RefreshHouseholdLink",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(
                           *response, labourers_.RefreshHouseholdLink(caller, request->name()));
                       MaskFor(caller, *response);
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::CreateJobSpell(
    grpc::CallbackServerContext* context, const v1::CreateJobSpellRequest* request,
    v1::JobSpell* response) {
  return gate_.Serve(context, "CreateJobSpell",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, labourers_.CreateSpell(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::GetJobSpell(grpc::CallbackServerContext* context,
                                                             const v1::GetJobSpellRequest* request,
                                                             v1::JobSpell* response) {
  return gate_.Serve(context, "GetJobSpell",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response,
                                              labourers_.GetSpell(caller, request->name()));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::ListJobSpells(
    grpc::CallbackServerContext* context, const v1::ListJobSpellsRequest* request,
    v1::ListJobSpellsResponse* response) {
  return gate_.Serve(context, "ListJobSpells",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, labourers_.ListSpells(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::EndJobSpell(grpc::CallbackServerContext* context,
                                                             const v1::EndJobSpellRequest* request,
                                                             v1::JobSpell* response) {
  return gate_.Serve(context, "EndJobSpell",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, labourers_.EndSpell(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::GetHouseholdWageIncome(
    grpc::CallbackServerContext* context, const v1::GetHouseholdWageIncomeRequest* request,
    v1::HouseholdWageIncome* response) {
  return gate_.Serve(context, "GetHouseholdWageIncome",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, wage_income_.Read(caller, *request));
                       // Income is personal data of the household's members.
                       RecordReads(caller, "GetHouseholdWageIncome", {request->household()});
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::CreateBusiness(
    grpc::CallbackServerContext* context, const v1::CreateBusinessRequest* request,
    v1::Business* response) {
  return gate_.Serve(context, "CreateBusiness",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response,
                                              labourers_.CreateBusiness(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::GetBusiness(grpc::CallbackServerContext* context,
                                                             const v1::GetBusinessRequest* request,
                                                             v1::Business* response) {
  return gate_.Serve(context, "GetBusiness",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response,
                                              labourers_.GetBusiness(caller, request->name()));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::ListBusinesses(
    grpc::CallbackServerContext* context, const v1::ListBusinessesRequest* request,
    v1::ListBusinessesResponse* response) {
  return gate_.Serve(context, "ListBusinesses",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response,
                                              labourers_.ListBusinesses(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::UpdateBusiness(
    grpc::CallbackServerContext* context, const v1::UpdateBusinessRequest* request,
    v1::Business* response) {
  return gate_.Serve(context, "UpdateBusiness",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response,
                                              labourers_.UpdateBusiness(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::SetEmploymentTarget(
    grpc::CallbackServerContext* context, const v1::SetEmploymentTargetRequest* request,
    v1::EmploymentTarget* response) {
  return gate_.Serve(context, "SetEmploymentTarget",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, progress_.SetTarget(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::GetEmploymentTarget(
    grpc::CallbackServerContext* context, const v1::GetEmploymentTargetRequest* request,
    v1::EmploymentTarget* response) {
  return gate_.Serve(context, "GetEmploymentTarget",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response,
                                              progress_.GetTarget(caller, request->name()));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* EmploymentServiceImpl::GetEmploymentProgress(
    grpc::CallbackServerContext* context, const v1::GetEmploymentProgressRequest* request,
    v1::EmploymentProgress* response) {
  return gate_.Serve(context, "GetEmploymentProgress",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, progress_.GetProgress(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerReadReactor<v1::ImportLabourRequest>* EmploymentServiceImpl::ImportLabour(
    grpc::CallbackServerContext* context, v1::ImportLabourResponse* response) {
  // The upload's state, shared by the two callbacks; created with the first message.
  auto upload = std::make_shared<std::unique_ptr<LabourImport>>();
  return ServeClientStream<v1::ImportLabourRequest>(
      gate_, context, "ImportLabour",
      [this, upload](const auth::Principal& caller,
                     const v1::ImportLabourRequest& batch) -> absl::Status {
        if (*upload == nullptr) *upload = labourers_.NewImport(caller);
        return labourers_.AddToImport(**upload, batch);
      },
      [this, upload, response](const auth::Principal& caller) -> absl::Status {
        if (*upload == nullptr) *upload = labourers_.NewImport(caller);  // an empty upload
        *response = (*upload)->response();
        return absl::OkStatus();
      });
}

void EmploymentServiceImpl::RecordReads(const auth::Principal& caller, const std::string& method,
                                        const std::vector<std::string>& resources) {
  reads_.Record(caller, method, clock_.Now(), resources);
}

}  // namespace rrmon::employment

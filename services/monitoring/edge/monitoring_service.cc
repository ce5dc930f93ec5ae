#include "services/monitoring/edge/monitoring_service.h"

#include <vector>

#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "services/monitoring/domain/household_rules.h"
#include "services/monitoring/edge/alert_stream.h"
#include "services/monitoring/usecases/household_scope.h"

namespace rrmon::monitoring {
namespace {

using rrmon::common::v1::Role;

// Who may do what in the registry. Analysts read aggregates only, never households.
const std::vector<Role> kRegistryReaders = {Role::ROLE_VILLAGE_CADRE, Role::ROLE_TOWNSHIP_OFFICER,
                                            Role::ROLE_COUNTY_OFFICER, Role::ROLE_SERVICE};
const std::vector<Role> kRegistryWriters = {Role::ROLE_VILLAGE_CADRE, Role::ROLE_TOWNSHIP_OFFICER,
                                            Role::ROLE_COUNTY_OFFICER};
// Taking a household out of the registry is an officer's decision, not a cadre's.
const std::vector<Role> kRegistryRemovers = {Role::ROLE_TOWNSHIP_OFFICER,
                                             Role::ROLE_COUNTY_OFFICER};

// Peer services find a person's household (employment links labourers); officers may
// ask the same question of the registry.
const std::vector<Role> kPersonLookups = {Role::ROLE_TOWNSHIP_OFFICER, Role::ROLE_COUNTY_OFFICER,
                                          Role::ROLE_SERVICE};

// Risk signals come from the field and from peer services (employment reports job
// losses). Cases are handled by the cadres and officers of the procedure; the workflow
// checks which of them decides each step.
const std::vector<Role> kSignalReporters = {Role::ROLE_VILLAGE_CADRE, Role::ROLE_TOWNSHIP_OFFICER,
                                            Role::ROLE_COUNTY_OFFICER, Role::ROLE_SERVICE};
const std::vector<Role> kCaseHandlers = {Role::ROLE_VILLAGE_CADRE, Role::ROLE_TOWNSHIP_OFFICER,
                                         Role::ROLE_COUNTY_OFFICER};

// A household's plan, income and guarantees are kept by the cadres and officers who
// assist it; income and guarantees are personal data, so neither analysts nor peer
// services read them.
const std::vector<Role> kPlanWriters = {Role::ROLE_VILLAGE_CADRE, Role::ROLE_TOWNSHIP_OFFICER,
                                        Role::ROLE_COUNTY_OFFICER};

// Counts and alerts carry no personal data: analysts and dashboards read them too.
const std::vector<Role> kStatisticsReaders = {Role::ROLE_VILLAGE_CADRE, Role::ROLE_TOWNSHIP_OFFICER,
                                              Role::ROLE_COUNTY_OFFICER, Role::ROLE_ANALYST};

// Who may read a household's audit trail: the officers who supervise its region. The
// trail holds every version of the records, so it is read by those who may see them all.
const std::vector<Role> kAuditReaders = {Role::ROLE_TOWNSHIP_OFFICER, Role::ROLE_COUNTY_OFFICER};

template <typename Records>
std::vector<std::string> NamesOf(const Records& records) {
  std::vector<std::string> names;
  names.reserve(static_cast<size_t>(records.size()));
  for (const auto& record : records) names.push_back(record.name());
  return names;
}

template <typename Message>
void MaskFor(const auth::Principal& caller, Message& message) {
  if (!auth::CanSeeSensitiveData(caller)) MaskSensitiveData(message);
}

}  // namespace

const MethodRoles& MonitoringMethodRoles() {
  static const auto* roles = new MethodRoles({
      {"CreateHousehold", kRegistryWriters},
      {"GetHousehold", kRegistryReaders},
      {"ListHouseholds", kRegistryReaders},
      {"UpdateHousehold", kRegistryWriters},
      {"DeleteHousehold", kRegistryRemovers},
      {"UndeleteHousehold", kRegistryRemovers},
      {"CreateHouseholdMember", kRegistryWriters},
      {"UpdateHouseholdMember", kRegistryWriters},
      {"DeleteHouseholdMember", kRegistryWriters},
      {"LookupPerson", kPersonLookups},
      {"ReportRiskSignal", kSignalReporters},
      {"ListRiskSignals", kCaseHandlers},
      {"GetCase", kCaseHandlers},
      {"ListCases", kCaseHandlers},
      {"DecideCaseStep", kCaseHandlers},
      {"ProposeRiskElimination", kCaseHandlers},
      {"CreateAssistanceMeasure", kPlanWriters},
      {"GetAssistanceMeasure", kCaseHandlers},
      {"ListAssistanceMeasures", kCaseHandlers},
      {"UpdateAssistanceMeasure", kPlanWriters},
      {"SetIncomeRecord", kPlanWriters},
      {"ListIncomeRecords", kCaseHandlers},
      {"GetGuarantees", kCaseHandlers},
      {"UpdateGuarantees", kPlanWriters},
      {"AssessHousehold", kCaseHandlers},
      {"GetMonitoringStatistics", kStatisticsReaders},
      {"WatchAlerts", kStatisticsReaders},
      {"ListAuditEntries", kAuditReaders},
  });
  return *roles;
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::CreateHousehold(
    grpc::CallbackServerContext* context, const v1::CreateHouseholdRequest* request,
    v1::Household* response) {
  return gate_.Serve(context, "CreateHousehold",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, registry_.Create(caller, *request));
                       MaskFor(caller, *response);
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::GetHousehold(
    grpc::CallbackServerContext* context, const v1::GetHouseholdRequest* request,
    v1::Household* response) {
  const auto answer = [this, response](const auth::Principal& caller,
                                       absl::StatusOr<v1::Household> household) -> absl::Status {
    RRMON_ASSIGN_OR_RETURN(*response, std::move(household));
    MaskFor(caller, *response);
    RecordReads(caller, "GetHousehold", {response->name()});
    return absl::OkStatus();
  };
  // A household this process holds is answered on gRPC's thread: masking and queueing
  // the read for the audit trail take locks only.
  return gate_.Serve(
      context, "GetHousehold",
      [this, request, answer](const auth::Principal& caller) -> std::optional<absl::Status> {
        std::optional<absl::StatusOr<v1::Household>> held =
            registry_.GetIfCached(caller, request->name());
        if (!held.has_value()) return std::nullopt;
        return answer(caller, *std::move(held));
      },
      [this, request, answer](const auth::Principal& caller) -> absl::Status {
        return answer(caller, registry_.Get(caller, request->name()));
      });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::ListHouseholds(
    grpc::CallbackServerContext* context, const v1::ListHouseholdsRequest* request,
    v1::ListHouseholdsResponse* response) {
  return gate_.Serve(context, "ListHouseholds",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, registry_.List(caller, *request));
                       std::vector<std::string> read;
                       for (auto& household : *response->mutable_households()) {
                         MaskFor(caller, household);
                         read.push_back(household.name());
                       }
                       RecordReads(caller, "ListHouseholds", read);
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::UpdateHousehold(
    grpc::CallbackServerContext* context, const v1::UpdateHouseholdRequest* request,
    v1::Household* response) {
  return gate_.Serve(context, "UpdateHousehold",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, registry_.Update(caller, *request));
                       MaskFor(caller, *response);
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::DeleteHousehold(
    grpc::CallbackServerContext* context, const v1::DeleteHouseholdRequest* request,
    v1::Household* response) {
  return gate_.Serve(context, "DeleteHousehold",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, registry_.Delete(caller, *request));
                       MaskFor(caller, *response);
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::UndeleteHousehold(
    grpc::CallbackServerContext* context, const v1::UndeleteHouseholdRequest* request,
    v1::Household* response) {
  return gate_.Serve(context, "UndeleteHousehold",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, registry_.Undelete(caller, *request));
                       MaskFor(caller, *response);
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::CreateHouseholdMember(
    grpc::CallbackServerContext* context, const v1::CreateHouseholdMemberRequest* request,
    v1::HouseholdMember* response) {
  return gate_.Serve(context, "CreateHouseholdMember",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, registry_.CreateMember(caller, *request));
                       MaskFor(caller, *response);
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::UpdateHouseholdMember(
    grpc::CallbackServerContext* context, const v1::UpdateHouseholdMemberRequest* request,
    v1::HouseholdMember* response) {
  return gate_.Serve(context, "UpdateHouseholdMember",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, registry_.UpdateMember(caller, *request));
                       MaskFor(caller, *response);
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::DeleteHouseholdMember(
    grpc::CallbackServerContext* context, const v1::DeleteHouseholdMemberRequest* request,
    v1::DeleteHouseholdMemberResponse* response) {
  return gate_.Serve(context, "DeleteHouseholdMember",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response->mutable_household(),
                                              registry_.DeleteMember(caller, *request));
                       MaskFor(caller, *response->mutable_household());
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::ReportRiskSignal(
    grpc::CallbackServerContext* context, const v1::ReportRiskSignalRequest* request,
    v1::RiskSignal* response) {
  return gate_.Serve(context, "ReportRiskSignal",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, cases_.ReportRiskSignal(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::ListRiskSignals(
    grpc::CallbackServerContext* context, const v1::ListRiskSignalsRequest* request,
    v1::ListRiskSignalsResponse* response) {
  return gate_.Serve(context, "ListRiskSignals",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, cases_.ListRiskSignals(caller, *request));
                       RecordReads(caller, "ListRiskSignals", NamesOf(response->risk_signals()));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::GetCase(grpc::CallbackServerContext* context,
                                                         const v1::GetCaseRequest* request,
                                                         v1::Case* response) {
  return gate_.Serve(context, "GetCase",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, cases_.GetCase(caller, request->name()));
                       RecordReads(caller, "GetCase", {response->name()});
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::ListCases(grpc::CallbackServerContext* context,
                                                           const v1::ListCasesRequest* request,
                                                           v1::ListCasesResponse* response) {
  return gate_.Serve(context, "ListCases",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, cases_.ListCases(caller, *request));
                       RecordReads(caller, "ListCases", NamesOf(response->cases()));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::DecideCaseStep(
    grpc::CallbackServerContext* context, const v1::DecideCaseStepRequest* request,
    v1::Case* response) {
  return gate_.Serve(context, "DecideCaseStep",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, cases_.DecideCaseStep(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::ProposeRiskElimination(
    grpc::CallbackServerContext* context, const v1::ProposeRiskEliminationRequest* request,
    v1::Case* response) {
  return gate_.Serve(context, "ProposeRiskElimination",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response,
                                              cases_.ProposeRiskElimination(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::CreateAssistanceMeasure(
    grpc::CallbackServerContext* context, const v1::CreateAssistanceMeasureRequest* request,
    v1::AssistanceMeasureResponse* response) {
  return gate_.Serve(context, "CreateAssistanceMeasure",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, plans_.CreateMeasure(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::GetAssistanceMeasure(
    grpc::CallbackServerContext* context, const v1::GetAssistanceMeasureRequest* request,
    v1::AssistanceMeasure* response) {
  return gate_.Serve(context, "GetAssistanceMeasure",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response,
                                              plans_.GetMeasure(caller, request->name()));
                       RecordReads(caller, "GetAssistanceMeasure", {response->name()});
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::ListAssistanceMeasures(
    grpc::CallbackServerContext* context, const v1::ListAssistanceMeasuresRequest* request,
    v1::ListAssistanceMeasuresResponse* response) {
  return gate_.Serve(context, "ListAssistanceMeasures",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, plans_.ListMeasures(caller, *request));
                       RecordReads(caller, "ListAssistanceMeasures", NamesOf(response->measures()));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::UpdateAssistanceMeasure(
    grpc::CallbackServerContext* context, const v1::UpdateAssistanceMeasureRequest* request,
    v1::AssistanceMeasureResponse* response) {
  return gate_.Serve(context, "UpdateAssistanceMeasure",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, plans_.UpdateMeasure(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::SetIncomeRecord(
    grpc::CallbackServerContext* context, const v1::SetIncomeRecordRequest* request,
    v1::IncomeRecord* response) {
  return gate_.Serve(context, "SetIncomeRecord",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, plans_.SetIncomeRecord(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::ListIncomeRecords(
    grpc::CallbackServerContext* context, const v1::ListIncomeRecordsRequest* request,
    v1::ListIncomeRecordsResponse* response) {
  return gate_.Serve(
      context, "ListIncomeRecords",
      [this, request, response](const auth::Principal& caller) -> absl::Status {
        RRMON_ASSIGN_OR_RETURN(*response, plans_.ListIncomeRecords(caller, *request));
        RecordReads(caller, "ListIncomeRecords", NamesOf(response->income_records()));
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::GetGuarantees(
    grpc::CallbackServerContext* context, const v1::GetGuaranteesRequest* request,
    v1::Guarantees* response) {
  return gate_.Serve(context, "GetGuarantees",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response,
                                              plans_.GetGuarantees(caller, request->name()));
                       RecordReads(caller, "GetGuarantees", {response->name()});
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::UpdateGuarantees(
    grpc::CallbackServerContext* context, const v1::UpdateGuaranteesRequest* request,
    v1::Guarantees* response) {
  return gate_.Serve(context, "UpdateGuarantees",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, plans_.UpdateGuarantees(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::AssessHousehold(
    grpc::CallbackServerContext* context, const v1::AssessHouseholdRequest* request,
    v1::Assessment* response) {
  return gate_.Serve(context, "AssessHousehold",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, plans_.AssessHousehold(caller, *request));
                       RecordReads(caller, "AssessHousehold", {response->household()});
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::GetMonitoringStatistics(
    grpc::CallbackServerContext* context, const v1::GetMonitoringStatisticsRequest* request,
    v1::MonitoringStatistics* response) {
  return gate_.Serve(context, "GetMonitoringStatistics",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, statistics_.Get(caller, *request));
                       return absl::OkStatus();
                     });
}

grpc::ServerWriteReactor<v1::Alert>* MonitoringServiceImpl::WatchAlerts(
    grpc::CallbackServerContext* context, const v1::WatchAlertsRequest* request) {
  // Subscribing only takes locks: done here, on gRPC's thread, like the stream itself.
  std::shared_ptr<AlertHub::Subscription> subscription;
  const grpc::Status admitted =
      gate_.Handle(context, "WatchAlerts", [&](const auth::Principal& caller) -> absl::Status {
        RRMON_ASSIGN_OR_RETURN(std::string region_prefix,
                               auth::ScopedRegionPrefix(caller, request->region_prefix()));
        if (alerts_.subscriber_count() >= max_alert_streams_) {
          return WithErrorReason(absl::ResourceExhaustedError(
                                     "too many alert streams are open on this server; retry in a "
                                     "minute"),
                                 "ALERT_STREAMS_EXHAUSTED");
        }
        subscription = alerts_.Subscribe(region_prefix, auth::CanSeeSensitiveData(caller)
                                                            ? AlertAudience::kCaseHandlers
                                                            : AlertAudience::kAggregateReaders);
        return absl::OkStatus();
      });
  if (!admitted.ok()) return new RefusedAlertStream(admitted);
  return new AlertStreamReactor(std::move(subscription), "monitoring.rrmon");
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::LookupPerson(
    grpc::CallbackServerContext* context, const v1::LookupPersonRequest* request,
    v1::PersonRecord* response) {
  return gate_.Serve(context, "LookupPerson",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, registry_.LookupPerson(caller, *request));
                       RecordReads(caller, "LookupPerson", {response->household()});
                       return absl::OkStatus();
                     });
}

grpc::ServerUnaryReactor* MonitoringServiceImpl::ListAuditEntries(
    grpc::CallbackServerContext* context, const v1::ListAuditEntriesRequest* request,
    v1::ListAuditEntriesResponse* response) {
  return gate_.Serve(context, "ListAuditEntries",
                     [this, request, response](const auth::Principal& caller) -> absl::Status {
                       RRMON_ASSIGN_OR_RETURN(*response, trail_.List(caller, *request));
                       // The trail shows every version of the household: reading it is a read.
                       RecordReads(caller, "ListAuditEntries", {request->parent()});
                       return absl::OkStatus();
                     });
}

void MonitoringServiceImpl::RecordReads(const auth::Principal& caller, const std::string& method,
                                        const std::vector<std::string>& resources) {
  reads_.Record(caller, method, clock_.Now(), resources);
}

}  // namespace rrmon::monitoring

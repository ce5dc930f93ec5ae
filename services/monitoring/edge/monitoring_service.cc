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

grpc::Status MonitoringServiceImpl::CreateHousehold(grpc::ServerContext* context,
                                                    const v1::CreateHouseholdRequest* request,
                                                    v1::Household* response) {
  return gate_.Handle(context, "CreateHousehold",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, registry_.Create(caller, *request));
                        MaskFor(caller, *response);
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::GetHousehold(grpc::ServerContext* context,
                                                 const v1::GetHouseholdRequest* request,
                                                 v1::Household* response) {
  return gate_.Handle(context, "GetHousehold", [&](const auth::Principal& caller) -> absl::Status {
    RRMON_ASSIGN_OR_RETURN(*response, registry_.Get(caller, request->name()));
    MaskFor(caller, *response);
    RecordReads(caller, "GetHousehold", {response->name()});
    return absl::OkStatus();
  });
}

grpc::Status MonitoringServiceImpl::ListHouseholds(grpc::ServerContext* context,
                                                   const v1::ListHouseholdsRequest* request,
                                                   v1::ListHouseholdsResponse* response) {
  return gate_.Handle(context, "ListHouseholds",
                      [&](const auth::Principal& caller) -> absl::Status {
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

grpc::Status MonitoringServiceImpl::UpdateHousehold(grpc::ServerContext* context,
                                                    const v1::UpdateHouseholdRequest* request,
                                                    v1::Household* response) {
  return gate_.Handle(context, "UpdateHousehold",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, registry_.Update(caller, *request));
                        MaskFor(caller, *response);
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::DeleteHousehold(grpc::ServerContext* context,
                                                    const v1::DeleteHouseholdRequest* request,
                                                    v1::Household* response) {
  return gate_.Handle(context, "DeleteHousehold",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, registry_.Delete(caller, *request));
                        MaskFor(caller, *response);
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::UndeleteHousehold(grpc::ServerContext* context,
                                                      const v1::UndeleteHouseholdRequest* request,
                                                      v1::Household* response) {
  return gate_.Handle(context, "UndeleteHousehold",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, registry_.Undelete(caller, *request));
                        MaskFor(caller, *response);
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::CreateHouseholdMember(
    grpc::ServerContext* context, const v1::CreateHouseholdMemberRequest* request,
    v1::HouseholdMember* response) {
  return gate_.Handle(context, "CreateHouseholdMember",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, registry_.CreateMember(caller, *request));
                        MaskFor(caller, *response);
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::UpdateHouseholdMember(
    grpc::ServerContext* context, const v1::UpdateHouseholdMemberRequest* request,
    v1::HouseholdMember* response) {
  return gate_.Handle(context, "UpdateHouseholdMember",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, registry_.UpdateMember(caller, *request));
                        MaskFor(caller, *response);
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::DeleteHouseholdMember(
    grpc::ServerContext* context, const v1::DeleteHouseholdMemberRequest* request,
    v1::DeleteHouseholdMemberResponse* response) {
  return gate_.Handle(context, "DeleteHouseholdMember",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response->mutable_household(),
                                               registry_.DeleteMember(caller, *request));
                        MaskFor(caller, *response->mutable_household());
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::ReportRiskSignal(grpc::ServerContext* context,
                                                     const v1::ReportRiskSignalRequest* request,
                                                     v1::RiskSignal* response) {
  return gate_.Handle(
      context, "ReportRiskSignal", [&](const auth::Principal& caller) -> absl::Status {
        RRMON_ASSIGN_OR_RETURN(*response, cases_.ReportRiskSignal(caller, *request));
        return absl::OkStatus();
      });
}

grpc::Status MonitoringServiceImpl::ListRiskSignals(grpc::ServerContext* context,
                                                    const v1::ListRiskSignalsRequest* request,
                                                    v1::ListRiskSignalsResponse* response) {
  return gate_.Handle(context, "ListRiskSignals",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, cases_.ListRiskSignals(caller, *request));
                        RecordReads(caller, "ListRiskSignals", NamesOf(response->risk_signals()));
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::GetCase(grpc::ServerContext* context,
                                            const v1::GetCaseRequest* request, v1::Case* response) {
  return gate_.Handle(context, "GetCase", [&](const auth::Principal& caller) -> absl::Status {
    RRMON_ASSIGN_OR_RETURN(*response, cases_.GetCase(caller, request->name()));
    RecordReads(caller, "GetCase", {response->name()});
    return absl::OkStatus();
  });
}

grpc::Status MonitoringServiceImpl::ListCases(grpc::ServerContext* context,
                                              const v1::ListCasesRequest* request,
                                              v1::ListCasesResponse* response) {
  return gate_.Handle(context, "ListCases", [&](const auth::Principal& caller) -> absl::Status {
    RRMON_ASSIGN_OR_RETURN(*response, cases_.ListCases(caller, *request));
    RecordReads(caller, "ListCases", NamesOf(response->cases()));
    return absl::OkStatus();
  });
}

grpc::Status MonitoringServiceImpl::DecideCaseStep(grpc::ServerContext* context,
                                                   const v1::DecideCaseStepRequest* request,
                                                   v1::Case* response) {
  return gate_.Handle(context, "DecideCaseStep",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, cases_.DecideCaseStep(caller, *request));
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::ProposeRiskElimination(
    grpc::ServerContext* context, const v1::ProposeRiskEliminationRequest* request,
    v1::Case* response) {
  return gate_.Handle(
      context, "ProposeRiskElimination", [&](const auth::Principal& caller) -> absl::Status {
        RRMON_ASSIGN_OR_RETURN(*response, cases_.ProposeRiskElimination(caller, *request));
        return absl::OkStatus();
      });
}

grpc::Status MonitoringServiceImpl::CreateAssistanceMeasure(
    grpc::ServerContext* context, const v1::CreateAssistanceMeasureRequest* request,
    v1::AssistanceMeasureResponse* response) {
  return gate_.Handle(context, "CreateAssistanceMeasure",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, plans_.CreateMeasure(caller, *request));
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::GetAssistanceMeasure(
    grpc::ServerContext* context, const v1::GetAssistanceMeasureRequest* request,
    v1::AssistanceMeasure* response) {
  return gate_.Handle(
      context, "GetAssistanceMeasure", [&](const auth::Principal& caller) -> absl::Status {
        RRMON_ASSIGN_OR_RETURN(*response, plans_.GetMeasure(caller, request->name()));
        RecordReads(caller, "GetAssistanceMeasure", {response->name()});
        return absl::OkStatus();
      });
}

grpc::Status MonitoringServiceImpl::ListAssistanceMeasures(
    grpc::ServerContext* context, const v1::ListAssistanceMeasuresRequest* request,
    v1::ListAssistanceMeasuresResponse* response) {
  return gate_.Handle(
      context, "ListAssistanceMeasures", [&](const auth::Principal& caller) -> absl::Status {
        RRMON_ASSIGN_OR_RETURN(*response, plans_.ListMeasures(caller, *request));
        RecordReads(caller, "ListAssistanceMeasures", NamesOf(response->measures()));
        return absl::OkStatus();
      });
}

grpc::Status MonitoringServiceImpl::UpdateAssistanceMeasure(
    grpc::ServerContext* context, const v1::UpdateAssistanceMeasureRequest* request,
    v1::AssistanceMeasureResponse* response) {
  return gate_.Handle(context, "UpdateAssistanceMeasure",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, plans_.UpdateMeasure(caller, *request));
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::SetIncomeRecord(grpc::ServerContext* context,
                                                    const v1::SetIncomeRecordRequest* request,
                                                    v1::IncomeRecord* response) {
  return gate_.Handle(context, "SetIncomeRecord",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, plans_.SetIncomeRecord(caller, *request));
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::ListIncomeRecords(grpc::ServerContext* context,
                                                      const v1::ListIncomeRecordsRequest* request,
                                                      v1::ListIncomeRecordsResponse* response) {
  return gate_.Handle(
      context, "ListIncomeRecords", [&](const auth::Principal& caller) -> absl::Status {
        RRMON_ASSIGN_OR_RETURN(*response, plans_.ListIncomeRecords(caller, *request));
        RecordReads(caller, "ListIncomeRecords", NamesOf(response->income_records()));
        return absl::OkStatus();
      });
}

grpc::Status MonitoringServiceImpl::GetGuarantees(grpc::ServerContext* context,
                                                  const v1::GetGuaranteesRequest* request,
                                                  v1::Guarantees* response) {
  return gate_.Handle(context, "GetGuarantees", [&](const auth::Principal& caller) -> absl::Status {
    RRMON_ASSIGN_OR_RETURN(*response, plans_.GetGuarantees(caller, request->name()));
    RecordReads(caller, "GetGuarantees", {response->name()});
    return absl::OkStatus();
  });
}

grpc::Status MonitoringServiceImpl::UpdateGuarantees(grpc::ServerContext* context,
                                                     const v1::UpdateGuaranteesRequest* request,
                                                     v1::Guarantees* response) {
  return gate_.Handle(
      context, "UpdateGuarantees", [&](const auth::Principal& caller) -> absl::Status {
        RRMON_ASSIGN_OR_RETURN(*response, plans_.UpdateGuarantees(caller, *request));
        return absl::OkStatus();
      });
}

grpc::Status MonitoringServiceImpl::AssessHousehold(grpc::ServerContext* context,
                                                    const v1::AssessHouseholdRequest* request,
                                                    v1::Assessment* response) {
  return gate_.Handle(context, "AssessHousehold",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, plans_.AssessHousehold(caller, *request));
                        RecordReads(caller, "AssessHousehold", {response->household()});
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::GetMonitoringStatistics(
    grpc::ServerContext* context, const v1::GetMonitoringStatisticsRequest* request,
    v1::MonitoringStatistics* response) {
  return gate_.Handle(context, "GetMonitoringStatistics",
                      [&](const auth::Principal& caller) -> absl::Status {
                        RRMON_ASSIGN_OR_RETURN(*response, statistics_.Get(caller, *request));
                        return absl::OkStatus();
                      });
}

grpc::Status MonitoringServiceImpl::WatchAlerts(grpc::ServerContext* context,
                                                const v1::WatchAlertsRequest* request,
                                                grpc::ServerWriter<v1::Alert>* writer) {
  return gate_.Handle(context, "WatchAlerts", [&](const auth::Principal& caller) -> absl::Status {
    RRMON_ASSIGN_OR_RETURN(std::string region_prefix,
                           auth::ScopedRegionPrefix(caller, request->region_prefix()));
    if (alerts_.subscriber_count() >= max_alert_streams_) {
      return WithErrorReason(
          absl::ResourceExhaustedError("too many alert streams are open on this server; retry in a "
                                       "minute"),
          "ALERT_STREAMS_EXHAUSTED");
    }
    std::shared_ptr<AlertHub::Subscription> subscription = alerts_.Subscribe(
        region_prefix, auth::CanSeeSensitiveData(caller) ? AlertAudience::kCaseHandlers
                                                         : AlertAudience::kAggregateReaders);
    return ServeAlertStream(*subscription, *context, *writer);
  });
}

grpc::Status MonitoringServiceImpl::ListAuditEntries(grpc::ServerContext* context,
                                                     const v1::ListAuditEntriesRequest* request,
                                                     v1::ListAuditEntriesResponse* response) {
  return gate_.Handle(context, "ListAuditEntries",
                      [&](const auth::Principal& caller) -> absl::Status {
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

#include "services/employment/edge/monitoring_household_directory.h"

#include "absl/strings/str_cat.h"
#include "common/status/grpc_status.h"
#include "services/employment/domain/labourer_rules.h"

namespace rrmon::employment {

MonitoringHouseholdDirectory::MonitoringHouseholdDirectory(client::PeerClient& peer)
    : peer_(peer), stub_(monitoring::v1::MonitoringService::NewStub(peer.channel())) {}

absl::StatusOr<v1::HouseholdLink> MonitoringHouseholdDirectory::Lookup(
    const std::string& id_number) {
  monitoring::v1::LookupPersonRequest request;
  request.set_id_number(id_number);
  monitoring::v1::PersonRecord person;
  const grpc::Status status =
      peer_.Call("LookupPerson", client::CallKind::kIdempotent, [&](grpc::ClientContext& context) {
        person.Clear();
        return stub_->LookupPerson(&context, request, &person);
      });
  v1::HouseholdLink link;
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    link.set_state(v1::HOUSEHOLD_LINK_STATE_NOT_REGISTERED);
    return link;
  }
  if (!status.ok()) {
    // Whatever kept monitoring from answering (down, overloaded, refusing this service's
    // token), the link cannot be made now: the caller stores the labourer unchecked or
    // tells the client to try again.
    return absl::UnavailableError(absl::StrCat(
        "monitoring cannot be asked for the household link: ", FromGrpcStatus(status).ToString()));
  }
  link.set_state(v1::HOUSEHOLD_LINK_STATE_LINKED);
  link.set_household(person.household());
  link.set_member(person.member());
  link.set_poverty_alleviated(person.poverty_alleviated());
  link.set_monitored(IsMonitoredStatus(person.status()));
  return link;
}

absl::StatusOr<v1::HouseholdLink> UnconfiguredHouseholdDirectory::Lookup(const std::string&) {
  return absl::UnavailableError(
      "no monitoring peer is configured (peer.monitoring.address and token_file)");
}

}  // namespace rrmon::employment

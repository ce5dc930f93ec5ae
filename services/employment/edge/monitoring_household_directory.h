#pragma once

// The household directory at monitoring, over gRPC: MonitoringService.LookupPerson
// through the peer client (a deadline per attempt, retries, a circuit breaker, metrics).

#include <memory>
#include <string>

#include "common/client/peer_client.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"
#include "services/employment/usecases/household_directory.h"

namespace rrmon::employment {

class MonitoringHouseholdDirectory final : public HouseholdDirectory {
 public:
  // `peer` must outlive the directory.
  explicit MonitoringHouseholdDirectory(client::PeerClient& peer);

  absl::StatusOr<v1::HouseholdLink> Lookup(const std::string& id_number) override;

 private:
  client::PeerClient& peer_;
  std::unique_ptr<monitoring::v1::MonitoringService::Stub> stub_;
};

// The directory when no monitoring peer is configured: every lookup is UNAVAILABLE, so
// labourers are stored unchecked and linked once a peer is configured.
class UnconfiguredHouseholdDirectory final : public HouseholdDirectory {
 public:
  absl::StatusOr<v1::HouseholdLink> Lookup(const std::string& id_number) override;
};

}  // namespace rrmon::employment

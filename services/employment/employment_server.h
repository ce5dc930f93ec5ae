#pragma once

// Everything the employment service runs, wired together: storage, the monitoring peer,
// the use cases, handlers and the gRPC host. main() builds one from the config file;
// tests build one on port 0 with a temporary database.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/cache/cache_metrics.h"
#include "common/cache/encrypted_store.h"
#include "common/cache/proto_cache.h"
#include "common/cache/redis_client.h"
#include "common/client/peer_client.h"
#include "common/server/service_core.h"
#include "common/time/clock.h"
#include "services/employment/edge/employment_service.h"
#include "services/employment/employment_settings.h"
#include "services/employment/storage/sqlite_labourer_repository.h"
#include "services/employment/storage/sqlite_progress_repository.h"
#include "services/employment/usecases/cached_household_directory.h"
#include "services/employment/usecases/household_directory.h"
#include "services/employment/usecases/labourer_registry.h"
#include "services/employment/usecases/progress_reporter.h"
#include "services/employment/usecases/wage_income_reader.h"

namespace rrmon::employment {

class EmploymentServer {
 public:
  // Opens the database (running migrations), prepares the monitoring peer (connected on
  // first use) and the gRPC host. `clock` must outlive the server.
  static absl::StatusOr<std::unique_ptr<EmploymentServer>> Create(EmploymentSettings settings,
                                                                  const Clock& clock);
  ~EmploymentServer();

  absl::Status Start();
  void Shutdown();
  void Wait();

  int grpc_port() const { return core_->host().grpc_port(); }
  int metrics_port() const { return core_->host().metrics_port(); }
  std::string grpc_address() const { return core_->host().grpc_address(); }
  // Reads auth.public_key_file again (SIGHUP); on an error the old keys stay.
  absl::Status ReloadTokenKeys();
  // The reads of personal data answered so far, written to the audit trail.
  ReadAuditLog& read_audit() { return core_->read_audit(); }

 private:
  EmploymentServer() = default;

  EmploymentSettings settings_;
  std::unique_ptr<ServiceCore> core_;
  std::unique_ptr<client::OutgoingCallMetrics> outgoing_metrics_;
  std::unique_ptr<client::PeerClient> monitoring_peer_;
  std::unique_ptr<HouseholdDirectory> peer_directory_;
  std::unique_ptr<CacheMetrics> cache_metrics_;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<EncryptedStore> person_link_store_;  // over redis_, when configured
  std::unique_ptr<ProtoCache> person_link_cache_;
  std::unique_ptr<HouseholdDirectory> directory_;  // peer_directory_ behind the cache
  std::unique_ptr<SqliteLabourerRepository> labourer_repository_;
  std::unique_ptr<LabourerRegistry> labourers_;
  std::unique_ptr<WageIncomeReader> wage_income_;
  std::unique_ptr<SqliteProgressRepository> progress_repository_;
  std::unique_ptr<ProgressReporter> progress_;
  std::unique_ptr<EmploymentServiceImpl> service_;
};

}  // namespace rrmon::employment

#pragma once

// Everything the monitoring service runs, wired together: storage, cache, registry,
// handlers, gauges and the gRPC host. main() builds one from the config file; tests
// build one on port 0 with a temporary database.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/audit/read_audit_log.h"
#include "common/audit/sqlite_audit_trail.h"
#include "common/auth/authorizer.h"
#include "common/cache/cache_metrics.h"
#include "common/cache/encrypted_store.h"
#include "common/cache/proto_cache.h"
#include "common/cache/redis_client.h"
#include "common/cache/replicated_tier.h"
#include "common/client/peer_client.h"
#include "common/config/config.h"
#include "common/metrics/storage_metrics.h"
#include "common/server/periodic_task.h"
#include "common/server/service_core.h"
#include "common/server/service_host.h"
#include "common/server/service_settings.h"
#include "common/storage/sqlite_database.h"
#include "common/time/clock.h"
#include "services/monitoring/domain/case_workflow.h"
#include "services/monitoring/domain/monitoring_line_table.h"
#include "services/monitoring/domain/risk_elimination_policy.h"
#include "services/monitoring/edge/employment_income_source.h"
#include "services/monitoring/edge/monitoring_service.h"
#include "services/monitoring/gauges/case_gauges.h"
#include "services/monitoring/gauges/household_gauges.h"
#include "services/monitoring/gauges/measure_gauges.h"
#include "services/monitoring/monitoring_settings.h"
#include "services/monitoring/storage/sqlite_case_repository.h"
#include "services/monitoring/storage/sqlite_household_repository.h"
#include "services/monitoring/storage/sqlite_plan_repository.h"
#include "services/monitoring/storage/sqlite_statistics_repository.h"
#include "services/monitoring/usecases/alert_hub.h"
#include "services/monitoring/usecases/case_registry.h"
#include "services/monitoring/usecases/household_registry.h"
#include "services/monitoring/usecases/overdue_alert_scanner.h"
#include "services/monitoring/usecases/peer_income.h"
#include "services/monitoring/usecases/plan_registry.h"
#include "services/monitoring/usecases/statistics_reporter.h"

namespace rrmon::monitoring {

class MonitoringServer {
 public:
  // Opens the database (running migrations), connects the cache lazily, and prepares
  // the gRPC host. `clock` must outlive the server.
  static absl::StatusOr<std::unique_ptr<MonitoringServer>> Create(MonitoringSettings settings,
                                                                  const Clock& clock);
  ~MonitoringServer();

  absl::Status Start();
  void Shutdown();
  void Wait();

  int grpc_port() const { return core_->host().grpc_port(); }
  int metrics_port() const { return core_->host().metrics_port(); }
  std::string grpc_address() const { return core_->host().grpc_address(); }
  HouseholdGauges& gauges() { return *gauges_; }
  AlertHub& alert_hub() { return *alert_hub_; }

  // Reads auth.public_key_file again and trusts only the keys it now holds (a rotation,
  // a revoked key): tokens verified with the old keys are checked again. On an error the
  // old keys stay. main() calls it on SIGHUP.
  absl::Status ReloadTokenKeys();
  // The in-process tier of the household cache; null without Redis or encryption key.
  const TieredStore* household_tier() const {
    return household_tier_ != nullptr ? &household_tier_->store() : nullptr;
  }
  OverdueAlertScanner& overdue_scanner() { return *overdue_scanner_; }
  // The reads of personal data answered so far, written to the audit trail.
  ReadAuditLog& read_audit() { return core_->read_audit(); }

 private:
  MonitoringServer() = default;

  MonitoringSettings settings_;
  std::unique_ptr<ServiceCore> core_;
  std::unique_ptr<SqliteHouseholdRepository> repository_;
  std::unique_ptr<AuditTrailReader> audit_trail_reader_;
  std::unique_ptr<CacheMetrics> cache_metrics_;
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<EncryptedStore> household_store_;  // over redis_, when configured
  std::unique_ptr<ReplicatedTier> household_tier_;   // in front of household_store_
  std::unique_ptr<ProtoCache> household_cache_;
  std::unique_ptr<HouseholdRegistry> registry_;
  std::unique_ptr<SqliteCaseRepository> case_repository_;
  std::unique_ptr<CaseWorkflow> workflow_;
  std::unique_ptr<CaseRegistry> case_registry_;
  std::unique_ptr<SqlitePlanRepository> plan_repository_;
  std::unique_ptr<MonitoringLineTable> monitoring_lines_;
  std::unique_ptr<client::OutgoingCallMetrics> outgoing_metrics_;
  std::unique_ptr<client::PeerClient> employment_peer_;
  std::unique_ptr<PeerIncomeSource> peer_income_;
  std::unique_ptr<RiskEliminationPolicy> elimination_policy_;
  std::unique_ptr<PlanRegistry> plan_registry_;
  std::unique_ptr<MeasureGauges> measure_gauges_;
  std::unique_ptr<SqliteStatisticsRepository> statistics_repository_;
  std::unique_ptr<StatisticsReporter> statistics_;
  std::unique_ptr<PeriodicTask> statistics_advance_;
  std::unique_ptr<AlertHub> alert_hub_;
  std::unique_ptr<OverdueAlertScanner> overdue_scanner_;
  std::unique_ptr<MonitoringServiceImpl> service_;
  std::unique_ptr<CaseGauges> case_gauges_;
  std::unique_ptr<HouseholdGauges> gauges_;
};

}  // namespace rrmon::monitoring

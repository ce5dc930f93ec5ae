#include "services/employment/employment_server.h"

#include "common/client/peer_settings.h"
#include "common/log/log.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "services/employment/edge/monitoring_household_directory.h"
#include "services/employment/storage/sqlite_schema.h"

namespace rrmon::employment {
absl::StatusOr<std::unique_ptr<EmploymentServer>> EmploymentServer::Create(
    EmploymentSettings settings, const Clock& clock) {
  std::unique_ptr<EmploymentServer> server(new EmploymentServer());
  server->settings_ = std::move(settings);
  const EmploymentSettings& s = server->settings_;

  RRMON_ASSIGN_OR_RETURN(server->core_,
                         ServiceCore::Create(s, EmploymentSqliteMigrations(), clock));
  ServiceCore& core = *server->core_;

  server->outgoing_metrics_ = std::make_unique<client::OutgoingCallMetrics>(core.host().registry());
  if (!s.monitoring.configured()) {
    LogWarning("employment",
               "no monitoring peer (peer.monitoring.address and token_file): labourers are "
               "stored unchecked until one is configured");
    server->peer_directory_ = std::make_unique<UnconfiguredHouseholdDirectory>();
  } else {
    RRMON_ASSIGN_OR_RETURN(
        server->monitoring_peer_,
        client::OpenPeerClient("monitoring", s.monitoring, clock, server->outgoing_metrics_.get()));
    server->peer_directory_ =
        std::make_unique<MonitoringHouseholdDirectory>(*server->monitoring_peer_);
  }

  server->cache_metrics_ = std::make_unique<CacheMetrics>(core.host().registry());
  server->cache_metrics_->RegisterCache("person_link");
  server->cache_metrics_->RegisterCache(ProgressReporter::kCacheName);
  if (!s.redis_address.empty()) {
    server->redis_ = std::make_unique<RedisClient>(s.redis, server->cache_metrics_.get(), clock);
  }
  std::string link_key_secret;
  // Who belongs to which household is personal data: cached encrypted or not at all.
  if (s.person_link_cache_enabled && server->redis_ != nullptr) {
    if (s.cache_encryption_key_file.empty()) {
      LogWarning("employment",
                 "person link cache off: cache.encryption_key_file is not set, and answers "
                 "about people are never cached in clear");
    } else {
      RRMON_ASSIGN_OR_RETURN(CacheEncryptionKey key,
                             LoadCacheEncryptionKey(s.cache_encryption_key_file));
      server->person_link_store_ = std::make_unique<EncryptedStore>(*server->redis_, key);
      link_key_secret.assign(key.begin(), key.end());
    }
  }
  server->person_link_cache_ =
      std::make_unique<ProtoCache>("person_link", server->person_link_store_.get(),
                                   s.person_link_cache, server->cache_metrics_.get());
  server->directory_ = std::make_unique<CachedHouseholdDirectory>(
      *server->peer_directory_,
      server->person_link_store_ != nullptr ? server->person_link_cache_.get() : nullptr,
      std::move(link_key_secret));

  const EmployedRule rule{s.employed_min_days};
  server->labourer_repository_ = std::make_unique<SqliteLabourerRepository>(core.database(), rule);
  server->labourers_ =
      std::make_unique<LabourerRegistry>(*server->labourer_repository_, *server->directory_, clock);
  server->wage_income_ = std::make_unique<WageIncomeReader>(*server->labourer_repository_);
  server->progress_repository_ = std::make_unique<SqliteProgressRepository>(core.database(), rule);
  server->progress_ = std::make_unique<ProgressReporter>(
      *server->progress_repository_, server->redis_.get(), server->cache_metrics_.get(), clock,
      s.progress_cache_ttl, rule);
  // A restart may come with another rule or in a new year: results cached before it are
  // not served after it.
  server->progress_->Invalidate();
  server->labourers_->set_on_change(
      [progress = server->progress_.get()] { progress->Invalidate(); });

  // Every method has its row of roles, or the server does not start.
  RRMON_RETURN_IF_ERROR(
      EmploymentMethodRoles().CheckCovers(v1::EmploymentService::service_full_name()));
  server->service_ = std::make_unique<EmploymentServiceImpl>(
      core.authenticator(), *server->labourers_, *server->wage_income_, *server->progress_,
      core.read_audit(), clock, &core.host().executor());
  core.host().AddService(server->service_.get(), v1::EmploymentService::service_full_name());
  return server;
}

absl::Status EmploymentServer::ReloadTokenKeys() { return core_->ReloadTokenKeys(); }

EmploymentServer::~EmploymentServer() {
  Shutdown();
  Wait();
}

absl::Status EmploymentServer::Start() { return core_->host().Start(); }

void EmploymentServer::Shutdown() {
  // A server whose Create failed half-way is destroyed with some parts missing.
  if (core_ != nullptr) {
    core_->host().Shutdown();
    core_->FlushReads();
  }
}

void EmploymentServer::Wait() {
  if (core_ != nullptr) core_->host().Wait();
}

}  // namespace rrmon::employment

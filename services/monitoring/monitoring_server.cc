#include "services/monitoring/monitoring_server.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"

namespace rrmon::monitoring {
namespace {

absl::Status SplitHostPort(const std::string& address, std::string& host, int& port) {
  const size_t colon = address.rfind(':');
  if (colon == std::string::npos || colon == 0 ||
      !absl::SimpleAtoi(address.substr(colon + 1), &port) || port <= 0 || port > 65535) {
    return InvalidFieldError("redis.address", "must be host:port");
  }
  host = address.substr(0, colon);
  return absl::OkStatus();
}

}  // namespace

const std::vector<ConfigKey>& MonitoringConfigKeys() {
  static const std::vector<ConfigKey> keys = {
      {"grpc.listen", "127.0.0.1:50051", "gRPC listen address host:port"},
      {"grpc.max_threads", "128",
       "upper bound on handler threads; calls beyond it get RESOURCE_EXHAUSTED"},
      {"grpc.drain_timeout", "10s", "how long shutdown waits for in-flight calls"},
      {"grpc.allow_plaintext_non_loopback", "false",
       "serve plaintext on a non-loopback address (only behind an mTLS mesh)"},
      {"tls.cert_file", "", "PEM certificate chain; TLS is on when set"},
      {"tls.key_file", "", "PEM private key of tls.cert_file"},
      {"tls.client_ca_file", "", "PEM CA; when set, clients need a certificate it signed (mTLS)"},
      {"metrics.listen", "127.0.0.1:9461", "Prometheus /metrics listen address host:port"},
      {"metrics.gauge_refresh_interval", "15s", "how often the registry gauges are recomputed"},
      {"storage.sqlite_path", "var/monitoring/monitoring.db", "SQLite database file"},
      {"storage.pool_size", "4", "SQLite connections"},
      {"storage.busy_timeout", "5s", "how long a writer waits for the write lock"},
      {"storage.synchronous", "full", "SQLite synchronous mode: full or normal"},
      {"redis.address", "127.0.0.1:6379", "Redis host:port for the cache; empty disables caching"},
      {"redis.password", "", "Redis AUTH password", /*secret=*/true},
      {"redis.pool_size", "4", "Redis connections"},
      {"redis.connect_timeout", "100ms", "Redis connect timeout"},
      {"redis.command_timeout", "100ms", "Redis command timeout"},
      {"cache.household_enabled", "true",
       "cache GetHousehold in Redis (measured slower than SQLite; pays with PostgreSQL)"},
      {"cache.household_ttl", "5m", "how long a household stays cached"},
      {"cache.negative_ttl", "10s", "how long a NOT_FOUND stays cached"},
      {"auth.public_key_file", "var/keys/token-signing.pub",
       "Ed25519 public key (PEM) that verifies bearer tokens"},
  };
  return keys;
}

absl::StatusOr<MonitoringSettings> MonitoringSettingsFromConfig(const Config& config) {
  MonitoringSettings settings;
  settings.server.service_name = "monitoring";
  settings.server.grpc_listen = config.GetString("grpc.listen");
  RRMON_ASSIGN_OR_RETURN(int64_t max_threads, config.GetInt("grpc.max_threads"));
  settings.server.max_threads = static_cast<int>(max_threads);
  RRMON_ASSIGN_OR_RETURN(settings.server.drain_timeout, config.GetDuration("grpc.drain_timeout"));
  RRMON_ASSIGN_OR_RETURN(settings.server.allow_plaintext_non_loopback,
                         config.GetBool("grpc.allow_plaintext_non_loopback"));
  settings.server.tls.cert_file = config.GetString("tls.cert_file");
  settings.server.tls.key_file = config.GetString("tls.key_file");
  settings.server.tls.client_ca_file = config.GetString("tls.client_ca_file");
  settings.server.metrics_listen = config.GetString("metrics.listen");
  RRMON_ASSIGN_OR_RETURN(settings.gauge_refresh_interval,
                         config.GetDuration("metrics.gauge_refresh_interval"));

  settings.sqlite.path = config.GetString("storage.sqlite_path");
  RRMON_ASSIGN_OR_RETURN(int64_t pool_size, config.GetInt("storage.pool_size"));
  settings.sqlite.pool_size = static_cast<int>(pool_size);
  RRMON_ASSIGN_OR_RETURN(settings.sqlite.busy_timeout, config.GetDuration("storage.busy_timeout"));
  const std::string synchronous = config.GetString("storage.synchronous");
  if (synchronous == "full") {
    settings.sqlite.synchronous = SqliteOptions::Sync::kFull;
  } else if (synchronous == "normal") {
    settings.sqlite.synchronous = SqliteOptions::Sync::kNormal;
  } else {
    return InvalidFieldError("storage.synchronous", "must be full or normal");
  }

  settings.redis_address = config.GetString("redis.address");
  if (!settings.redis_address.empty()) {
    RRMON_RETURN_IF_ERROR(
        SplitHostPort(settings.redis_address, settings.redis.host, settings.redis.port));
  }
  settings.redis.password = config.GetString("redis.password");
  RRMON_ASSIGN_OR_RETURN(int64_t redis_pool, config.GetInt("redis.pool_size"));
  settings.redis.pool_size = static_cast<int>(redis_pool);
  RRMON_ASSIGN_OR_RETURN(settings.redis.connect_timeout,
                         config.GetDuration("redis.connect_timeout"));
  RRMON_ASSIGN_OR_RETURN(settings.redis.command_timeout,
                         config.GetDuration("redis.command_timeout"));
  RRMON_ASSIGN_OR_RETURN(settings.household_cache_enabled,
                         config.GetBool("cache.household_enabled"));
  RRMON_ASSIGN_OR_RETURN(settings.household_cache.ttl, config.GetDuration("cache.household_ttl"));
  RRMON_ASSIGN_OR_RETURN(settings.household_cache.negative_ttl,
                         config.GetDuration("cache.negative_ttl"));
  settings.auth_public_key_file = config.GetString("auth.public_key_file");
  return settings;
}

absl::StatusOr<std::unique_ptr<MonitoringServer>> MonitoringServer::Create(
    MonitoringSettings settings, const Clock& clock) {
  std::unique_ptr<MonitoringServer> server(new MonitoringServer());
  server->settings_ = std::move(settings);
  const MonitoringSettings& s = server->settings_;

  RRMON_ASSIGN_OR_RETURN(auth::TokenVerifier verifier,
                         auth::TokenVerifier::FromPublicKeyFile(s.auth_public_key_file));
  server->authenticator_ = std::make_unique<auth::Authenticator>(std::move(verifier), clock);

  server->host_ = std::make_unique<ServiceHost>(s.server);
  RRMON_ASSIGN_OR_RETURN(server->database_,
                         SqliteDatabase::Open(s.sqlite, MonitoringSqliteMigrations()));
  server->storage_metrics_ = std::make_unique<StorageMetrics>(server->host_->registry(), "sqlite");
  server->database_->set_observer(server->storage_metrics_.get());
  server->repository_ = std::make_unique<SqliteHouseholdRepository>(*server->database_);

  server->cache_metrics_ = std::make_unique<CacheMetrics>(server->host_->registry());
  server->cache_metrics_->RegisterCache("household");
  if (!s.redis_address.empty()) {
    server->redis_ = std::make_unique<RedisClient>(s.redis, server->cache_metrics_.get(), clock);
  }
  server->household_cache_ = std::make_unique<ProtoCache>(
      "household", s.household_cache_enabled ? server->redis_.get() : nullptr, s.household_cache,
      server->cache_metrics_.get());

  server->registry_ = std::make_unique<HouseholdRegistry>(
      *server->repository_, server->household_cache_.get(), clock);
  server->case_repository_ = std::make_unique<SqliteCaseRepository>(*server->database_);
  // The national time limits; per-province configuration comes with the policy files.
  server->workflow_ = std::make_unique<CaseWorkflow>(WorkflowPolicy::Default());
  server->case_registry_ =
      std::make_unique<CaseRegistry>(*server->repository_, *server->case_repository_,
                                     server->household_cache_.get(), *server->workflow_, clock);
  server->gauges_ = std::make_unique<HouseholdGauges>(server->host_->registry(),
                                                      *server->repository_);
  server->case_gauges_ = std::make_unique<CaseGauges>(
      server->host_->registry(), *server->case_repository_, *server->workflow_, clock);
  server->gauges_->AddRefresher(
      [gauges = server->case_gauges_.get()] { return gauges->Refresh(); });
  server->registry_->set_on_change([gauges = server->gauges_.get()] { gauges->RequestRefresh(); });
  server->case_registry_->set_on_change(
      [gauges = server->gauges_.get()] { gauges->RequestRefresh(); });
  server->service_ = std::make_unique<MonitoringServiceImpl>(
      *server->authenticator_, *server->registry_, *server->case_registry_);
  server->host_->AddService(server->service_.get(), v1::MonitoringService::service_full_name());
  return server;
}

MonitoringServer::~MonitoringServer() {
  Shutdown();
  Wait();
}

absl::Status MonitoringServer::Start() {
  RRMON_RETURN_IF_ERROR(gauges_->Refresh());
  gauges_->StartBackgroundRefresh(settings_.gauge_refresh_interval);
  return host_->Start();
}

void MonitoringServer::Shutdown() { host_->Shutdown(); }

void MonitoringServer::Wait() { host_->Wait(); }

}  // namespace rrmon::monitoring

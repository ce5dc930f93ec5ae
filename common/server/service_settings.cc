#include "common/server/service_settings.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"

namespace rrmon {
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

std::vector<ConfigKey> ServiceConfigKeys(const ServiceDefaults& defaults) {
  return {
      {"grpc.listen", defaults.grpc_listen, "gRPC listen address host:port"},
      {"grpc.max_threads", "128",
       "upper bound on handler threads; calls beyond it get RESOURCE_EXHAUSTED"},
      {"grpc.handler_threads", "16",
       "threads that run handlers' blocking work (storage, Redis); size to the storage pools"},
      {"grpc.max_queued_calls", "4096",
       "calls waiting for a handler thread at most; beyond it RESOURCE_EXHAUSTED"},
      {"grpc.drain_timeout", "10s", "how long shutdown waits for in-flight calls"},
      {"grpc.allow_plaintext_non_loopback", "false",
       "serve plaintext on a non-loopback address (only behind an mTLS mesh)"},
      {"tls.cert_file", "", "PEM certificate chain; TLS is on when set"},
      {"tls.key_file", "", "PEM private key of tls.cert_file"},
      {"tls.client_ca_file", "", "PEM CA; when set, clients need a certificate it signed (mTLS)"},
      {"metrics.listen", defaults.metrics_listen, "Prometheus /metrics listen address host:port"},
      {"metrics.gauge_refresh_interval", "15s", "how often the domain gauges are recomputed"},
      {"storage.sqlite_path", defaults.sqlite_path, "SQLite database file"},
      {"storage.pool_size", "4", "SQLite connections"},
      {"storage.busy_timeout", "5s", "how long a writer waits for the write lock"},
      {"storage.synchronous", "full", "SQLite synchronous mode: full or normal"},
      {"redis.address", "127.0.0.1:6379", "Redis host:port for the cache; empty disables caching"},
      {"redis.password", "", "Redis AUTH password", /*secret=*/true},
      {"redis.pool_size", "4", "Redis connections"},
      {"redis.connect_timeout", "100ms", "Redis connect timeout"},
      {"redis.command_timeout", "100ms", "Redis command timeout"},
      {"cache.local_mib", "32",
       "MiB of cached values kept in the process in front of Redis; 0 turns that tier off"},
      {"cache.local_ttl", "5s",
       "longest a value stays in the process tier (invalidations normally end it sooner)"},
      {"auth.public_key_file", "var/keys/token-signing.pub",
       "Ed25519 public key (PEM) that verifies bearer tokens; several, comma-separated, "
       "while a signing key is rotated"},
      {"auth.max_token_lifetime_people", "12h",
       "longest lifetime (issue to expiry) of a cadre's, officer's or analyst's token"},
      {"auth.verified_token_cache_size", "16384",
       "tokens remembered until their expiry once their signature verified; 0 checks every call"},
      {"auth.max_token_lifetime_services", "720h", "longest lifetime of a peer service's token"},
  };
}

absl::StatusOr<ServiceSettings> ServiceSettingsFromConfig(const Config& config,
                                                          const std::string& service_name) {
  ServiceSettings settings;
  settings.server.service_name = service_name;
  settings.server.grpc_listen = config.GetString("grpc.listen");
  RRMON_ASSIGN_OR_RETURN(int64_t max_threads, config.GetInt("grpc.max_threads"));
  settings.server.max_threads = static_cast<int>(max_threads);
  RRMON_ASSIGN_OR_RETURN(int64_t handler_threads,
                         config.GetIntInRange("grpc.handler_threads", 1, 1024));
  settings.server.handler_threads = static_cast<int>(handler_threads);
  RRMON_ASSIGN_OR_RETURN(int64_t max_queued,
                         config.GetIntInRange("grpc.max_queued_calls", 1, 1'000'000));
  settings.server.max_queued_calls = static_cast<size_t>(max_queued);
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

  RRMON_ASSIGN_OR_RETURN(int64_t local_mib, config.GetIntInRange("cache.local_mib", 0, 4096));
  settings.local_cache.max_bytes = static_cast<size_t>(local_mib) << 20;
  RRMON_ASSIGN_OR_RETURN(settings.local_cache.ttl, config.GetDuration("cache.local_ttl"));
  if (settings.local_cache.ttl <= absl::ZeroDuration()) {
    return InvalidFieldError("cache.local_ttl", "must be positive");
  }

  settings.auth_public_key_file = config.GetString("auth.public_key_file");
  RRMON_ASSIGN_OR_RETURN(int64_t token_cache,
                         config.GetIntInRange("auth.verified_token_cache_size", 0, 10'000'000));
  settings.verified_token_cache_size = static_cast<size_t>(token_cache);
  settings.token_policy.audience = service_name;
  RRMON_ASSIGN_OR_RETURN(settings.token_policy.max_lifetime_people,
                         config.GetDuration("auth.max_token_lifetime_people"));
  RRMON_ASSIGN_OR_RETURN(settings.token_policy.max_lifetime_services,
                         config.GetDuration("auth.max_token_lifetime_services"));
  for (const auto& [key, lifetime] :
       {std::pair{"auth.max_token_lifetime_people", settings.token_policy.max_lifetime_people},
        std::pair{"auth.max_token_lifetime_services",
                  settings.token_policy.max_lifetime_services}}) {
    if (lifetime <= absl::ZeroDuration() || lifetime > absl::Hours(24 * 366)) {
      return InvalidFieldError(key, "must be positive and at most a year");
    }
  }
  return settings;
}

}  // namespace rrmon

#pragma once

// What every rrmon service is configured with, whatever its domain: the gRPC server and
// TLS, /metrics, its SQLite file, the Redis cache, and the token keys and lifetimes. One
// list of keys (same names, same meaning, same checks in every service) and one parser;
// a service adds its own keys after these and reads them after ServiceSettingsFromConfig.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/token.h"
#include "common/cache/redis_client.h"
#include "common/cache/tiered_store.h"
#include "common/config/config.h"
#include "common/server/service_host.h"
#include "common/storage/sqlite_options.h"

namespace rrmon {

// The defaults that differ between services (each listens on its own ports and keeps its
// own database file).
struct ServiceDefaults {
  std::string service_name;    // "monitoring": logs, error domain, token audience
  std::string grpc_listen;     // "127.0.0.1:50051"
  std::string metrics_listen;  // "127.0.0.1:9461"
  std::string sqlite_path;     // "var/monitoring/monitoring.db"
};

struct ServiceSettings {
  ServerOptions server;
  SqliteOptions sqlite;
  std::string redis_address;  // host:port; empty turns caching off
  RedisOptions redis;
  // The in-process tier in front of Redis (TieredStore).
  LocalTierOptions local_cache;
  std::string auth_public_key_file;
  // Tokens remembered once verified (VerifiedTokenCache); 0 verifies every call.
  size_t verified_token_cache_size = 16384;
  // Audience: the service name; lifetimes: auth.max_token_lifetime_*.
  auth::TokenPolicy token_policy;
  absl::Duration gauge_refresh_interval = absl::Seconds(15);
};

// grpc.*, tls.*, metrics.*, storage.*, redis.* and auth.* with the service's defaults.
std::vector<ConfigKey> ServiceConfigKeys(const ServiceDefaults& defaults);

// Reads the keys of ServiceConfigKeys; INVALID_ARGUMENT naming the key on a bad value.
absl::StatusOr<ServiceSettings> ServiceSettingsFromConfig(const Config& config,
                                                          const std::string& service_name);

}  // namespace rrmon

#pragma once

// What the employment service reads from its config file and environment, on top of the
// settings every service has.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/cache/proto_cache.h"
#include "common/client/peer_settings.h"
#include "common/config/config.h"
#include "common/server/service_settings.h"

namespace rrmon::employment {

// The settings every service has (ServiceSettings), then the employment service's own.
struct EmploymentSettings : ServiceSettings {
  EmploymentSettings() {
    server.service_name = "employment";
    token_policy.audience = "employment";
  }

  // Monitoring: household links (later job-loss signals).
  client::PeerSettings monitoring;
  // Monitoring's answers about people, cached in Redis (encrypted, under HMAC names).
  bool person_link_cache_enabled = true;
  std::string cache_encryption_key_file;
  CacheOptions person_link_cache;
  // Days a labourer must work in a year to count as employed in it (e.g. a month).
  int employed_min_days = 30;
  // How long GetEmploymentProgress results stay cached (any change makes them stale).
  absl::Duration progress_cache_ttl = absl::Seconds(60);
};

// The config keys of the employment service, with defaults for a local run.
const std::vector<ConfigKey>& EmploymentConfigKeys();
inline constexpr char kEmploymentEnvPrefix[] = "RRMON_EMPLOYMENT_";

// Reads settings from a loaded config; INVALID_ARGUMENT naming the key on a bad value.
absl::StatusOr<EmploymentSettings> EmploymentSettingsFromConfig(const Config& config);

}  // namespace rrmon::employment

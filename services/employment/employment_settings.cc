#include "services/employment/employment_settings.h"

#include "common/status/macros.h"
#include "common/status/status_details.h"

namespace rrmon::employment {

const std::vector<ConfigKey>& EmploymentConfigKeys() {
  static const std::vector<ConfigKey> kKeys = [] {
    std::vector<ConfigKey> all = ServiceConfigKeys({.service_name = "employment",
                                                    .grpc_listen = "127.0.0.1:50052",
                                                    .metrics_listen = "127.0.0.1:9462",
                                                    .sqlite_path = "var/employment/employment.db"});
    std::vector<ConfigKey> own = {
        {"cache.person_link_enabled", "true",
         "cache monitoring's answers about people in Redis (encrypted; needs "
         "cache.encryption_key_file)"},
        {"cache.person_link_ttl", "10m",
         "how long an answer stays cached (a household registered meanwhile is linked by "
         "RefreshHouseholdLink at once)"},
        {"cache.encryption_key_file", "",
         "AES-256-GCM key (64 hex characters, mode 0600) that encrypts cached answers about "
         "people; without it nothing about people is cached"},
        {"cache.progress_ttl", "60s",
         "how long employment progress stays cached (any change makes it stale at once); 0 "
         "turns the cache off"},
        {"progress.employed_min_days", "30",
         "days worked in a year (on any job) from which a labourer counts as employed in it; "
         "changing it recounts every labourer once"},
    };
    all.insert(all.end(), own.begin(), own.end());
    std::vector<ConfigKey> peer =
        client::PeerConfigKeys("monitoring", "127.0.0.1:50051", "2s",
                               "household links; without it labourers are stored unchecked");
    all.insert(all.end(), peer.begin(), peer.end());
    return all;
  }();
  return kKeys;
}

absl::StatusOr<EmploymentSettings> EmploymentSettingsFromConfig(const Config& config) {
  EmploymentSettings settings;
  RRMON_ASSIGN_OR_RETURN(static_cast<ServiceSettings&>(settings),
                         ServiceSettingsFromConfig(config, "employment"));
  RRMON_ASSIGN_OR_RETURN(settings.monitoring, client::PeerSettingsFromConfig(config, "monitoring"));
  RRMON_ASSIGN_OR_RETURN(settings.person_link_cache_enabled,
                         config.GetBool("cache.person_link_enabled"));
  RRMON_ASSIGN_OR_RETURN(settings.person_link_cache.ttl,
                         config.GetDuration("cache.person_link_ttl"));
  settings.cache_encryption_key_file = config.GetString("cache.encryption_key_file");
  RRMON_ASSIGN_OR_RETURN(settings.progress_cache_ttl, config.GetDuration("cache.progress_ttl"));
  RRMON_ASSIGN_OR_RETURN(settings.employed_min_days,
                         config.GetIntInRange("progress.employed_min_days", 1, 366));
  return settings;
}

}  // namespace rrmon::employment

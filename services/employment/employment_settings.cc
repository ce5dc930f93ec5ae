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
        {"peer.monitoring.address", "127.0.0.1:50051",
         "monitoring's gRPC address (household links); empty: labourers stay unchecked"},
        {"peer.monitoring.token_file", "",
         "a service token for audience monitoring (rrctl token issue --role service); "
         "without it labourers stay unchecked"},
        {"peer.monitoring.ca_file", "", "PEM roots that verify monitoring; empty: plaintext"},
        {"peer.monitoring.cert_file", "", "client certificate for monitoring's mutual TLS"},
        {"peer.monitoring.key_file", "", "key of peer.monitoring.cert_file"},
        {"peer.monitoring.allow_plaintext_non_loopback", "false",
         "allow plaintext to a monitoring address off this machine (a mesh provides TLS)"},
        {"peer.monitoring.timeout", "2s", "deadline of each call to monitoring"},
        {"peer.monitoring.failure_threshold", "5",
         "failed calls in a row after which monitoring is not called for a while"},
        {"peer.monitoring.open_duration", "10s",
         "how long monitoring is not called after failure_threshold failures"},
        {"cache.person_link_enabled", "true",
         "cache monitoring's answers about people in Redis (encrypted; needs "
         "cache.encryption_key_file)"},
        {"cache.person_link_ttl", "10m",
         "how long an answer stays cached (a household registered meanwhile is linked by "
         "RefreshHouseholdLink at once)"},
        {"cache.encryption_key_file", "",
         "AES-256-GCM key (64 hex characters, mode 0600) that encrypts cached answers about "
         "people; without it nothing about people is cached"},
    };
    all.insert(all.end(), own.begin(), own.end());
    return all;
  }();
  return kKeys;
}

absl::StatusOr<EmploymentSettings> EmploymentSettingsFromConfig(const Config& config) {
  EmploymentSettings settings;
  RRMON_ASSIGN_OR_RETURN(static_cast<ServiceSettings&>(settings),
                         ServiceSettingsFromConfig(config, "employment"));
  MonitoringPeerSettings& peer = settings.monitoring;
  peer.address = config.GetString("peer.monitoring.address");
  peer.token_file = config.GetString("peer.monitoring.token_file");
  peer.security.ca_file = config.GetString("peer.monitoring.ca_file");
  peer.security.cert_file = config.GetString("peer.monitoring.cert_file");
  peer.security.key_file = config.GetString("peer.monitoring.key_file");
  RRMON_ASSIGN_OR_RETURN(peer.security.allow_plaintext_non_loopback,
                         config.GetBool("peer.monitoring.allow_plaintext_non_loopback"));
  RRMON_ASSIGN_OR_RETURN(peer.timeout, config.GetDuration("peer.monitoring.timeout"));
  if (peer.timeout <= absl::ZeroDuration()) {
    return InvalidFieldError("peer.monitoring.timeout", "must be positive");
  }
  RRMON_ASSIGN_OR_RETURN(int64_t threshold,
                         config.GetIntInRange("peer.monitoring.failure_threshold", 1, 1000));
  peer.failure_threshold = static_cast<int>(threshold);
  RRMON_ASSIGN_OR_RETURN(peer.open_duration, config.GetDuration("peer.monitoring.open_duration"));
  RRMON_ASSIGN_OR_RETURN(settings.person_link_cache_enabled,
                         config.GetBool("cache.person_link_enabled"));
  RRMON_ASSIGN_OR_RETURN(settings.person_link_cache.ttl,
                         config.GetDuration("cache.person_link_ttl"));
  settings.cache_encryption_key_file = config.GetString("cache.encryption_key_file");
  return settings;
}

}  // namespace rrmon::employment

#pragma once

// What the monitoring service reads from its config file and environment, on top of the
// settings every service has.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/cache/proto_cache.h"
#include "common/client/peer_settings.h"
#include "common/config/config.h"
#include "common/server/service_settings.h"
#include "services/monitoring/domain/case_workflow.h"
#include "services/monitoring/domain/risk_elimination_policy.h"
#include "services/monitoring/usecases/alert_hub.h"

namespace rrmon::monitoring {

// The settings every service has (ServiceSettings), then the monitoring service's own.
struct MonitoringSettings : ServiceSettings {
  MonitoringSettings() {
    server.service_name = "monitoring";
    token_policy.audience = "monitoring";
  }

  bool household_cache_enabled = true;
  // The key that encrypts cached households; empty: households are not cached.
  std::string cache_encryption_key_file;
  CacheOptions household_cache;
  WorkflowPolicy workflow = WorkflowPolicy::Default();
  EliminationPolicyConfig elimination;
  // `YEAR REGION_PREFIX YUAN` lines (MonitoringLineTable); empty: no line configured, so
  // assessments and eliminations are refused until one is.
  std::string monitoring_lines_file;
  // How long statistics stay cached (overdue counts may be this old); 0 turns it off.
  absl::Duration statistics_cache_ttl = absl::Seconds(60);
  // Analysts' household counts below this are withheld (statistics_disclosure.h).
  int32_t analyst_min_cell_size = 5;
  AlertHubOptions alerts;
  // Open WatchAlerts streams at most (each holds a handler thread).
  size_t max_alert_streams = 10000;
  absl::Duration overdue_scan_interval = absl::Minutes(1);
  // Employment: wage income for the assessment; unconfigured, the declared wage is used.
  client::PeerSettings employment;
};

// The config keys of the monitoring service, with defaults for a local run.
const std::vector<ConfigKey>& MonitoringConfigKeys();
inline constexpr char kMonitoringEnvPrefix[] = "RRMON_MONITORING_";

// Reads settings from a loaded config; INVALID_ARGUMENT naming the key on a bad value.
absl::StatusOr<MonitoringSettings> MonitoringSettingsFromConfig(const Config& config);

}  // namespace rrmon::monitoring

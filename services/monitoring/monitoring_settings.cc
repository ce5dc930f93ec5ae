#include "services/monitoring/monitoring_settings.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"

namespace rrmon::monitoring {

const std::vector<ConfigKey>& MonitoringConfigKeys() {
  static const std::vector<ConfigKey> kKeys = [] {
    std::vector<ConfigKey> all = ServiceConfigKeys({.service_name = "monitoring",
                                                    .grpc_listen = "127.0.0.1:50051",
                                                    .metrics_listen = "127.0.0.1:9461",
                                                    .sqlite_path = "var/monitoring/monitoring.db"});
    std::vector<ConfigKey> own = {
        {"cache.household_enabled", "true",
         "cache GetHousehold in Redis (measured slower than SQLite; pays with PostgreSQL)"},
        {"cache.household_ttl", "5m", "how long a household stays cached"},
        {"cache.encryption_key_file", "",
         "AES-256-GCM key (64 hex characters, mode 0600) that encrypts cached households; "
         "without it households are not cached, as they hold personal data"},
        {"cache.negative_ttl", "10s", "how long a NOT_FOUND stays cached"},
        {"cache.statistics_ttl", "60s",
         "how long statistics stay cached (any change invalidates them; overdue counts may be "
         "this old); 0s turns it off"},
        {"statistics.analyst_min_cell_size", "5",
         "analysts get household counts below this many households withheld (1 turns it off)"},
        {"alerts.buffer_size", "256",
         "alerts queued per WatchAlerts reader before the oldest is dropped"},
        {"alerts.overdue_scan_interval", "1m",
         "how often open cases are checked for overdue steps"},
        {"alerts.max_streams", "10000",
         "open WatchAlerts streams at most (each costs its queue, alerts.buffer_size alerts, "
         "and no thread)"},
        {"monitoring_line.file", "deploy/config/monitoring-lines.txt",
         "the yearly monitoring lines, `YEAR REGION_PREFIX YUAN` per line; empty: none"},
        {"workflow.notice_days", "5", "days a public notice runs at least, both ends counted"},
        {"workflow.identification_limit", "360h",
         "time allowed for a whole identification (national rule: 15 days)"},
        {"workflow.limit.home_verification", "72h", "time allowed for home verification"},
        {"workflow.limit.data_matching", "72h", "time allowed for data matching"},
        {"workflow.limit.village_review", "168h", "time allowed for village review with notice"},
        {"workflow.limit.township_review", "72h", "time allowed for township review"},
        {"workflow.limit.county_approval", "72h", "time allowed for county approval"},
        {"workflow.limit.elimination_proposal", "72h", "time allowed for an elimination proposal"},
        {"workflow.limit.elimination_village_review", "168h",
         "time allowed for the village review of an elimination"},
        {"workflow.limit.elimination_township_check", "120h",
         "time allowed for the township check of an elimination"},
        {"workflow.limit.elimination_county_approval", "120h",
         "time allowed for the county approval of an elimination"},
        {"elimination.min_months_monitored", "6",
         "whole months from identification before risk elimination"},
        {"elimination.min_months_sudden_hardship", "",
         "the same for 突发严重困难户 where the province allows less; empty: no exception"},
        {"elimination.stable_months", "6",
         "month ends whose rolling-year per-capita income must be at or above the line"},
    };
    all.insert(all.end(), own.begin(), own.end());
    std::vector<ConfigKey> employment = client::PeerConfigKeys(
        "employment", "127.0.0.1:50052", "1s",
        "wage income for the assessment; without it the declared wage is used");
    all.insert(all.end(), employment.begin(), employment.end());
    return all;
  }();
  return kKeys;
}

absl::StatusOr<MonitoringSettings> MonitoringSettingsFromConfig(const Config& config) {
  MonitoringSettings settings;
  RRMON_ASSIGN_OR_RETURN(static_cast<ServiceSettings&>(settings),
                         ServiceSettingsFromConfig(config, "monitoring"));
  RRMON_ASSIGN_OR_RETURN(settings.household_cache_enabled,
                         config.GetBool("cache.household_enabled"));
  RRMON_ASSIGN_OR_RETURN(settings.household_cache.ttl, config.GetDuration("cache.household_ttl"));
  settings.cache_encryption_key_file = config.GetString("cache.encryption_key_file");
  RRMON_ASSIGN_OR_RETURN(settings.household_cache.negative_ttl,
                         config.GetDuration("cache.negative_ttl"));
  RRMON_ASSIGN_OR_RETURN(settings.statistics_cache_ttl, config.GetDuration("cache.statistics_ttl"));
  RRMON_ASSIGN_OR_RETURN(int64_t min_cell_size,
                         config.GetIntInRange("statistics.analyst_min_cell_size", 1, 1000));
  settings.analyst_min_cell_size = static_cast<int32_t>(min_cell_size);
  RRMON_ASSIGN_OR_RETURN(int64_t alert_buffer,
                         config.GetIntInRange("alerts.buffer_size", 1, 100000));
  settings.alerts.buffer_size = static_cast<size_t>(alert_buffer);
  RRMON_ASSIGN_OR_RETURN(int64_t max_streams,
                         config.GetIntInRange("alerts.max_streams", 1, 1'000'000));
  settings.max_alert_streams = static_cast<size_t>(max_streams);
  RRMON_ASSIGN_OR_RETURN(settings.overdue_scan_interval,
                         config.GetDuration("alerts.overdue_scan_interval"));
  if (settings.overdue_scan_interval <= absl::ZeroDuration()) {
    return InvalidFieldError("alerts.overdue_scan_interval", "must be positive");
  }
  settings.monitoring_lines_file = config.GetString("monitoring_line.file");
  RRMON_ASSIGN_OR_RETURN(settings.employment, client::PeerSettingsFromConfig(config, "employment"));

  RRMON_ASSIGN_OR_RETURN(int64_t notice_days, config.GetInt("workflow.notice_days"));
  settings.workflow.notice_days = static_cast<int>(notice_days);
  RRMON_ASSIGN_OR_RETURN(settings.workflow.identification_limit,
                         config.GetDuration("workflow.identification_limit"));
  const std::pair<const char*, v1::CaseStep> step_keys[] = {
      {"workflow.limit.home_verification", v1::CASE_STEP_HOME_VERIFICATION},
      {"workflow.limit.data_matching", v1::CASE_STEP_DATA_MATCHING},
      {"workflow.limit.village_review", v1::CASE_STEP_VILLAGE_REVIEW},
      {"workflow.limit.township_review", v1::CASE_STEP_TOWNSHIP_REVIEW},
      {"workflow.limit.county_approval", v1::CASE_STEP_COUNTY_APPROVAL},
      {"workflow.limit.elimination_proposal", v1::CASE_STEP_ELIMINATION_PROPOSAL},
      {"workflow.limit.elimination_village_review", v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW},
      {"workflow.limit.elimination_township_check", v1::CASE_STEP_ELIMINATION_TOWNSHIP_CHECK},
      {"workflow.limit.elimination_county_approval", v1::CASE_STEP_ELIMINATION_COUNTY_APPROVAL},
  };
  settings.workflow.step_limits.clear();
  for (const auto& [key, step] : step_keys) {
    RRMON_ASSIGN_OR_RETURN(settings.workflow.step_limits[step], config.GetDuration(key));
  }
  if (absl::Status valid = settings.workflow.Validate(); !valid.ok()) {
    return InvalidFieldError("workflow", std::string(valid.message()));
  }

  RRMON_ASSIGN_OR_RETURN(int64_t min_months, config.GetInt("elimination.min_months_monitored"));
  settings.elimination.min_months_monitored = static_cast<int>(min_months);
  if (!config.GetString("elimination.min_months_sudden_hardship").empty()) {
    RRMON_ASSIGN_OR_RETURN(int64_t sudden, config.GetInt("elimination.min_months_sudden_hardship"));
    settings.elimination.min_months_sudden_hardship = static_cast<int>(sudden);
  }
  RRMON_ASSIGN_OR_RETURN(int64_t stable, config.GetInt("elimination.stable_months"));
  settings.elimination.stable_months = static_cast<int>(stable);
  return settings;
}

}  // namespace rrmon::monitoring

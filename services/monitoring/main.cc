// The monitoring service: the household registry and the monitoring mechanism.
//
//   rrmon-monitoring [--config FILE] [--print-config]
//
// Settings come from FILE (`key = value` lines) and RRMON_MONITORING_* variables.

#include "common/server/service_main.h"
#include "services/monitoring/monitoring_server.h"

int main(int argc, char** argv) {
  using namespace rrmon::monitoring;
  return rrmon::RunServiceMain<MonitoringSettings, MonitoringServer>(
      argc, argv, "monitoring", MonitoringConfigKeys(), kMonitoringEnvPrefix,
      MonitoringSettingsFromConfig);
}

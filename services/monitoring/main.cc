// The monitoring service: the household registry and the monitoring mechanism.
//
//   rrmon-monitoring [--config FILE] [--print-config]
//
// Settings come from FILE (`key = value` lines) and RRMON_MONITORING_* variables.

#include <cstdio>
#include <cstring>
#include <string>

#include "absl/synchronization/mutex.h"
#include "common/log/log.h"
#include "common/server/signals.h"
#include "services/monitoring/monitoring_server.h"

namespace {

int Fail(const absl::Status& status) {
  rrmon::LogError("monitoring", "cannot start", {{"status", status.ToString()}});
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  // Debian builds abseil with its mutex deadlock detector on, which records every lock
  // acquisition in a graph: 3 % of the CPU under load (docs/performance.md). The tests
  // keep it, to catch lock-order mistakes; the service does not pay for it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  rrmon::BlockTerminationSignals();
  std::string config_file;
  bool print_config = false;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
      config_file = argv[++i];
    } else if (std::strcmp(argv[i], "--print-config") == 0) {
      print_config = true;
    } else {
      std::fprintf(stderr, "usage: %s [--config FILE] [--print-config]\n", argv[0]);
      return 2;
    }
  }
  auto config = rrmon::Config::Load(rrmon::monitoring::MonitoringConfigKeys(), config_file,
                                    rrmon::monitoring::kMonitoringEnvPrefix,
                                    rrmon::Config::ProcessEnvironment());
  if (!config.ok()) return Fail(config.status());
  if (print_config) {
    std::fputs(config->Describe().c_str(), stdout);
    return 0;
  }
  auto settings = rrmon::monitoring::MonitoringSettingsFromConfig(*config);
  if (!settings.ok()) return Fail(settings.status());
  const absl::Duration drain_timeout = settings->server.drain_timeout;
  auto server = rrmon::monitoring::MonitoringServer::Create(*std::move(settings),
                                                            rrmon::SystemClock::Instance());
  if (!server.ok()) return Fail(server.status());
  if (auto status = (*server)->Start(); !status.ok()) return Fail(status);

  const int signal = rrmon::WaitForTerminationSignal(
      [&server] { (*server)->ReloadTokenKeys().IgnoreError(); });  // SIGHUP
  rrmon::LogInfo("monitoring", "shutting down", {{"signal", std::to_string(signal)}});
  rrmon::ExitIfStillRunningAfter(drain_timeout + absl::Seconds(5));
  (*server)->Shutdown();
  (*server)->Wait();
  return 0;
}

#pragma once

// main() of every rrmon service, once: parse `[--config FILE] [--print-config]`, load the
// config (file, then RRMON_<SERVICE>_* variables), build the settings and the server,
// serve until SIGTERM/SIGINT (SIGHUP reloads the token keys), then drain.
//
//   int main(int argc, char** argv) {
//     return rrmon::RunServiceMain<FooSettings, FooServer>(argc, argv, "foo", FooConfigKeys(),
//                                                          kFooEnvPrefix, FooSettingsFromConfig);
//   }

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/config/config.h"
#include "common/log/log.h"
#include "common/server/signals.h"
#include "common/time/clock.h"

namespace rrmon {

template <typename Settings, typename Server>
int RunServiceMain(int argc, char** argv, const char* service, const std::vector<ConfigKey>& keys,
                   const char* env_prefix,
                   absl::StatusOr<Settings> (*settings_from_config)(const Config&)) {
  const auto fail = [service](const absl::Status& status) {
    LogError(service, "cannot start", {{"status", status.ToString()}});
    return 1;
  };
  // Debian builds abseil with its mutex deadlock detector on, which records every lock
  // acquisition in a graph: 3 % of the CPU under load (docs/performance.md). The tests
  // keep it, to catch lock-order mistakes; the services do not pay for it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  BlockTerminationSignals();
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
  absl::StatusOr<Config> config =
      Config::Load(keys, config_file, env_prefix, Config::ProcessEnvironment());
  if (!config.ok()) return fail(config.status());
  if (print_config) {
    std::fputs(config->Describe().c_str(), stdout);
    return 0;
  }
  absl::StatusOr<Settings> settings = settings_from_config(*config);
  if (!settings.ok()) return fail(settings.status());
  const absl::Duration drain_timeout = settings->server.drain_timeout;
  auto server = Server::Create(*std::move(settings), SystemClock::Instance());
  if (!server.ok()) return fail(server.status());
  if (absl::Status status = (*server)->Start(); !status.ok()) return fail(status);

  const int signal = WaitForTerminationSignal(
      [&server] { (*server)->ReloadTokenKeys().IgnoreError(); });  // SIGHUP
  LogInfo(service, "shutting down", {{"signal", std::to_string(signal)}});
  ExitIfStillRunningAfter(drain_timeout + absl::Seconds(5));
  (*server)->Shutdown();
  (*server)->Wait();
  return 0;
}

}  // namespace rrmon

#pragma once

// A program run by a test as its own process (a service binary started as production
// starts it), with extra environment variables and its output in a file. The child is
// killed if the test dies (PR_SET_PDEATHSIG), so a crashed test leaves nothing behind;
// start it from the test's main thread.

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace rrmon::testing {

class ChildProcess {
 public:
  // Runs `program` with `arguments`, the test's environment plus `environment`, stdin
  // from /dev/null, stdout and stderr appended to `output_path`.
  static absl::StatusOr<std::unique_ptr<ChildProcess>> Start(
      const std::string& program, const std::vector<std::string>& arguments,
      const std::map<std::string, std::string>& environment, const std::string& output_path);

  // Kills (SIGKILL) and reaps a child still running.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  void Signal(int signal) const;
  // The exit code once the child has exited within `timeout` (128 + n for signal n);
  // nullopt if it is still running then.
  std::optional<int> WaitForExit(absl::Duration timeout);
  bool running();

 private:
  explicit ChildProcess(pid_t pid) : pid_(pid) {}

  pid_t pid_;
  std::optional<int> exit_code_;
};

// The whole content of a file ("" when it cannot be read).
std::string ReadWholeFile(const std::string& path);

}  // namespace rrmon::testing

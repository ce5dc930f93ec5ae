#pragma once

// A real redis-server for tests, on a loopback port of its own, with no persistence and
// its files in a temporary folder. Tests stop, restart and pause it to exercise the
// failure paths of the cache against the real thing instead of a mock.

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/support/temp_dir.h"

namespace rrmon::testing {

class RedisServer {
 public:
  // Starts /usr/bin/redis-server (or redis-server from PATH) and waits until it answers.
  // The server is killed if the thread that started it exits (PR_SET_PDEATHSIG), so a
  // crashed test leaves no server behind; start it from the test's main thread.
  static absl::StatusOr<std::unique_ptr<RedisServer>> Start();

  ~RedisServer();
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  int port() const { return port_; }
  // The server's stdout and stderr.
  std::string log_path() const;

  // SIGTERM, then SIGKILL after 5 s. Stopping a stopped server is OK.
  absl::Status Stop();
  // Stops (when running) and starts again on the same port, with an empty dataset.
  absl::Status Restart();
  // SIGSTOP / SIGCONT: the server keeps its port and accepts connections, but answers
  // nothing while paused, like a Redis stuck in a long command or swapping.
  absl::Status Pause();
  absl::Status Resume();

 private:
  RedisServer(std::unique_ptr<TempDir> dir, int port) : dir_(std::move(dir)), port_(port) {}

  // One attempt to run the server on port_; fails when it exits or stays silent.
  absl::Status Launch();

  std::unique_ptr<TempDir> dir_;
  int port_;
  pid_t pid_ = -1;
  bool paused_ = false;
};

}  // namespace rrmon::testing

#include "tests/support/redis_server.h"

#include <fcntl.h>
#include <hiredis/hiredis.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace rrmon::testing {
namespace {

constexpr char kDefaultBinary[] = "/usr/bin/redis-server";
constexpr auto kStartTimeout = std::chrono::seconds(5);
constexpr auto kStopTimeout = std::chrono::seconds(5);
constexpr int kStartAttempts = 5;

// Asks whatever listens on `port` for its process id: 0 while nothing answers yet, so the
// caller can tell "not up yet" from "someone else's server won the port".
long AnsweringPid(int port) {
  redisContext* context = redisConnectWithTimeout("127.0.0.1", port, {0, 100'000});
  if (context == nullptr) return 0;
  long pid = 0;
  if (context->err == 0 && redisSetTimeout(context, {0, 500'000}) == REDIS_OK) {
    auto* reply = static_cast<redisReply*>(redisCommand(context, "INFO server"));
    if (reply != nullptr && reply->type == REDIS_REPLY_STRING) {
      absl::string_view info(reply->str, reply->len);
      constexpr absl::string_view kField = "process_id:";
      if (size_t at = info.find(kField); at != absl::string_view::npos) {
        absl::string_view value = info.substr(at + kField.size());
        value = value.substr(0, value.find_first_of("\r\n"));
        if (!absl::SimpleAtoi(value, &pid)) pid = 0;
      }
    }
    if (reply != nullptr) freeReplyObject(reply);
  }
  redisFree(context);
  return pid;
}

// Waits for `pid` to exit for at most `timeout`; true when it did (and was reaped).
bool WaitForExit(pid_t pid, std::chrono::steady_clock::duration timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const pid_t reaped = waitpid(pid, nullptr, WNOHANG);
    if (reaped == pid || (reaped < 0 && errno == ECHILD)) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

void CloseFrom(int first_fd) {
#ifdef SYS_close_range
  if (syscall(SYS_close_range, first_fd, ~0U, 0) == 0) return;
#endif
  for (int fd = first_fd; fd < 4096; ++fd) close(fd);
}

}  // namespace

absl::StatusOr<std::unique_ptr<RedisServer>> RedisServer::Start() {
  std::unique_ptr<TempDir> dir;
  try {
    dir = std::make_unique<TempDir>();
  } catch (const std::exception& e) {
    return absl::InternalError(absl::StrCat("cannot create a folder for redis-server: ", e.what()));
  }
  std::unique_ptr<RedisServer> server(new RedisServer(std::move(dir), 0));
  absl::Status status;
  // PickUnusedPort only finds a port that was free a moment ago; another process may
  // take it before redis-server binds, so try a few.
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    try {
      server->port_ = PickUnusedPort();
    } catch (const std::exception& e) {
      return absl::InternalError(absl::StrCat("cannot pick a port: ", e.what()));
    }
    status = server->Launch();
    if (status.ok()) return server;
  }
  return status;
}

RedisServer::~RedisServer() { Stop().IgnoreError(); }

std::string RedisServer::log_path() const { return dir_->File("redis.log"); }

absl::Status RedisServer::Launch() {
  const bool use_default = access(kDefaultBinary, X_OK) == 0;
  const std::string port = std::to_string(port_);
  const std::string dir = dir_->path().string();
  std::vector<std::string> args = {use_default ? kDefaultBinary : "redis-server",
                                   "--port",
                                   port,
                                   "--bind",
                                   "127.0.0.1",
                                   "--save",
                                   "",
                                   "--appendonly",
                                   "no",
                                   "--dir",
                                   dir,
                                   "--daemonize",
                                   "no"};
  // Everything the child needs is prepared before fork: after fork in a threaded process
  // only async-signal-safe calls are allowed.
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);

  const std::string log = log_path();
  const int log_fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return absl::InternalError(absl::StrCat("cannot open ", log));
  const int null_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (null_fd < 0) {
    close(log_fd);
    return absl::InternalError("cannot open /dev/null");
  }

  const pid_t parent = getpid();
  const pid_t pid = fork();
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);  // The parent died before prctl took effect.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);  // The mask survives exec.
    dup2(null_fd, STDIN_FILENO);
    dup2(log_fd, STDOUT_FILENO);
    dup2(log_fd, STDERR_FILENO);
    // Inherited sockets (clients of another server, listeners) must not outlive the test
    // inside redis-server.
    CloseFrom(STDERR_FILENO + 1);
    if (use_default) {
      execv(argv[0], argv.data());
    } else {
      execvp(argv[0], argv.data());
    }
    _exit(127);
  }
  close(log_fd);
  close(null_fd);
  if (pid < 0) return absl::InternalError("fork failed");
  pid_ = pid;
  paused_ = false;

  const auto deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int wait_status = 0;
    if (waitpid(pid_, &wait_status, WNOHANG) == pid_) {
      pid_ = -1;
      return absl::UnavailableError(absl::StrCat("redis-server on port ", port_,
                                                 " exited at start (status ", wait_status,
                                                 "); see ", log));
    }
    const long answering = AnsweringPid(port_);
    if (answering == pid_) return absl::OkStatus();
    if (answering != 0) {
      Stop().IgnoreError();
      return absl::UnavailableError(
          absl::StrCat("port ", port_, " is served by another redis-server"));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  Stop().IgnoreError();
  return absl::DeadlineExceededError(
      absl::StrCat("redis-server on port ", port_, " did not answer within 5 s; see ", log));
}

absl::Status RedisServer::Stop() {
  if (pid_ < 0) return absl::OkStatus();
  // A stopped process only acts on SIGTERM once continued.
  if (paused_) kill(pid_, SIGCONT);
  paused_ = false;
  kill(pid_, SIGTERM);
  absl::Status status;
  if (!WaitForExit(pid_, kStopTimeout)) {
    kill(pid_, SIGKILL);
    waitpid(pid_, nullptr, 0);
    status = absl::DeadlineExceededError(
        absl::StrCat("redis-server on port ", port_, " ignored SIGTERM for 5 s; killed"));
  }
  pid_ = -1;
  return status;
}

absl::Status RedisServer::Restart() {
  if (absl::Status stopped = Stop(); !stopped.ok()) return stopped;
  absl::Status status;
  // The port was ours a moment ago; a few attempts ride out a brief race for it.
  for (int attempt = 0; attempt < kStartAttempts; ++attempt) {
    status = Launch();
    if (status.ok()) return status;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return status;
}

absl::Status RedisServer::Pause() {
  if (pid_ < 0) return absl::FailedPreconditionError("redis-server is not running");
  if (kill(pid_, SIGSTOP) != 0) return absl::InternalError("SIGSTOP failed");
  // Returns once the process is actually stopped, so the test's next step sees it paused.
  int wait_status = 0;
  if (waitpid(pid_, &wait_status, WUNTRACED) != pid_ || !WIFSTOPPED(wait_status)) {
    return absl::InternalError("redis-server did not stop");
  }
  paused_ = true;
  return absl::OkStatus();
}

absl::Status RedisServer::Resume() {
  if (pid_ < 0) return absl::FailedPreconditionError("redis-server is not running");
  if (kill(pid_, SIGCONT) != 0) return absl::InternalError("SIGCONT failed");
  paused_ = false;
  return absl::OkStatus();
}

}  // namespace rrmon::testing

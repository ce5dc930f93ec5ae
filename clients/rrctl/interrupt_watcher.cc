#include "clients/rrctl/interrupt_watcher.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <utility>

namespace rrmon::rrctl {
namespace {

constexpr char kInterrupt = 'i';
constexpr char kQuit = 'q';

// The write end of the active watcher's pipe; -1 when there is none. A lock-free atomic,
// so the handler may read it.
std::atomic<int> active_pipe{-1};

// Only async-signal-safe work: one write to a pipe.
void OnSignal(int) {
  const int saved_errno = errno;
  const int fd = active_pipe.load();
  if (fd >= 0) {
    const ssize_t written = write(fd, &kInterrupt, 1);
    (void)written;  // a full pipe already holds a wake-up
  }
  errno = saved_errno;
}

}  // namespace

InterruptWatcher::InterruptWatcher(std::function<void()> on_interrupt)
    : on_interrupt_(std::move(on_interrupt)) {
  if (pipe2(pipe_, O_CLOEXEC) != 0) {
    pipe_[0] = pipe_[1] = -1;
    return;  // without a pipe, signals keep their default effect
  }
  fcntl(pipe_[1], F_SETFL, O_NONBLOCK);  // the handler must never block
  active_pipe.store(pipe_[1]);
  struct sigaction action = {};
  action.sa_handler = OnSignal;
  sigemptyset(&action.sa_mask);
  action.sa_flags = SA_RESTART;
  sigaction(SIGINT, &action, &previous_int_);
  sigaction(SIGTERM, &action, &previous_term_);
  thread_ = std::thread([this] { Watch(); });
}

InterruptWatcher::~InterruptWatcher() {
  if (pipe_[1] < 0) return;
  sigaction(SIGINT, &previous_int_, nullptr);
  sigaction(SIGTERM, &previous_term_, nullptr);
  active_pipe.store(-1);
  // Blocking write of the quit byte: the watcher drains the pipe, so it gets through.
  fcntl(pipe_[1], F_SETFL, 0);
  const ssize_t written = write(pipe_[1], &kQuit, 1);
  (void)written;
  thread_.join();
  close(pipe_[0]);
  close(pipe_[1]);
}

void InterruptWatcher::Watch() {
  while (true) {
    char byte = 0;
    const ssize_t n = read(pipe_[0], &byte, 1);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0 || byte == kQuit) return;
    if (byte == kInterrupt && !interrupted_.exchange(true)) on_interrupt_();
  }
}

}  // namespace rrmon::rrctl

#pragma once

// A Redis pub/sub subscription on a thread of its own: every message of one channel is
// passed to a callback, and the callback of the subscription's state says when messages
// are known to arrive (subscribed) and when they may be lost (connection down, until it
// is subscribed again). TieredStore uses it to hear every replica's invalidations.
//
// It reconnects with backoff (100 ms doubling to 5 s) for as long as it runs. A blocked
// read is ended by Stop() shutting the socket down, so stopping never waits for Redis.

#include <functional>
#include <string>
#include <string_view>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "common/cache/redis_client.h"

namespace rrmon {

class RedisSubscriber {
 public:
  struct Callbacks {
    std::function<void(std::string_view message)> on_message;
    // true once SUBSCRIBE is confirmed, false when the connection is lost or stopped.
    std::function<void(bool subscribed)> on_state;
  };

  // Uses host, port, password and connect_timeout of `options`; command_timeout bounds
  // the wait for the subscription's confirmation.
  RedisSubscriber(RedisOptions options, std::string channel, Callbacks callbacks);
  ~RedisSubscriber();
  RedisSubscriber(const RedisSubscriber&) = delete;
  RedisSubscriber& operator=(const RedisSubscriber&) = delete;

  void Start();
  // Ends the subscription and joins the thread; on_state(false) is the last callback.
  void Stop() ABSL_LOCKS_EXCLUDED(mu_);

 private:
  void Run();
  // One connection's life: connect, subscribe, read messages until it fails.
  void Subscribe() ABSL_LOCKS_EXCLUDED(mu_);

  const RedisOptions options_;
  const std::string channel_;
  const Callbacks callbacks_;
  std::thread thread_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  // The socket of the connection being read, so Stop() can end a blocked read; -1 if none.
  int socket_ ABSL_GUARDED_BY(mu_) = -1;
};

}  // namespace rrmon

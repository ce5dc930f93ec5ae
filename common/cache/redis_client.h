#pragma once

// A synchronous Redis client for cache-aside: a bounded pool of hiredis connections behind
// a circuit breaker. Every step of a call is bounded: at most command_timeout waiting for a
// pooled connection, connect_timeout to connect (plus command_timeout for AUTH when a
// password is set) and command_timeout for the command. So Redis being down, stopped or
// paused costs a caller at most that, and nothing at all once the breaker has opened.

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/cache/cache_metrics.h"
#include "common/cache/circuit_breaker.h"
#include "common/cache/key_value_store.h"
#include "common/time/clock.h"

struct redisContext;
struct redisReply;

namespace rrmon {

struct RedisOptions {
  std::string host = "127.0.0.1";
  int port = 6379;
  // Both are raised to at least 1 ms: hiredis treats a zero timeout as "wait forever".
  absl::Duration connect_timeout = absl::Milliseconds(100);
  // Bounds each command and each wait for a free pooled connection.
  absl::Duration command_timeout = absl::Milliseconds(100);
  int pool_size = 4;
  int failure_threshold = 3;
  absl::Duration open_duration = absl::Seconds(2);
  // Sent with AUTH after every connect when not empty.
  std::string password;
};

// Thread-safe. Every Redis failure is UNAVAILABLE with a message naming the command and
// the cause, never a key or a value. Must not be destroyed while calls are in flight.
class RedisClient final : public KeyValueStore {
 public:
  // `metrics` may be null; one client per CacheMetrics, since the client owns the breaker
  // gauge. `clock` (for the circuit breaker) must outlive the client.
  // Connections are opened lazily, so construction never touches the network.
  RedisClient(RedisOptions options, CacheMetrics* metrics, const Clock& clock);
  ~RedisClient() override;

  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) override;
  // SET key value PX ttl (rounded up to whole milliseconds); an infinite ttl stores without
  // expiry; a ttl that is not positive is INVALID_ARGUMENT.
  absl::Status Set(std::string_view key, std::string_view value, absl::Duration ttl) override;
  absl::Status Delete(std::string_view key) override;
  absl::Status Ping();
  // PUBLISH channel message: every subscriber of the channel (RedisSubscriber) gets it.
  absl::Status Publish(std::string_view channel, std::string_view message);

  CircuitBreaker::State circuit_state() const { return breaker_.state(); }

 private:
  struct ContextDeleter {
    void operator()(redisContext* context) const;
  };
  using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;
  using Command = CacheMetrics::RedisCommand;

  // Sends one command through the breaker and the pool. `issue` sends it on a connected
  // context and returns what hiredis returned (null on I/O error); `handle` checks a
  // reply that is not an error reply and extracts the result.
  absl::Status Run(Command command, absl::FunctionRef<void*(redisContext*)> issue,
                   absl::FunctionRef<absl::Status(const redisReply&)> handle);
  absl::Status Attempt(Command command, absl::FunctionRef<void*(redisContext*)> issue,
                       absl::FunctionRef<absl::Status(const redisReply&)> handle,
                       ContextPtr& context);
  absl::StatusOr<ContextPtr> Connect();

  // Takes one of pool_size permits, waiting at most command_timeout. On success `context`
  // holds an idle connection, or null when one has to be opened.
  bool AcquirePermit(ContextPtr& context) ABSL_LOCKS_EXCLUDED(mu_);
  // Returns the permit; a null `context` means the connection was discarded.
  void ReleasePermit(ContextPtr context) ABSL_LOCKS_EXCLUDED(mu_);
  // Closes the idle connections, after one of them turned out to be dead (Redis restarted).
  void DropIdle() ABSL_LOCKS_EXCLUDED(mu_);
  void NoteDiscarded(int count);

  const RedisOptions options_;
  CacheMetrics* const metrics_;
  CircuitBreaker breaker_;

  absl::Mutex mu_;
  int free_permits_ ABSL_GUARDED_BY(mu_);
  std::vector<ContextPtr> idle_ ABSL_GUARDED_BY(mu_);
  // Connections discarded after an error and not yet replaced, for the reconnect counter.
  std::atomic<int> pending_reconnects_{0};
};

}  // namespace rrmon

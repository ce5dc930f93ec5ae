#include "common/cache/redis_client.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <utility>

#include "absl/strings/str_cat.h"

namespace rrmon {
namespace {

using CommandResult = CacheMetrics::CommandResult;

constexpr absl::Duration kMinTimeout = absl::Milliseconds(1);

const char* CommandName(CacheMetrics::RedisCommand command) {
  switch (command) {
    case CacheMetrics::RedisCommand::kGet:
      return "GET";
    case CacheMetrics::RedisCommand::kSet:
      return "SET";
    case CacheMetrics::RedisCommand::kDel:
      return "DEL";
    case CacheMetrics::RedisCommand::kPing:
      return "PING";
    case CacheMetrics::RedisCommand::kPublish:
      return "PUBLISH";
  }
  return "?";
}

struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

timeval BoundedTimeval(absl::Duration duration) {
  return absl::ToTimeval(std::max(duration, kMinTimeout));
}

// hiredis writes with write(2): a write to a connection Redis has closed raises SIGPIPE,
// whose default action kills the process. Blocking it in the calling thread for the
// duration of a command, and consuming any SIGPIPE the command raised, turns that into a
// plain EPIPE without changing process-wide signal dispositions (the technique of libpq).
class ScopedSigpipeBlock {
 public:
  ScopedSigpipeBlock() {
    sigemptyset(&sigpipe_);
    sigaddset(&sigpipe_, SIGPIPE);
    blocked_ = pthread_sigmask(SIG_BLOCK, &sigpipe_, &previous_) == 0;
    if (blocked_) was_pending_ = IsPending();
  }
  ~ScopedSigpipeBlock() {
    if (!blocked_) return;
    if (!was_pending_ && IsPending()) {
      const timespec no_wait{};
      sigtimedwait(&sigpipe_, nullptr, &no_wait);
    }
    pthread_sigmask(SIG_SETMASK, &previous_, nullptr);
  }
  ScopedSigpipeBlock(const ScopedSigpipeBlock&) = delete;
  ScopedSigpipeBlock& operator=(const ScopedSigpipeBlock&) = delete;

 private:
  static bool IsPending() {
    sigset_t pending;
    return sigpending(&pending) == 0 && sigismember(&pending, SIGPIPE) == 1;
  }

  sigset_t sigpipe_;
  sigset_t previous_;
  bool blocked_ = false;
  bool was_pending_ = false;
};

// True when a command failed because the peer had closed the connection, which is what a
// pooled connection sees first after Redis restarted; retrying on a new connection is
// then cheap and likely to succeed. Timeouts are not retried: that would double the wait.
bool ConnectionWasClosed(int context_error, int saved_errno) {
  return context_error == REDIS_ERR_EOF ||
         (context_error == REDIS_ERR_IO && (saved_errno == ECONNRESET || saved_errno == EPIPE));
}

absl::Status StatusReply(const redisReply& reply, std::string_view expected,
                         CacheMetrics::RedisCommand command) {
  if (reply.type == REDIS_REPLY_STATUS && std::string_view(reply.str, reply.len) == expected) {
    return absl::OkStatus();
  }
  return absl::UnavailableError(
      absl::StrCat("redis ", CommandName(command), ": unexpected reply type ", reply.type));
}

}  // namespace

void RedisClient::ContextDeleter::operator()(redisContext* context) const { redisFree(context); }

RedisClient::RedisClient(RedisOptions options, CacheMetrics* metrics, const Clock& clock)
    : options_(std::move(options)),
      metrics_(metrics),
      breaker_(options_.failure_threshold, options_.open_duration, clock),
      free_permits_(std::max(options_.pool_size, 1)) {
  if (metrics_ != nullptr) metrics_->SetCircuitOpen(false);
}

RedisClient::~RedisClient() = default;

absl::StatusOr<std::optional<std::string>> RedisClient::Get(std::string_view key) {
  std::optional<std::string> value;
  absl::Status status = Run(
      Command::kGet,
      [&](redisContext* context) {
        return redisCommand(context, "GET %b", key.data(), key.size());
      },
      [&](const redisReply& reply) {
        if (reply.type == REDIS_REPLY_NIL) return absl::OkStatus();
        if (reply.type == REDIS_REPLY_STRING) {
          value.emplace(reply.str, reply.len);
          return absl::OkStatus();
        }
        return absl::UnavailableError(
            absl::StrCat("redis GET: unexpected reply type ", reply.type));
      });
  if (!status.ok()) return status;
  return value;
}

absl::Status RedisClient::Set(std::string_view key, std::string_view value, absl::Duration ttl) {
  if (ttl <= absl::ZeroDuration()) {
    return absl::InvalidArgumentError("redis SET: ttl must be positive");
  }
  const bool expires = ttl != absl::InfiniteDuration();
  // Rounded up so that a sub-millisecond ttl still stores, and never as PX 0 (an error).
  const long long ttl_ms =
      expires ? absl::ToInt64Milliseconds(absl::Ceil(ttl, absl::Milliseconds(1))) : 0;
  return Run(
      Command::kSet,
      [&](redisContext* context) {
        return expires ? redisCommand(context, "SET %b %b PX %lld", key.data(), key.size(),
                                      value.data(), value.size(), ttl_ms)
                       : redisCommand(context, "SET %b %b", key.data(), key.size(), value.data(),
                                      value.size());
      },
      [](const redisReply& reply) { return StatusReply(reply, "OK", Command::kSet); });
}

absl::Status RedisClient::Delete(std::string_view key) {
  return Run(
      Command::kDel,
      [&](redisContext* context) {
        return redisCommand(context, "DEL %b", key.data(), key.size());
      },
      [](const redisReply& reply) {
        if (reply.type == REDIS_REPLY_INTEGER) return absl::OkStatus();
        return absl::UnavailableError(
            absl::StrCat("redis DEL: unexpected reply type ", reply.type));
      });
}

absl::Status RedisClient::Publish(std::string_view channel, std::string_view message) {
  return Run(
      Command::kPublish,
      [&](redisContext* context) {
        return redisCommand(context, "PUBLISH %b %b", channel.data(), channel.size(),
                            message.data(), message.size());
      },
      [](const redisReply& reply) {
        if (reply.type == REDIS_REPLY_INTEGER) return absl::OkStatus();
        return absl::UnavailableError(
            absl::StrCat("redis PUBLISH: unexpected reply type ", reply.type));
      });
}

absl::Status RedisClient::Ping() {
  return Run(
      Command::kPing, [](redisContext* context) { return redisCommand(context, "PING"); },
      [](const redisReply& reply) { return StatusReply(reply, "PONG", Command::kPing); });
}

absl::Status RedisClient::Run(Command command, absl::FunctionRef<void*(redisContext*)> issue,
                              absl::FunctionRef<absl::Status(const redisReply&)> handle) {
  if (!breaker_.AllowRequest()) {
    if (metrics_ != nullptr) {
      metrics_->RecordCommand(command, CommandResult::kRejected, absl::ZeroDuration());
    }
    return absl::UnavailableError(
        absl::StrCat("redis ", CommandName(command), " not sent: circuit breaker is open"));
  }
  const auto start = std::chrono::steady_clock::now();

  absl::Status status;
  ContextPtr context;
  if (AcquirePermit(context)) {
    status = Attempt(command, issue, handle, context);
    ReleasePermit(std::move(context));
    // Only outcomes that reflect Redis itself move the breaker; waiting for the pool is
    // local contention, and a lost half-open probe is re-issued by the breaker later.
    if (status.ok()) {
      breaker_.RecordSuccess();
    } else {
      breaker_.RecordFailure();
    }
  } else {
    status = absl::UnavailableError(absl::StrCat("redis ", CommandName(command),
                                                 ": no pooled connection free within ",
                                                 absl::FormatDuration(options_.command_timeout)));
  }

  if (metrics_ != nullptr) {
    const absl::Duration elapsed = absl::FromChrono(std::chrono::steady_clock::now() - start);
    metrics_->RecordCommand(command, status.ok() ? CommandResult::kOk : CommandResult::kError,
                            elapsed);
    metrics_->SetCircuitOpen(breaker_.state() != CircuitBreaker::State::kClosed);
  }
  return status;
}

absl::Status RedisClient::Attempt(Command command, absl::FunctionRef<void*(redisContext*)> issue,
                                  absl::FunctionRef<absl::Status(const redisReply&)> handle,
                                  ContextPtr& context) {
  ScopedSigpipeBlock sigpipe_blocked;
  bool reused = context != nullptr;
  for (;;) {
    if (context == nullptr) {
      absl::StatusOr<ContextPtr> connected = Connect();
      if (!connected.ok()) return connected.status();
      context = *std::move(connected);
    }
    ReplyPtr reply(static_cast<redisReply*>(issue(context.get())));
    const int saved_errno = errno;
    if (reply == nullptr) {
      // After an I/O error the context is unusable (the reply stream is out of sync).
      const bool retry = reused && ConnectionWasClosed(context->err, saved_errno);
      absl::Status status = absl::UnavailableError(
          absl::StrCat("redis ", CommandName(command), " failed: ", context->errstr));
      context.reset();
      NoteDiscarded(1);
      if (!retry) return status;
      // The other idle connections predate the same restart; replace them all now rather
      // than failing one caller per stale connection (which would also trip the breaker).
      DropIdle();
      reused = false;
      continue;
    }
    if (reply->type == REDIS_REPLY_ERROR) {
      context.reset();
      NoteDiscarded(1);
      return absl::UnavailableError(absl::StrCat(
          "redis ", CommandName(command), " failed: ", absl::string_view(reply->str, reply->len)));
    }
    absl::Status status = handle(*reply);
    if (!status.ok()) {
      context.reset();
      NoteDiscarded(1);
    }
    return status;
  }
}

absl::StatusOr<RedisClient::ContextPtr> RedisClient::Connect() {
  ContextPtr context(redisConnectWithTimeout(options_.host.c_str(), options_.port,
                                             BoundedTimeval(options_.connect_timeout)));
  const auto failed = [&](absl::string_view cause) {
    return absl::UnavailableError(
        absl::StrCat("redis connect to ", options_.host, ":", options_.port, " failed: ", cause));
  };
  if (context == nullptr) return failed("cannot allocate a context");
  if (context->err != 0) return failed(context->errstr);
  // redisConnectWithTimeout bounds only the connect; without this a command on a paused
  // or partitioned Redis would block forever.
  if (redisSetTimeout(context.get(), BoundedTimeval(options_.command_timeout)) != REDIS_OK) {
    return failed("cannot set the command timeout");
  }
  // Best effort: keepalive only speeds up noticing a dead peer on an idle connection.
  redisEnableKeepAlive(context.get());
  if (!options_.password.empty()) {
    ReplyPtr reply(static_cast<redisReply*>(redisCommand(
        context.get(), "AUTH %b", options_.password.data(), options_.password.size())));
    if (reply == nullptr) return failed(absl::StrCat("AUTH: ", context->errstr));
    if (reply->type == REDIS_REPLY_ERROR) {
      return failed(absl::StrCat("AUTH: ", absl::string_view(reply->str, reply->len)));
    }
  }
  int pending = pending_reconnects_.load();
  while (pending > 0 && !pending_reconnects_.compare_exchange_weak(pending, pending - 1)) {
  }
  if (pending > 0 && metrics_ != nullptr) metrics_->RecordReconnect();
  return context;
}

bool RedisClient::AcquirePermit(ContextPtr& context) {
  absl::MutexLock lock(&mu_);
  const absl::Condition permit_free(
      +[](int* free_permits) { return *free_permits > 0; }, &free_permits_);
  if (!mu_.AwaitWithTimeout(permit_free, options_.command_timeout)) {
    return false;
  }
  --free_permits_;
  if (!idle_.empty()) {
    context = std::move(idle_.back());
    idle_.pop_back();
  }
  return true;
}

void RedisClient::ReleasePermit(ContextPtr context) {
  absl::MutexLock lock(&mu_);
  if (context != nullptr) idle_.push_back(std::move(context));
  ++free_permits_;
}

void RedisClient::DropIdle() {
  std::vector<ContextPtr> stale;
  {
    absl::MutexLock lock(&mu_);
    stale.swap(idle_);
  }
  // The connections are closed when `stale` goes out of scope, outside the lock.
  NoteDiscarded(static_cast<int>(stale.size()));
}

void RedisClient::NoteDiscarded(int count) { pending_reconnects_.fetch_add(count); }

}  // namespace rrmon

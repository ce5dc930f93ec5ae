#include "common/cache/redis_subscriber.h"

#include <hiredis/hiredis.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>

#include <algorithm>
#include <memory>
#include <utility>

#include "common/log/log.h"

namespace rrmon {
namespace {

struct ContextDeleter {
  void operator()(redisContext* context) const { redisFree(context); }
};
struct ReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using ContextPtr = std::unique_ptr<redisContext, ContextDeleter>;
using ReplyPtr = std::unique_ptr<redisReply, ReplyDeleter>;

constexpr absl::Duration kFirstBackoff = absl::Milliseconds(100);
constexpr absl::Duration kMaxBackoff = absl::Seconds(5);

std::string_view ElementText(const redisReply& reply, size_t index) {
  if (reply.type != REDIS_REPLY_ARRAY || index >= reply.elements) return {};
  const redisReply& element = *reply.element[index];
  if (element.type != REDIS_REPLY_STRING && element.type != REDIS_REPLY_STATUS) return {};
  return std::string_view(element.str, element.len);
}

}  // namespace

RedisSubscriber::RedisSubscriber(RedisOptions options, std::string channel, Callbacks callbacks)
    : options_(std::move(options)),
      channel_(std::move(channel)),
      callbacks_(std::move(callbacks)) {}

RedisSubscriber::~RedisSubscriber() { Stop(); }

void RedisSubscriber::Start() {
  if (thread_.joinable()) return;
  thread_ = std::thread([this] { Run(); });
}

void RedisSubscriber::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (socket_ >= 0) shutdown(socket_, SHUT_RDWR);
  }
  if (thread_.joinable()) thread_.join();
}

void RedisSubscriber::Run() {
  // The thread's own writes to a closed connection must not kill the process.
  sigset_t sigpipe;
  sigemptyset(&sigpipe);
  sigaddset(&sigpipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &sigpipe, nullptr);

  absl::Duration backoff = kFirstBackoff;
  for (;;) {
    const absl::Time started = absl::Now();
    Subscribe();
    callbacks_.on_state(false);
    // A subscription that lasted a while was healthy: start the backoff over.
    if (absl::Now() - started > kMaxBackoff) backoff = kFirstBackoff;
    absl::MutexLock lock(&mu_);
    if (mu_.AwaitWithTimeout(absl::Condition(&stopping_), backoff)) return;
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

void RedisSubscriber::Subscribe() {
  const timeval connect_timeout =
      absl::ToTimeval(std::max(options_.connect_timeout, absl::Milliseconds(1)));
  ContextPtr context(
      redisConnectWithTimeout(options_.host.c_str(), options_.port, connect_timeout));
  if (context == nullptr || context->err != 0) return;
  redisSetTimeout(context.get(),
                  absl::ToTimeval(std::max(options_.command_timeout, absl::Milliseconds(1))));
  redisEnableKeepAlive(context.get());
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return;
    socket_ = context->fd;
  }
  const auto forget_socket = [this] {
    absl::MutexLock lock(&mu_);
    socket_ = -1;
  };
  if (!options_.password.empty()) {
    ReplyPtr reply(static_cast<redisReply*>(redisCommand(
        context.get(), "AUTH %b", options_.password.data(), options_.password.size())));
    if (reply == nullptr || reply->type == REDIS_REPLY_ERROR) return forget_socket();
  }
  ReplyPtr confirmed(static_cast<redisReply*>(
      redisCommand(context.get(), "SUBSCRIBE %b", channel_.data(), channel_.size())));
  if (confirmed == nullptr || ElementText(*confirmed, 0) != "subscribe") {
    if (confirmed != nullptr) {
      LogWarning("cache", "redis SUBSCRIBE refused", {{"channel", channel_}});
    }
    return forget_socket();
  }
  // Messages come whenever a replica writes: wait for them without a timeout, relying on
  // TCP keepalive for a peer that vanished and on Stop() for the end.
  redisSetTimeout(context.get(), timeval{0, 0});
  callbacks_.on_state(true);
  for (;;) {
    void* raw = nullptr;
    if (redisGetReply(context.get(), &raw) != REDIS_OK) break;
    ReplyPtr reply(static_cast<redisReply*>(raw));
    if (reply == nullptr) break;
    if (ElementText(*reply, 0) == "message" && reply->elements == 3) {
      callbacks_.on_message(ElementText(*reply, 2));
    }
  }
  forget_socket();
}

}  // namespace rrmon

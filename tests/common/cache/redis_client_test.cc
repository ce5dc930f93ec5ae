#include "common/cache/redis_client.h"

#include <hiredis/hiredis.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/cache/metrics_test_util.h"
#include "tests/support/redis_server.h"

namespace rrmon {
namespace {

using ::rrmon::testing::CounterValue;
using ::rrmon::testing::GaugeValue;
using ::rrmon::testing::RedisServer;
using ::testing::HasSubstr;
using ::testing::Not;
using State = CircuitBreaker::State;

// Failing calls must return well under this; it bounds behaviour, it is not a benchmark.
constexpr auto kFast = std::chrono::seconds(2);

// Runs one command on a fresh raw connection: the test's view of what Redis holds.
long long RawInteger(int port, const char* format, const std::string& arg) {
  redisContext* context = redisConnect("127.0.0.1", port);
  if (context == nullptr || context->err != 0) {
    ADD_FAILURE() << "raw connect failed";
    if (context != nullptr) redisFree(context);
    return -100;
  }
  auto* reply = static_cast<redisReply*>(redisCommand(context, format, arg.data(), arg.size()));
  long long result = -100;
  if (reply != nullptr && reply->type == REDIS_REPLY_INTEGER) result = reply->integer;
  if (reply != nullptr) freeReplyObject(reply);
  redisFree(context);
  return result;
}

bool RawOk(int port, const std::string& command) {
  redisContext* context = redisConnect("127.0.0.1", port);
  if (context == nullptr || context->err != 0) {
    if (context != nullptr) redisFree(context);
    return false;
  }
  auto* reply = static_cast<redisReply*>(redisCommand(context, command.c_str()));
  const bool ok = reply != nullptr && reply->type == REDIS_REPLY_STATUS;
  if (reply != nullptr) freeReplyObject(reply);
  redisFree(context);
  return ok;
}

class RedisClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
  }

  RedisOptions Options() const {
    RedisOptions options;
    options.port = server_->port();
    // Generous where the test is not about timeouts: the machine is shared and loaded.
    options.connect_timeout = absl::Seconds(1);
    options.command_timeout = absl::Seconds(1);
    return options;
  }
  std::unique_ptr<RedisClient> Client(RedisOptions options) {
    return std::make_unique<RedisClient>(std::move(options), &metrics_, clock_);
  }
  double Commands(const std::string& command, const std::string& result) const {
    return CounterValue(registry_, "rrmon_redis_commands_total",
                        {{"command", command}, {"result", result}});
  }

  std::unique_ptr<RedisServer> server_;
  FakeClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  prometheus::Registry registry_;
  CacheMetrics metrics_{registry_};
};

TEST_F(RedisClientTest, SetGetDelete) {
  auto client = Client(Options());
  EXPECT_TRUE(client->Ping().ok());
  auto missing = client->Get("rrmon:test:a");
  ASSERT_TRUE(missing.ok()) << missing.status();
  EXPECT_FALSE(missing->has_value());

  ASSERT_TRUE(client->Set("rrmon:test:a", "value-a", absl::Minutes(1)).ok());
  auto found = client->Get("rrmon:test:a");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(*found, "value-a");

  ASSERT_TRUE(client->Delete("rrmon:test:a").ok());
  EXPECT_TRUE(client->Delete("rrmon:test:a").ok()) << "deleting an absent key succeeds";
  found = client->Get("rrmon:test:a");
  ASSERT_TRUE(found.ok());
  EXPECT_FALSE(found->has_value());
  EXPECT_EQ(Commands("GET", "ok"), 3);
  EXPECT_EQ(Commands("SET", "ok"), 1);
  EXPECT_EQ(Commands("DEL", "ok"), 2);
  EXPECT_EQ(Commands("PING", "ok"), 1);
}

TEST_F(RedisClientTest, KeysAndValuesAreBinarySafe) {
  auto client = Client(Options());
  const std::string key("k\0ey %s\r\n", 10);
  std::string value;
  for (int i = 0; i < 4096; ++i) value.push_back(static_cast<char>(i % 256));
  ASSERT_TRUE(client->Set(key, value, absl::Minutes(1)).ok());
  auto found = client->Get(key);
  ASSERT_TRUE(found.ok()) << found.status();
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ(**found, value);
  EXPECT_FALSE(client->Get(std::string("k", 1))->has_value()) << "the key is not cut at NUL";
}

TEST_F(RedisClientTest, SetStoresTheTtlInMilliseconds) {
  auto client = Client(Options());
  ASSERT_TRUE(client->Set("rrmon:test:ttl", "v", absl::Milliseconds(1500)).ok());
  const long long pttl = RawInteger(server_->port(), "PTTL %b", "rrmon:test:ttl");
  EXPECT_GT(pttl, 0);
  EXPECT_LE(pttl, 1500);

  ASSERT_TRUE(client->Set("rrmon:test:sub-ms", "v", absl::Microseconds(1)).ok())
      << "rounded up to 1 ms, not sent as PX 0";
  ASSERT_TRUE(client->Set("rrmon:test:forever", "v", absl::InfiniteDuration()).ok());
  EXPECT_EQ(RawInteger(server_->port(), "PTTL %b", "rrmon:test:forever"), -1);
}

TEST_F(RedisClientTest, EntriesExpire) {
  auto client = Client(Options());
  ASSERT_TRUE(client->Set("rrmon:test:short", "v", absl::Milliseconds(50)).ok());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  absl::StatusOr<std::optional<std::string>> found;
  do {
    absl::SleepFor(absl::Milliseconds(10));
    found = client->Get("rrmon:test:short");
    ASSERT_TRUE(found.ok()) << found.status();
  } while (found->has_value() && std::chrono::steady_clock::now() < deadline);
  EXPECT_FALSE(found->has_value());
}

TEST_F(RedisClientTest, NonPositiveTtlIsInvalidArgument) {
  auto client = Client(Options());
  EXPECT_EQ(client->Set("k", "v", absl::ZeroDuration()).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client->Set("k", "v", -absl::Seconds(1)).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Commands("SET", "error"), 0) << "rejected before reaching Redis";
}

TEST_F(RedisClientTest, AuthenticatesWithThePassword) {
  ASSERT_TRUE(RawOk(server_->port(), "CONFIG SET requirepass s3cret-pw"));
  RedisOptions with_password = Options();
  with_password.password = "s3cret-pw";
  auto client = Client(with_password);
  EXPECT_TRUE(client->Set("k", "v", absl::Minutes(1)).ok());
  EXPECT_TRUE(client->Get("k").ok());

  RedisOptions wrong_password = Options();
  wrong_password.password = "wrong-pw";
  absl::Status status = Client(wrong_password)->Ping();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), Not(HasSubstr("wrong-pw")));

  absl::Status no_password = Client(Options())->Ping();
  EXPECT_EQ(no_password.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(no_password.message(), HasSubstr("NOAUTH"));
}

TEST_F(RedisClientTest, StoppedRedisFailsFastThenTheBreakerRejects) {
  RedisOptions options = Options();
  options.command_timeout = absl::Milliseconds(100);
  options.connect_timeout = absl::Milliseconds(100);
  options.failure_threshold = 3;
  auto client = Client(options);
  ASSERT_TRUE(client->Set("secret-key", "secret-value", absl::Minutes(1)).ok());
  ASSERT_TRUE(server_->Stop().ok());

  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 5; ++i) {
    absl::Status status = client->Set("secret-key", "secret-value", absl::Minutes(1));
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << i;
    EXPECT_THAT(status.message(), Not(HasSubstr("secret"))) << "no keys or values in errors";
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, kFast);
  EXPECT_EQ(client->circuit_state(), State::kOpen);
  EXPECT_EQ(Commands("SET", "error"), 3);
  EXPECT_EQ(Commands("SET", "rejected"), 2);
  EXPECT_EQ(GaugeValue(registry_, "rrmon_redis_circuit_open"), 1);
  EXPECT_THAT(client->Get("any").status().message(), HasSubstr("circuit breaker is open"));
}

TEST_F(RedisClientTest, CachingResumesAfterRestartOnceTheOpenPeriodPasses) {
  RedisOptions options = Options();
  options.failure_threshold = 3;
  options.open_duration = absl::Seconds(2);
  auto client = Client(options);
  ASSERT_TRUE(client->Ping().ok());
  ASSERT_TRUE(server_->Stop().ok());
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(client->Ping().ok());
  ASSERT_EQ(client->circuit_state(), State::kOpen);

  ASSERT_TRUE(server_->Restart().ok());
  EXPECT_EQ(client->Ping().code(), absl::StatusCode::kUnavailable) << "still open";
  clock_.Advance(absl::Seconds(2));
  EXPECT_TRUE(client->Set("k", "v", absl::Minutes(1)).ok());
  EXPECT_EQ(client->circuit_state(), State::kClosed);
  auto found = client->Get("k");
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(*found, "v");
  EXPECT_EQ(GaugeValue(registry_, "rrmon_redis_circuit_open"), 0);
  EXPECT_GE(CounterValue(registry_, "rrmon_redis_reconnects_total"), 1);
}

TEST_F(RedisClientTest, AQuickRestartIsInvisibleToCallers) {
  auto client = Client(Options());
  // Several threads at once so that the pool holds more than one connection.
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 20; ++j) EXPECT_TRUE(client->Ping().ok());
    });
  }
  for (auto& thread : threads) thread.join();
  ASSERT_TRUE(server_->Restart().ok());

  // Each pooled connection is now dead; the client must replace them, not fail callers.
  for (int i = 0; i < 8; ++i) EXPECT_TRUE(client->Ping().ok()) << i;
  EXPECT_EQ(client->circuit_state(), State::kClosed);
  EXPECT_EQ(Commands("PING", "error"), 0);
  EXPECT_GE(CounterValue(registry_, "rrmon_redis_reconnects_total"), 1);
}

TEST_F(RedisClientTest, PausedRedisTimesOutInsteadOfHanging) {
  RedisOptions options = Options();
  options.command_timeout = absl::Milliseconds(100);
  options.connect_timeout = absl::Milliseconds(100);
  options.pool_size = 1;
  options.failure_threshold = 100;  // Keep the breaker out of it: every call waits.
  auto client = Client(options);
  ASSERT_TRUE(client->Ping().ok());
  ASSERT_TRUE(server_->Pause().ok());

  const auto start = std::chrono::steady_clock::now();
  // More callers than connections: the extra ones wait for the pool, boundedly.
  std::vector<absl::Status> results(3);
  std::vector<std::thread> threads;
  for (int i = 0; i < 3; ++i) {
    threads.emplace_back([&, i] { results[i] = client->Get("k").status(); });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, kFast);
  for (const auto& status : results) EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);

  ASSERT_TRUE(server_->Resume().ok());
  EXPECT_TRUE(client->Ping().ok()) << "recovers once Redis answers again";
}

TEST_F(RedisClientTest, ConcurrentCallersShareTheBoundedPool) {
  RedisOptions options = Options();
  options.pool_size = 2;
  options.command_timeout = absl::Seconds(2);
  auto client = Client(options);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        const std::string key = "rrmon:test:" + std::to_string(t) + ":" + std::to_string(i);
        const std::string value = "value-" + std::to_string(t * 1000 + i);
        if (!client->Set(key, value, absl::Minutes(1)).ok()) failures.fetch_add(1);
        auto found = client->Get(key);
        if (!found.ok() || *found != value) failures.fetch_add(1);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Commands("GET", "ok"), 800);
}

TEST(RedisClientNoServerTest, NothingListeningFailsFast) {
  FakeClock clock(absl::FromUnixSeconds(1'700'000'000));
  RedisOptions options;
  options.port = ::rrmon::testing::PickUnusedPort();
  RedisClient client(options, /*metrics=*/nullptr, clock);
  const auto start = std::chrono::steady_clock::now();
  absl::Status status = client.Ping();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(status.message(), HasSubstr("connect"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, kFast);
}

}  // namespace
}  // namespace rrmon

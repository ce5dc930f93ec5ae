// ProtoCache over a real Redis: the wiring production uses, including Redis going away.

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include "common/cache/proto_cache.h"
#include "common/cache/redis_client.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/common/cache/metrics_test_util.h"
#include "tests/support/redis_server.h"

namespace rrmon {
namespace {

using ::google::rpc::ErrorInfo;
using ::rrmon::testing::CounterValue;
using ::rrmon::testing::RedisServer;

class ProtoCacheRedisTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    RedisOptions options;
    options.port = server_->port();
    options.connect_timeout = absl::Milliseconds(200);
    options.command_timeout = absl::Milliseconds(200);
    options.failure_threshold = 3;
    options.open_duration = absl::Seconds(2);
    redis_ = std::make_unique<RedisClient>(options, &metrics_, clock_);
    CacheOptions cache_options;
    cache_options.ttl = absl::Seconds(60);
    cache_options.ttl_jitter = 0.2;
    cache_ = std::make_unique<ProtoCache>("household", redis_.get(), cache_options, &metrics_);
  }

  absl::StatusOr<ErrorInfo> Get(const std::string& key) {
    return cache_->GetOrLoad<ErrorInfo>(key, [&]() -> absl::StatusOr<ErrorInfo> {
      loads_.fetch_add(1);
      ErrorInfo info;
      info.set_reason("loaded:" + key);
      return info;
    });
  }
  double Requests(const std::string& result) const {
    return CounterValue(registry_, "rrmon_cache_requests_total",
                        {{"cache", "household"}, {"result", result}});
  }

  std::unique_ptr<RedisServer> server_;
  FakeClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  prometheus::Registry registry_;
  CacheMetrics metrics_{registry_};
  std::unique_ptr<RedisClient> redis_;
  std::unique_ptr<ProtoCache> cache_;
  std::atomic<int> loads_{0};
};

TEST_F(ProtoCacheRedisTest, LoadsOnceThenServesFromRedis) {
  const std::string key = CacheKey("monitoring", "household", "7");
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<ErrorInfo> result = Get(key);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->reason(), "loaded:" + key);
  }
  EXPECT_EQ(loads_.load(), 1);
  EXPECT_EQ(Requests("hit"), 2);
  auto stored = redis_->Get(key);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  EXPECT_EQ((*stored)->front(), '\x01');

  cache_->Invalidate(key);
  EXPECT_FALSE(redis_->Get(key)->has_value());
}

TEST_F(ProtoCacheRedisTest, RedisStoppedMidTestStillServesFromTheLoader) {
  const std::string cached = CacheKey("monitoring", "household", "1");
  ASSERT_TRUE(Get(cached).ok());
  ASSERT_TRUE(server_->Stop().ok());

  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 10; ++i) {
    const std::string key = CacheKey("monitoring", "household", std::to_string(i % 3));
    absl::StatusOr<ErrorInfo> result = Get(key);
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->reason(), "loaded:" + key);
  }
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_EQ(loads_.load(), 11);
  EXPECT_EQ(Requests("error"), 10);
  EXPECT_EQ(redis_->circuit_state(), CircuitBreaker::State::kOpen);

  // Redis returns: after the open period, caching resumes without any intervention.
  ASSERT_TRUE(server_->Restart().ok());
  clock_.Advance(absl::Seconds(2));
  ASSERT_TRUE(Get(cached).ok());
  ASSERT_TRUE(Get(cached).ok());
  EXPECT_EQ(loads_.load(), 12);
  EXPECT_EQ(Requests("hit"), 1);
}

}  // namespace
}  // namespace rrmon

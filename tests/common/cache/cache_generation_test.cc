// CacheGeneration over a real Redis: one generation until a change replaces it, a new
// one when the key is lost, nothing at all without Redis.

#include "common/cache/cache_generation.h"

#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tests/common/cache/metrics_test_util.h"
#include "tests/support/redis_server.h"

namespace rrmon {
namespace {

using ::rrmon::testing::CounterValue;
using ::rrmon::testing::RedisServer;

class CacheGenerationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = RedisServer::Start();
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    RedisOptions options;
    options.port = server_->port();
    options.connect_timeout = absl::Milliseconds(200);
    options.command_timeout = absl::Milliseconds(200);
    redis_ = std::make_unique<RedisClient>(options, &metrics_, clock_);
    metrics_.RegisterCache("figures");
  }

  std::unique_ptr<RedisServer> server_;
  FakeClock clock_{absl::FromUnixSeconds(1'700'000'000)};
  prometheus::Registry registry_;
  CacheMetrics metrics_{registry_};
  std::unique_ptr<RedisClient> redis_;
};

TEST_F(CacheGenerationTest, OneGenerationUntilInvalidatedSharedByEveryReplica) {
  CacheGeneration here(redis_.get(), "test:generation", "figures", &metrics_);
  CacheGeneration there(redis_.get(), "test:generation", "figures", &metrics_);
  const std::string first = here.Current();
  ASSERT_EQ(first.size(), 32U);
  EXPECT_EQ(here.Current(), first);
  EXPECT_EQ(there.Current(), first);
  there.Invalidate();
  const std::string second = here.Current();
  EXPECT_NE(second, first);
  EXPECT_EQ(there.Current(), second);
  EXPECT_EQ(CounterValue(registry_, "rrmon_cache_invalidations_total",
                         {{"cache", "figures"}, {"result", "ok"}}),
            1);
}

TEST_F(CacheGenerationTest, ALostKeyStartsANewGenerationNeverAnOldOne) {
  CacheGeneration generation(redis_.get(), "test:generation", "figures", &metrics_);
  const std::string first = generation.Current();
  ASSERT_TRUE(redis_->Delete("test:generation").ok());
  const std::string after_loss = generation.Current();
  EXPECT_FALSE(after_loss.empty());
  EXPECT_NE(after_loss, first);
}

TEST_F(CacheGenerationTest, WithoutRedisThereIsNoGeneration) {
  CacheGeneration off(nullptr, "test:generation", "figures", &metrics_);
  EXPECT_EQ(off.Current(), "");
  off.Invalidate();  // nothing to do, and no failure
  server_.reset();   // Redis stops
  CacheGeneration unreachable(redis_.get(), "test:generation", "figures", &metrics_);
  EXPECT_EQ(unreachable.Current(), "");
}

}  // namespace
}  // namespace rrmon

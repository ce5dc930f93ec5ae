// The in-process tier over a fake shared store (what it keeps, when it must not), then
// two tiers as two replicas over one real Redis, hearing each other's invalidations.

#include "common/cache/tiered_store.h"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/cache/redis_client.h"
#include "common/cache/redis_subscriber.h"
#include "tests/common/cache/fake_key_value_store.h"
#include "tests/support/redis_server.h"
#include "tests/support/wait_until.h"

namespace rrmon {
namespace {

using testing::FakeKeyValueStore;

const absl::Time kStart = absl::FromUnixSeconds(1'717'200'000);

class TieredStoreTest : public ::testing::Test {
 protected:
  TieredStore MakeStore(LocalTierOptions options = {}) {
    return TieredStore(
        shared_, options,
        [this](std::string_view key) {
          published_.emplace_back(key);
          return absl::OkStatus();
        },
        clock_);
  }

  FakeKeyValueStore shared_;
  FakeClock clock_{kStart};
  std::vector<std::string> published_;
};

TEST_F(TieredStoreTest, KeepsNothingUntilInvalidationsAreKnownToArrive) {
  TieredStore store = MakeStore();
  shared_.Put("k", "v1");
  EXPECT_EQ(store.Get("k").value(), "v1");
  EXPECT_EQ(store.Get("k").value(), "v1");
  EXPECT_EQ(shared_.gets(), 2);
  EXPECT_EQ(store.local_entries(), 0u);
}

TEST_F(TieredStoreTest, ServesRepeatedReadsFromTheProcess) {
  TieredStore store = MakeStore();
  store.SetLive(true);
  shared_.Put("k", "v1");
  EXPECT_EQ(store.Get("k").value(), "v1");
  shared_.Put("k", "changed behind its back");
  EXPECT_EQ(store.Get("k").value(), "v1");
  EXPECT_EQ(shared_.gets(), 1);
  EXPECT_EQ(store.local_hits(), 1);
  // A miss in the shared tier is not kept: ProtoCache caches "not found" itself.
  EXPECT_FALSE(store.Get("absent").value().has_value());
  EXPECT_FALSE(store.Get("absent").value().has_value());
  EXPECT_EQ(shared_.gets(), 3);
}

TEST_F(TieredStoreTest, ACopyLivesAtMostTheLocalTtl) {
  TieredStore store = MakeStore({.max_bytes = 1 << 20, .ttl = absl::Seconds(5)});
  store.SetLive(true);
  shared_.Put("k", "v1");
  ASSERT_EQ(store.Get("k").value(), "v1");
  shared_.Put("k", "v2");
  clock_.Advance(absl::Seconds(4));
  EXPECT_EQ(store.Get("k").value(), "v1");
  clock_.Advance(absl::Seconds(1));
  EXPECT_EQ(store.Get("k").value(), "v2");
}

TEST_F(TieredStoreTest, DeleteDropsBothTiersAndPublishesTheKey) {
  TieredStore store = MakeStore();
  store.SetLive(true);
  shared_.Put("k", "v1");
  ASSERT_EQ(store.Get("k").value(), "v1");
  ASSERT_TRUE(store.Delete("k").ok());
  EXPECT_EQ(published_, std::vector<std::string>{"k"});
  EXPECT_FALSE(shared_.Find("k").has_value());
  EXPECT_FALSE(store.Get("k").value().has_value());
}

TEST_F(TieredStoreTest, DeleteReportsAFailedPublish) {
  TieredStore store(
      shared_, {}, [](std::string_view) { return absl::UnavailableError("redis down"); }, clock_);
  EXPECT_EQ(store.Delete("k").code(), absl::StatusCode::kUnavailable);
}

TEST_F(TieredStoreTest, AnInvalidationFromAnotherReplicaEvictsTheCopy) {
  TieredStore store = MakeStore();
  store.SetLive(true);
  shared_.Put("k", "v1");
  ASSERT_EQ(store.Get("k").value(), "v1");
  shared_.Put("k", "v2");
  store.Evict("k");
  EXPECT_EQ(store.Get("k").value(), "v2");
}

TEST_F(TieredStoreTest, AReadOverlappingAnInvalidationKeepsNothing) {
  TieredStore store = MakeStore();
  store.SetLive(true);
  shared_.Put("k", "v1");
  // The invalidation arrives while the read is at the shared tier: the read returns what
  // it read, but must not keep it, or the invalidation would be undone.
  shared_.BeforeGet([&] { store.Evict("k"); });
  EXPECT_EQ(store.Get("k").value(), "v1");
  shared_.BeforeGet(nullptr);
  shared_.Put("k", "v2");
  EXPECT_EQ(store.Get("k").value(), "v2");
}

TEST_F(TieredStoreTest, LosingTheSubscriptionEmptiesAndBypassesTheTier) {
  TieredStore store = MakeStore();
  store.SetLive(true);
  shared_.Put("k", "v1");
  ASSERT_EQ(store.Get("k").value(), "v1");
  store.SetLive(false);
  EXPECT_EQ(store.local_entries(), 0u);
  shared_.Put("k", "v2");
  EXPECT_EQ(store.Get("k").value(), "v2");
  EXPECT_EQ(store.local_entries(), 0u);
  // Invalidations missed while down cannot matter: the tier starts empty again.
  store.SetLive(true);
  EXPECT_EQ(store.local_entries(), 0u);
  shared_.Put("k", "v3");
  EXPECT_EQ(store.Get("k").value(), "v3");
}

TEST_F(TieredStoreTest, SetWritesTheSharedTierOnly) {
  TieredStore store = MakeStore();
  store.SetLive(true);
  ASSERT_TRUE(store.Set("k", "v1", absl::Minutes(5)).ok());
  EXPECT_EQ(shared_.Find("k")->value, "v1");
  EXPECT_EQ(shared_.Find("k")->ttl, absl::Minutes(5));
  EXPECT_EQ(store.local_entries(), 0u);
}

TEST_F(TieredStoreTest, StaysWithinItsByteBound) {
  TieredStore store = MakeStore({.max_bytes = 16 * 1024, .ttl = absl::Minutes(1)});
  store.SetLive(true);
  const std::string value(200, 'x');
  for (int i = 0; i < 1000; ++i) {
    const std::string key = absl::StrCat("key-", i);
    shared_.Put(key, value);
    ASSERT_EQ(store.Get(key).value(), value);
    ASSERT_LE(store.local_bytes(), 16u * 1024);
  }
  EXPECT_GT(store.local_entries(), 10u);
  // A value larger than a shard's share is served but never kept.
  shared_.Put("big", std::string(4096, 'y'));
  EXPECT_EQ(store.Get("big").value()->size(), 4096u);
  EXPECT_LE(store.local_bytes(), 16u * 1024);
}

TEST_F(TieredStoreTest, PeekLocalAnswersOnlyFromTheProcess) {
  TieredStore store = MakeStore({.max_bytes = 1 << 20, .ttl = absl::Seconds(5)});
  shared_.Put("k", "v1");
  store.SetLive(true);
  // Held in Redis only: a peek does not go there.
  EXPECT_FALSE(store.PeekLocal("k").has_value());
  EXPECT_EQ(shared_.gets(), 0);
  ASSERT_EQ(store.Get("k").value(), "v1");
  EXPECT_EQ(store.PeekLocal("k"), "v1");
  EXPECT_EQ(shared_.gets(), 1);
  store.Evict("k");
  EXPECT_FALSE(store.PeekLocal("k").has_value());
  ASSERT_EQ(store.Get("k").value(), "v1");
  clock_.Advance(absl::Seconds(5));
  EXPECT_FALSE(store.PeekLocal("k").has_value());
  ASSERT_EQ(store.Get("k").value(), "v1");
  store.SetLive(false);
  EXPECT_FALSE(store.PeekLocal("k").has_value());
}

TEST_F(TieredStoreTest, ZeroBytesTurnsTheTierOff) {
  TieredStore store = MakeStore({.max_bytes = 0, .ttl = absl::Seconds(5)});
  store.SetLive(true);
  shared_.Put("k", "v1");
  store.Get("k").value();
  store.Get("k").value();
  EXPECT_EQ(shared_.gets(), 2);
}

// Two replicas: each a tier over the same Redis with its own subscription.
class Replica {
 public:
  Replica(int port, const std::string& channel)
      : redis_(Options(port), nullptr, SystemClock::Instance()),
        store_(
            redis_, {.max_bytes = 1 << 20, .ttl = absl::Minutes(1)},
            [this, channel](std::string_view key) { return redis_.Publish(channel, key); },
            SystemClock::Instance()),
        subscriber_(Options(port), channel,
                    {.on_message = [this](std::string_view key) { store_.Evict(key); },
                     .on_state = [this](bool live) { store_.SetLive(live); }}) {
    subscriber_.Start();
  }

  static RedisOptions Options(int port) {
    RedisOptions options;
    options.port = port;
    options.failure_threshold = 1000;  // the test restarts Redis; keep the breaker shut
    return options;
  }

  TieredStore& store() { return store_; }
  RedisClient& redis() { return redis_; }
  RedisSubscriber& subscriber() { return subscriber_; }

 private:
  RedisClient redis_;
  TieredStore store_;
  RedisSubscriber subscriber_;
};

TEST(TieredStoreRedisTest, AnInvalidationReachesTheOtherReplica) {
  auto redis = testing::RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  Replica a((*redis)->port(), "rrmon:test:invalidate");
  Replica b((*redis)->port(), "rrmon:test:invalidate");
  ASSERT_TRUE(testing::WaitUntil([&] { return a.store().live() && b.store().live(); }));

  ASSERT_TRUE(a.store().Set("household:1", "v1", absl::Minutes(5)).ok());
  ASSERT_EQ(b.store().Get("household:1").value(), "v1");
  // Written behind the tiers' backs: b keeps serving its copy.
  ASSERT_TRUE(a.redis().Set("household:1", "v2", absl::Minutes(5)).ok());
  EXPECT_EQ(b.store().Get("household:1").value(), "v1");
  // a's commit invalidates: b hears it and reads the shared tier again.
  ASSERT_TRUE(a.store().Delete("household:1").ok());
  EXPECT_TRUE(testing::WaitUntil([&] { return !b.store().Get("household:1").value().has_value(); },
                                 absl::Seconds(5)));
}

TEST(TieredStoreRedisTest, ARestartOfRedisEmptiesTheTierUntilSubscribedAgain) {
  auto redis = testing::RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  Replica b((*redis)->port(), "rrmon:test:invalidate");
  ASSERT_TRUE(testing::WaitUntil([&] { return b.store().live(); }));
  ASSERT_TRUE(b.redis().Set("k", "v1", absl::Minutes(5)).ok());
  ASSERT_EQ(b.store().Get("k").value(), "v1");
  ASSERT_EQ(b.store().local_entries(), 1u);

  ASSERT_TRUE((*redis)->Stop().ok());
  ASSERT_TRUE(testing::WaitUntil([&] { return !b.store().live(); }, absl::Seconds(5)));
  EXPECT_EQ(b.store().local_entries(), 0u);
  // Down: reads fail over to the loader (ProtoCache); the tier keeps nothing.
  EXPECT_FALSE(b.store().Get("k").ok());

  ASSERT_TRUE((*redis)->Restart().ok());
  ASSERT_TRUE(testing::WaitUntil([&] { return b.store().live(); }, absl::Seconds(10)));
  EXPECT_FALSE(b.store().Get("k").value().has_value());
}

TEST(TieredStoreRedisTest, StopEndsABlockedSubscriptionAtOnce) {
  auto redis = testing::RedisServer::Start();
  ASSERT_TRUE(redis.ok()) << redis.status();
  Replica b((*redis)->port(), "rrmon:test:invalidate");
  ASSERT_TRUE(testing::WaitUntil([&] { return b.store().live(); }));
  const absl::Time start = absl::Now();
  b.subscriber().Stop();
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  EXPECT_FALSE(b.store().live());
}

}  // namespace
}  // namespace rrmon

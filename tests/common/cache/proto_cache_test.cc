#include "common/cache/proto_cache.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/synchronization/notification.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/common/cache/fake_key_value_store.h"
#include "tests/common/cache/metrics_test_util.h"
#include "tests/support/wait_until.h"

namespace rrmon {
namespace {

using ::rrmon::testing::WaitUntil;

using ::google::rpc::ErrorInfo;
using ::rrmon::testing::CounterValue;
using ::rrmon::testing::FakeKeyValueStore;

constexpr char kKey[] = "rrmon:v1:monitoring:household:7";

ErrorInfo Info(const std::string& reason) {
  ErrorInfo info;
  info.set_reason(reason);
  info.set_domain("monitoring.rrmon");
  (*info.mutable_metadata())["county"] = "x";
  return info;
}

class ProtoCacheTest : public ::testing::Test {
 protected:
  absl::StatusOr<ErrorInfo> Get(const std::string& key = kKey) { return Get(cache_, key); }
  absl::StatusOr<ErrorInfo> Get(ProtoCache& cache, const std::string& key) {
    return cache.GetOrLoad<ErrorInfo>(key, [&]() -> absl::StatusOr<ErrorInfo> {
      loads_.fetch_add(1);
      return answer_;
    });
  }
  double Requests(const std::string& result) const {
    return CounterValue(registry_, "rrmon_cache_requests_total",
                        {{"cache", "household"}, {"result", result}});
  }
  double Invalidations(const std::string& result) const {
    return CounterValue(registry_, "rrmon_cache_invalidations_total",
                        {{"cache", "household"}, {"result", result}});
  }

  prometheus::Registry registry_;
  CacheMetrics metrics_{registry_};
  FakeKeyValueStore store_;
  CacheOptions options_;
  ProtoCache cache_{"household", &store_, options_, &metrics_};
  std::atomic<int> loads_{0};
  absl::StatusOr<ErrorInfo> answer_ = Info("v1");
};

TEST(CacheKeyTest, IsVersionedAndNamespaced) {
  EXPECT_EQ(CacheKey("monitoring", "household", "42"), "rrmon:v1:monitoring:household:42");
}

TEST_F(ProtoCacheTest, MissLoadsAndStoresThenHits) {
  absl::StatusOr<ErrorInfo> first = Get();
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->reason(), "v1");
  answer_ = Info("v2");  // A hit must not see this.
  absl::StatusOr<ErrorInfo> second = Get();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(second->reason(), "v1");
  EXPECT_EQ(second->metadata().at("county"), "x");
  EXPECT_EQ(loads_.load(), 1);
  EXPECT_EQ(Requests("miss"), 1);
  EXPECT_EQ(Requests("hit"), 1);

  auto entry = store_.Find(kKey);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->value, std::string("\x01", 1) + Info("v1").SerializeAsString());
}

TEST_F(ProtoCacheTest, NotFoundIsCachedForTheNegativeTtlWithItsDetails) {
  absl::Status not_found = absl::NotFoundError("households/7 not found");
  not_found.SetPayload("type.googleapis.com/rrmon.ErrorReason", absl::Cord("HOUSEHOLD_NOT_FOUND"));
  answer_ = not_found;
  EXPECT_EQ(Get().status(), not_found);

  answer_ = Info("v1");
  absl::StatusOr<ErrorInfo> cached = Get();
  EXPECT_EQ(cached.status(), not_found) << "code, message and payload survive the cache";
  EXPECT_EQ(loads_.load(), 1);
  EXPECT_EQ(Requests("negative_hit"), 1);
  auto entry = store_.Find(kKey);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->ttl, options_.negative_ttl);
  EXPECT_EQ(entry->value.front(), '\0');
}

TEST_F(ProtoCacheTest, ZeroNegativeTtlTurnsNegativeCachingOff) {
  options_.negative_ttl = absl::ZeroDuration();
  ProtoCache cache("household", &store_, options_, &metrics_);
  answer_ = absl::NotFoundError("gone");
  EXPECT_TRUE(absl::IsNotFound(Get(cache, kKey).status()));
  EXPECT_TRUE(absl::IsNotFound(Get(cache, kKey).status()));
  EXPECT_EQ(loads_.load(), 2);
  EXPECT_EQ(store_.sets(), 0);
}

TEST_F(ProtoCacheTest, OtherLoaderErrorsAreReturnedAndNotCached) {
  answer_ = absl::InternalError("database is on fire");
  EXPECT_EQ(Get().status().code(), absl::StatusCode::kInternal);
  EXPECT_FALSE(store_.Find(kKey).has_value());
  answer_ = Info("v1");
  EXPECT_TRUE(Get().ok());
  EXPECT_EQ(loads_.load(), 2);
}

class ProtoCacheCorruptValueTest : public ProtoCacheTest,
                                   public ::testing::WithParamInterface<std::string> {};

TEST_P(ProtoCacheCorruptValueTest, IsCountedDeletedAndReloaded) {
  store_.Put(kKey, GetParam());
  absl::StatusOr<ErrorInfo> result = Get();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->reason(), "v1");
  EXPECT_EQ(loads_.load(), 1);
  EXPECT_EQ(store_.deletes(), 1);
  EXPECT_EQ(Requests("error"), 1);
  auto entry = store_.Find(kKey);
  ASSERT_TRUE(entry.has_value());
  EXPECT_EQ(entry->value, std::string("\x01", 1) + Info("v1").SerializeAsString());
}

INSTANTIATE_TEST_SUITE_P(Values, ProtoCacheCorruptValueTest,
                         ::testing::Values(std::string(), std::string("\x07whatever"),
                                           std::string("\x01\xff\xff\xff\xff", 5),
                                           std::string("\x00\xff\xff", 3),
                                           // A well-formed status that is not NOT_FOUND.
                                           std::string("\x00\x08\x0d", 3)));

TEST_F(ProtoCacheTest, TtlIsJitteredWithinBounds) {
  options_.ttl = absl::Seconds(100);
  options_.ttl_jitter = 0.2;
  ProtoCache cache("household", &store_, options_, &metrics_);
  absl::Duration min = absl::InfiniteDuration();
  absl::Duration max = -absl::InfiniteDuration();
  for (int i = 0; i < 200; ++i) {
    const std::string key = "k" + std::to_string(i);
    ASSERT_TRUE(Get(cache, key).ok());
    const absl::Duration ttl = store_.Find(key)->ttl;
    min = std::min(min, ttl);
    max = std::max(max, ttl);
  }
  EXPECT_GE(min, absl::Seconds(80));
  EXPECT_LE(max, absl::Seconds(120));
  // The chance of 200 uniform draws all missing either outer quarter is below 1e-24.
  EXPECT_LT(min, absl::Seconds(90));
  EXPECT_GT(max, absl::Seconds(110));
}

TEST_F(ProtoCacheTest, ZeroJitterStoresTheExactTtl) {
  options_.ttl = absl::Seconds(30);
  options_.ttl_jitter = 0;
  ProtoCache cache("household", &store_, options_, &metrics_);
  ASSERT_TRUE(Get(cache, kKey).ok());
  EXPECT_EQ(store_.Find(kKey)->ttl, absl::Seconds(30));
}

TEST_F(ProtoCacheTest, ConcurrentMissesRunTheLoaderOnce) {
  constexpr int kThreads = 8;
  absl::Notification release;
  std::vector<absl::StatusOr<ErrorInfo>> results(kThreads, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      results[i] = cache_.GetOrLoad<ErrorInfo>(kKey, [&]() -> absl::StatusOr<ErrorInfo> {
        loads_.fetch_add(1);
        // Held until every thread has had time to arrive, so without single-flight each
        // of them would miss and load.
        release.WaitForNotification();
        return Info("shared");
      });
    });
  }
  // Every other thread has joined the leader's flight: without single-flight they would
  // be loading themselves.
  ASSERT_TRUE(WaitUntil([&] {
    auto flight = cache_.FlightOf(kKey);
    return flight.has_value() && flight->followers == kThreads - 1;
  }));
  release.Notify();
  for (auto& thread : threads) thread.join();

  EXPECT_EQ(loads_.load(), 1);
  EXPECT_EQ(store_.gets(), 1) << "waiters share the leader's lookup too";
  for (const auto& result : results) {
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->reason(), "shared");
  }
}

TEST_F(ProtoCacheTest, ConcurrentMissesShareTheLoaderError) {
  constexpr int kThreads = 4;
  absl::Notification release;
  std::vector<absl::Status> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      results[i] = cache_
                       .GetOrLoad<ErrorInfo>(kKey,
                                             [&]() -> absl::StatusOr<ErrorInfo> {
                                               loads_.fetch_add(1);
                                               release.WaitForNotification();
                                               return absl::UnavailableError("peer down");
                                             })
                       .status();
    });
  }
  // Every other thread has joined the leader's flight: without single-flight they would
  // be loading themselves.
  ASSERT_TRUE(WaitUntil([&] {
    auto flight = cache_.FlightOf(kKey);
    return flight.has_value() && flight->followers == kThreads - 1;
  }));
  release.Notify();
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(loads_.load(), 1);
  for (const auto& result : results) EXPECT_EQ(result, absl::UnavailableError("peer down"));
}

TEST_F(ProtoCacheTest, InvalidateDuringLoadKeepsTheStaleValueOutOfTheStore) {
  absl::Notification loading;
  absl::Notification release;
  absl::StatusOr<ErrorInfo> result = absl::UnknownError("not run");
  std::thread reader([&] {
    result = cache_.GetOrLoad<ErrorInfo>(kKey, [&]() -> absl::StatusOr<ErrorInfo> {
      loading.Notify();
      release.WaitForNotification();
      return Info("read-before-the-write");
    });
  });
  loading.WaitForNotification();
  cache_.Invalidate(kKey);  // A writer committed while the reader was loading.
  release.Notify();
  reader.join();

  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->reason(), "read-before-the-write");
  EXPECT_FALSE(store_.Find(kKey).has_value());
  EXPECT_EQ(store_.sets(), 0);
  EXPECT_TRUE(Get().ok());
  EXPECT_EQ(loads_.load(), 1) << "the next read loads afresh";
  EXPECT_TRUE(store_.Find(kKey).has_value()) << "and, with no invalidation, stores";
}

TEST_F(ProtoCacheTest, InvalidateDuringTheStoreWriteDeletesAfterIt) {
  absl::Notification setting;
  absl::Notification release_set;
  store_.BeforeSet([&] {
    setting.Notify();
    release_set.WaitForNotification();
  });
  std::thread reader([&] { EXPECT_TRUE(Get().ok()); });
  setting.WaitForNotification();
  std::atomic<bool> invalidated{false};
  std::thread writer([&] {
    cache_.Invalidate(kKey);
    invalidated.store(true);
  });
  // The writer has marked the flight, so it is inside Invalidate, waiting.
  ASSERT_TRUE(WaitUntil([&] {
    auto flight = cache_.FlightOf(kKey);
    return flight.has_value() && flight->invalidated;
  }));
  EXPECT_FALSE(invalidated.load()) << "Invalidate must wait for the in-flight write";
  release_set.Notify();
  reader.join();
  writer.join();
  EXPECT_FALSE(store_.Find(kKey).has_value());
}

TEST_F(ProtoCacheTest, InvalidateRemovesTheEntry) {
  ASSERT_TRUE(Get().ok());
  cache_.Invalidate(kKey);
  EXPECT_FALSE(store_.Find(kKey).has_value());
  answer_ = Info("v2");
  absl::StatusOr<ErrorInfo> result = Get();
  ASSERT_TRUE(result.ok());
  EXPECT_EQ(result->reason(), "v2");
  EXPECT_EQ(Invalidations("ok"), 1);
}

TEST_F(ProtoCacheTest, FailedInvalidateIsCounted) {
  store_.FailDeletes(true);
  cache_.Invalidate(kKey);
  EXPECT_EQ(Invalidations("error"), 1);
}

TEST_F(ProtoCacheTest, StoreReadErrorsFallBackToTheLoader) {
  store_.FailGets(true);
  for (int i = 0; i < 3; ++i) {
    absl::StatusOr<ErrorInfo> result = Get();
    ASSERT_TRUE(result.ok()) << result.status();
    EXPECT_EQ(result->reason(), "v1");
  }
  EXPECT_EQ(loads_.load(), 3);
  EXPECT_EQ(Requests("error"), 3);
  EXPECT_EQ(store_.sets(), 0) << "no write after a failed read";
}

TEST_F(ProtoCacheTest, StoreWriteErrorsDoNotFailTheCall) {
  store_.FailSets(true);
  absl::StatusOr<ErrorInfo> result = Get();
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(store_.sets(), 1);
  EXPECT_EQ(Requests("miss"), 1);
}

TEST_F(ProtoCacheTest, WithoutAStoreEveryCallLoads) {
  ProtoCache cache("household", nullptr, options_, &metrics_);
  EXPECT_TRUE(Get(cache, kKey).ok());
  EXPECT_TRUE(Get(cache, kKey).ok());
  EXPECT_EQ(loads_.load(), 2);
  EXPECT_EQ(Requests("bypass"), 2);
  cache.Invalidate(kKey);  // Nothing to do, must not crash.
}

TEST_F(ProtoCacheTest, WorksWithoutMetrics) {
  ProtoCache cache("household", &store_, options_, nullptr);
  EXPECT_TRUE(Get(cache, kKey).ok());
  EXPECT_TRUE(Get(cache, kKey).ok());
  EXPECT_EQ(loads_.load(), 1);
}

}  // namespace
}  // namespace rrmon

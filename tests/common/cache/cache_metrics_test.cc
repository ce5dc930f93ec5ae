#include "common/cache/cache_metrics.h"

#include <prometheus/text_serializer.h>

#include <algorithm>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/common/cache/metrics_test_util.h"

namespace rrmon {
namespace {

using ::rrmon::testing::CounterValue;
using ::rrmon::testing::FindSeries;
using ::rrmon::testing::GaugeValue;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(CacheMetricsTest, CreatesRedisSeriesUpFront) {
  prometheus::Registry registry;
  CacheMetrics metrics(registry);
  for (const char* command : {"GET", "SET", "DEL", "PING", "PUBLISH"}) {
    for (const char* result : {"ok", "error", "rejected"}) {
      EXPECT_EQ(CounterValue(registry, "rrmon_redis_commands_total",
                             {{"command", command}, {"result", result}}),
                0)
          << command << " " << result;
    }
    const auto families = registry.Collect();
    const auto* histogram =
        FindSeries(families, "rrmon_redis_command_duration_seconds", {{"command", command}});
    ASSERT_NE(histogram, nullptr) << command;
  }
  EXPECT_EQ(GaugeValue(registry, "rrmon_redis_circuit_open"), 0);
  EXPECT_EQ(CounterValue(registry, "rrmon_redis_reconnects_total"), 0);
}

TEST(CacheMetricsTest, DurationBucketsAreSortedFrom100MicrosecondsTo1Second) {
  const auto& buckets = CacheMetrics::CommandDurationBuckets();
  ASSERT_FALSE(buckets.empty());
  EXPECT_DOUBLE_EQ(buckets.front(), 0.0001);
  EXPECT_DOUBLE_EQ(buckets.back(), 1.0);
  EXPECT_TRUE(std::is_sorted(buckets.begin(), buckets.end()));
  EXPECT_EQ(std::adjacent_find(buckets.begin(), buckets.end()), buckets.end());
}

TEST(CacheMetricsTest, RegisterCacheCreatesItsSeriesOnce) {
  prometheus::Registry registry;
  CacheMetrics metrics(registry);
  metrics.RegisterCache("household");
  metrics.RegisterCache("household");
  for (const char* result : {"hit", "miss", "negative_hit", "error", "bypass"}) {
    EXPECT_EQ(CounterValue(registry, "rrmon_cache_requests_total",
                           {{"cache", "household"}, {"result", result}}),
              0)
        << result;
  }
  for (const char* result : {"ok", "error"}) {
    EXPECT_EQ(CounterValue(registry, "rrmon_cache_invalidations_total",
                           {{"cache", "household"}, {"result", result}}),
              0)
        << result;
  }
  const auto families = registry.Collect();
  for (const auto& family : families) {
    if (family.name == "rrmon_cache_requests_total") {
      EXPECT_EQ(family.metric.size(), 5u);
    }
  }
}

TEST(CacheMetricsTest, RecordsIntoTheRightSeries) {
  prometheus::Registry registry;
  CacheMetrics metrics(registry);
  metrics.RecordCacheRequest("household", CacheMetrics::CacheResult::kHit);
  metrics.RecordCacheRequest("household", CacheMetrics::CacheResult::kHit);
  metrics.RecordCacheRequest("peer", CacheMetrics::CacheResult::kNegativeHit);
  metrics.RecordInvalidation("household", CacheMetrics::InvalidationResult::kError);
  metrics.RecordCommand(CacheMetrics::RedisCommand::kGet, CacheMetrics::CommandResult::kOk,
                        absl::Microseconds(300));
  metrics.RecordCommand(CacheMetrics::RedisCommand::kDel, CacheMetrics::CommandResult::kRejected,
                        absl::ZeroDuration());
  metrics.SetCircuitOpen(true);
  metrics.RecordReconnect();

  EXPECT_EQ(CounterValue(registry, "rrmon_cache_requests_total",
                         {{"cache", "household"}, {"result", "hit"}}),
            2);
  EXPECT_EQ(CounterValue(registry, "rrmon_cache_requests_total",
                         {{"cache", "peer"}, {"result", "negative_hit"}}),
            1);
  EXPECT_EQ(CounterValue(registry, "rrmon_cache_invalidations_total",
                         {{"cache", "household"}, {"result", "error"}}),
            1);
  EXPECT_EQ(
      CounterValue(registry, "rrmon_redis_commands_total", {{"command", "GET"}, {"result", "ok"}}),
      1);
  EXPECT_EQ(CounterValue(registry, "rrmon_redis_commands_total",
                         {{"command", "DEL"}, {"result", "rejected"}}),
            1);
  EXPECT_EQ(GaugeValue(registry, "rrmon_redis_circuit_open"), 1);
  EXPECT_EQ(CounterValue(registry, "rrmon_redis_reconnects_total"), 1);

  const auto families = registry.Collect();
  const auto* get =
      FindSeries(families, "rrmon_redis_command_duration_seconds", {{"command", "GET"}});
  ASSERT_NE(get, nullptr);
  EXPECT_EQ(get->histogram.sample_count, 1u);
  EXPECT_NEAR(get->histogram.sample_sum, 0.0003, 1e-9);
  const auto* del =
      FindSeries(families, "rrmon_redis_command_duration_seconds", {{"command", "DEL"}});
  ASSERT_NE(del, nullptr);
  EXPECT_EQ(del->histogram.sample_count, 0u) << "rejected commands never reached Redis";
}

TEST(CacheMetricsTest, ExpositionUsesTheExpectedNames) {
  prometheus::Registry registry;
  CacheMetrics metrics(registry);
  metrics.RegisterCache("household");
  const std::string text = prometheus::TextSerializer().Serialize(registry.Collect());
  EXPECT_THAT(text, HasSubstr("rrmon_cache_requests_total{cache=\"household\",result=\"miss\"} 0"));
  EXPECT_THAT(text,
              HasSubstr("rrmon_redis_commands_total{command=\"PING\",result=\"rejected\"} 0"));
  EXPECT_THAT(
      text,
      HasSubstr("rrmon_redis_command_duration_seconds_bucket{command=\"SET\",le=\"0.0001\"} 0"));
  EXPECT_THAT(text, HasSubstr("# TYPE rrmon_redis_circuit_open gauge"));
  EXPECT_THAT(text, Not(HasSubstr("_total_total")));
}

}  // namespace
}  // namespace rrmon

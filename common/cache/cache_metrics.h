#pragma once

// Prometheus metrics of the cache layer: cache-aside outcomes per cache, and the Redis
// commands, breaker and reconnects underneath. Series are created up front so dashboards
// and alerts see zeros instead of gaps; labels only ever hold fixed names, never keys.

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <array>
#include <memory>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace rrmon {

class CacheMetrics {
 public:
  // Outcome of one ProtoCache::GetOrLoad (label `result`).
  enum class CacheResult { kHit, kMiss, kNegativeHit, kError, kBypass };
  // Outcome of one ProtoCache::Invalidate.
  enum class InvalidationResult { kOk, kError };
  enum class RedisCommand { kGet, kSet, kDel, kPing, kPublish };
  // kRejected: the circuit breaker was open and the command never left the process.
  enum class CommandResult { kOk, kError, kRejected };

  // Histogram buckets of rrmon_redis_command_duration_seconds: 100 µs to 1 s.
  static const prometheus::Histogram::BucketBoundaries& CommandDurationBuckets();

  // The families are registered in `registry`, which must outlive this object.
  explicit CacheMetrics(prometheus::Registry& registry);

  CacheMetrics(const CacheMetrics&) = delete;
  CacheMetrics& operator=(const CacheMetrics&) = delete;

  // Creates the series of cache `cache` (a fixed name such as "household"). Idempotent.
  void RegisterCache(std::string_view cache);

  // A cache that was not registered is registered on first use.
  void RecordCacheRequest(std::string_view cache, CacheResult result);
  void RecordInvalidation(std::string_view cache, InvalidationResult result);

  // `duration` is observed only for commands that reached Redis (not kRejected).
  void RecordCommand(RedisCommand command, CommandResult result, absl::Duration duration);
  void SetCircuitOpen(bool open);
  void RecordReconnect();

 private:
  static constexpr int kCacheResults = 5;
  static constexpr int kInvalidationResults = 2;
  static constexpr int kCommands = 5;
  static constexpr int kCommandResults = 3;

  struct CacheSeries {
    std::array<prometheus::Counter*, kCacheResults> requests{};
    std::array<prometheus::Counter*, kInvalidationResults> invalidations{};
  };

  // Returns the series of `cache`, creating them when needed; never null.
  const CacheSeries* SeriesFor(std::string_view cache) ABSL_LOCKS_EXCLUDED(mu_);

  prometheus::Family<prometheus::Counter>& cache_requests_;
  prometheus::Family<prometheus::Counter>& cache_invalidations_;
  prometheus::Family<prometheus::Counter>& redis_commands_;
  prometheus::Family<prometheus::Histogram>& redis_command_duration_;
  prometheus::Gauge& circuit_open_;
  prometheus::Counter& reconnects_;

  // Indexed by [RedisCommand][CommandResult] and [RedisCommand].
  std::array<std::array<prometheus::Counter*, kCommandResults>, kCommands> commands_{};
  std::array<prometheus::Histogram*, kCommands> command_durations_{};

  absl::Mutex mu_;
  // unique_ptr keeps CacheSeries addresses stable while the map grows.
  absl::flat_hash_map<std::string, std::unique_ptr<CacheSeries>> caches_ ABSL_GUARDED_BY(mu_);
};

}  // namespace rrmon

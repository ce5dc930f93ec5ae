#include "common/cache/cache_metrics.h"

#include <cstddef>

#include "absl/strings/string_view.h"

namespace rrmon {
namespace {

constexpr std::array<const char*, 5> kCacheResultNames = {"hit", "miss", "negative_hit", "error",
                                                          "bypass"};
constexpr std::array<const char*, 2> kInvalidationResultNames = {"ok", "error"};
constexpr std::array<const char*, 5> kCommandNames = {"GET", "SET", "DEL", "PING", "PUBLISH"};
constexpr std::array<const char*, 3> kCommandResultNames = {"ok", "error", "rejected"};

template <typename Enum>
constexpr std::size_t Index(Enum value) {
  return static_cast<std::size_t>(value);
}

}  // namespace

const prometheus::Histogram::BucketBoundaries& CacheMetrics::CommandDurationBuckets() {
  static const auto* const kBuckets = new prometheus::Histogram::BucketBoundaries{
      0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0};
  return *kBuckets;
}

CacheMetrics::CacheMetrics(prometheus::Registry& registry)
    : cache_requests_(prometheus::BuildCounter()
                          .Name("rrmon_cache_requests_total")
                          .Help("Cache-aside reads by cache and outcome.")
                          .Register(registry)),
      cache_invalidations_(prometheus::BuildCounter()
                               .Name("rrmon_cache_invalidations_total")
                               .Help("Cache invalidations by cache and outcome.")
                               .Register(registry)),
      redis_commands_(prometheus::BuildCounter()
                          .Name("rrmon_redis_commands_total")
                          .Help("Redis commands by command and outcome; rejected means the "
                                "circuit breaker was open.")
                          .Register(registry)),
      redis_command_duration_(prometheus::BuildHistogram()
                                  .Name("rrmon_redis_command_duration_seconds")
                                  .Help("Latency of Redis commands that reached the server, "
                                        "including connection and pool wait.")
                                  .Register(registry)),
      circuit_open_(prometheus::BuildGauge()
                        .Name("rrmon_redis_circuit_open")
                        .Help("1 while the Redis circuit breaker is open or half-open.")
                        .Register(registry)
                        .Add({})),
      reconnects_(prometheus::BuildCounter()
                      .Name("rrmon_redis_reconnects_total")
                      .Help("Redis connections re-established after an error discarded one.")
                      .Register(registry)
                      .Add({})) {
  for (std::size_t c = 0; c < kCommandNames.size(); ++c) {
    for (std::size_t r = 0; r < kCommandResultNames.size(); ++r) {
      commands_[c][r] =
          &redis_commands_.Add({{"command", kCommandNames[c]}, {"result", kCommandResultNames[r]}});
    }
    command_durations_[c] =
        &redis_command_duration_.Add({{"command", kCommandNames[c]}}, CommandDurationBuckets());
  }
}

void CacheMetrics::RegisterCache(std::string_view cache) { SeriesFor(cache); }

const CacheMetrics::CacheSeries* CacheMetrics::SeriesFor(std::string_view cache_name) {
  // Debian's abseil is built with its own string_view type, distinct from std::string_view.
  const absl::string_view cache(cache_name.data(), cache_name.size());
  {
    absl::ReaderMutexLock lock(&mu_);
    if (auto it = caches_.find(cache); it != caches_.end()) return it->second.get();
  }
  absl::MutexLock lock(&mu_);
  auto& series = caches_[cache];
  if (series == nullptr) {
    series = std::make_unique<CacheSeries>();
    const std::string name(cache);
    for (std::size_t r = 0; r < kCacheResultNames.size(); ++r) {
      series->requests[r] =
          &cache_requests_.Add({{"cache", name}, {"result", kCacheResultNames[r]}});
    }
    for (std::size_t r = 0; r < kInvalidationResultNames.size(); ++r) {
      series->invalidations[r] =
          &cache_invalidations_.Add({{"cache", name}, {"result", kInvalidationResultNames[r]}});
    }
  }
  return series.get();
}

void CacheMetrics::RecordCacheRequest(std::string_view cache, CacheResult result) {
  SeriesFor(cache)->requests[Index(result)]->Increment();
}

void CacheMetrics::RecordInvalidation(std::string_view cache, InvalidationResult result) {
  SeriesFor(cache)->invalidations[Index(result)]->Increment();
}

void CacheMetrics::RecordCommand(RedisCommand command, CommandResult result,
                                 absl::Duration duration) {
  commands_[Index(command)][Index(result)]->Increment();
  if (result != CommandResult::kRejected) {
    command_durations_[Index(command)]->Observe(absl::ToDoubleSeconds(duration));
  }
}

void CacheMetrics::SetCircuitOpen(bool open) { circuit_open_.Set(open ? 1.0 : 0.0); }

void CacheMetrics::RecordReconnect() { reconnects_.Increment(); }

}  // namespace rrmon

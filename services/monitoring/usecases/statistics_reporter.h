#pragma once

// GetMonitoringStatistics: scopes the request to the caller's region, picks the day
// counted, and serves the counts from Redis when a fresh copy is there (cache-aside; the
// database is always the source, Redis only saves recounting).
//
// Freshness: every cached result is keyed by a CacheGeneration that Invalidate() replaces
// after each committed change of households, measures or cases, so one change makes
// every region's and every day's cached statistics unreachable at once, on every replica.
//
// Overdue counts depend on the time, not only on changes: a cached result may report the
// overdue cases as they were up to `ttl` ago (compute_time says when).

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "common/cache/cache_generation.h"
#include "common/cache/cache_metrics.h"
#include "common/cache/proto_cache.h"
#include "common/cache/redis_client.h"
#include "common/time/clock.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"
#include "services/monitoring/usecases/statistics_repository.h"

namespace rrmon::monitoring {

class StatisticsReporter {
 public:
  // The metrics label of the cache ("rrmon_cache_requests_total{cache=...}").
  static constexpr char kCacheName[] = "statistics";
  // Holds the current generation; written without expiry.
  static constexpr char kGenerationKey[] = "rrmon:v1:monitoring:statistics:generation";

  // `redis` null, or `ttl` not positive, turns caching off. `redis` and `metrics` may be
  // null; everything given must outlive the reporter.
  StatisticsReporter(StatisticsRepository& repository, RedisClient* redis, CacheMetrics* metrics,
                     const Clock& clock, absl::Duration ttl);

  StatisticsReporter(const StatisticsReporter&) = delete;
  StatisticsReporter& operator=(const StatisticsReporter&) = delete;

  // The statistics of request.region_prefix (the caller's whole region when empty) as of
  // request.as_of_date (today, UTC, when empty), with region_prefix, as_of_date and
  // compute_time set. INVALID_ARGUMENT naming region_prefix or as_of_date for a malformed
  // prefix, a malformed date or a day in the future; PERMISSION_DENIED for a region
  // outside the caller's. Redis failures never fail the call.
  absl::StatusOr<v1::MonitoringStatistics> Get(const auth::Principal& caller,
                                               const v1::GetMonitoringStatisticsRequest& request);

  // Analysts get household counts below this many households withheld
  // (SuppressSmallCells); ≤ 1 turns it off. Set before serving.
  void set_analyst_min_cell_size(int32_t min_cell_size) { analyst_min_cell_size_ = min_cell_size; }

  // Makes every cached result stale, here and on every other replica. Call it after each
  // committed change of households, measures or cases. Never fails: when Redis cannot be
  // reached the entries expire with their TTL.
  void Invalidate();

  // Brings the counts storage keeps for the clock up to now (StatisticsRepository::
  // AdvanceCounts). The figures do not change, so nothing cached goes stale.
  absl::Status AdvanceCounts() { return repository_.AdvanceCounts(clock_.Now()); }

 private:
  // `statistics` as `caller` may see it.
  absl::StatusOr<v1::MonitoringStatistics> ForCaller(
      const auth::Principal& caller, absl::StatusOr<v1::MonitoringStatistics> statistics) const;
  absl::StatusOr<v1::MonitoringStatistics> Compute(const StatisticsQuery& query) const;

  StatisticsRepository& repository_;
  RedisClient* const redis_;
  CacheMetrics* const metrics_;
  const Clock& clock_;
  ProtoCache cache_;
  CacheGeneration generation_;
  int32_t analyst_min_cell_size_ = 0;
};

}  // namespace rrmon::monitoring

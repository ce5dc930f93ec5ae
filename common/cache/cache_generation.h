#pragma once

// One Redis key that names the current generation of a family of cached results (every
// region's and day's statistics, say). Results are cached under keys that include the
// generation; Invalidate() replaces it after a committed change, which makes every
// cached result of the family unreachable at once, on every replica, without finding
// and deleting them. A result computed from a snapshot older than a change is stored, if
// at all, under a generation nobody reads any more, and expires with its TTL.

#include <string>

#include "common/cache/cache_metrics.h"
#include "common/cache/redis_client.h"

namespace rrmon {

class CacheGeneration {
 public:
  // `redis` null turns it off (Current() is always empty). `metrics` may be null; both
  // must outlive this. `cache_name` labels the invalidation metric.
  CacheGeneration(RedisClient* redis, std::string key, std::string cache_name,
                  CacheMetrics* metrics)
      : redis_(redis),
        key_(std::move(key)),
        cache_name_(std::move(cache_name)),
        metrics_(metrics) {}

  // The generation to key results by; empty when Redis cannot say, in which case a
  // result should be computed and not cached.
  std::string Current();

  // Makes every result cached under the current generation stale. Never fails: when
  // Redis cannot be reached the entries expire with their TTL.
  void Invalidate();

  const std::string& key() const { return key_; }

 private:
  RedisClient* const redis_;
  const std::string key_;
  const std::string cache_name_;
  CacheMetrics* const metrics_;
};

}  // namespace rrmon

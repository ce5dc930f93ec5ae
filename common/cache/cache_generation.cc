#include "common/cache/cache_generation.h"

#include <cstdint>
#include <optional>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace rrmon {
namespace {

// A generation never used before. Random rather than a counter: a counter kept in Redis
// starts again from the same values when its key is lost (a flushed or restarted Redis,
// an eviction), which would make entries of an earlier generation reachable again.
std::string NewGeneration() {
  // absl::BitGen is not thread-safe; one per thread avoids a lock.
  thread_local absl::BitGen bitgen;
  return absl::StrCat(absl::Hex(absl::Uniform<uint64_t>(bitgen), absl::kZeroPad16),
                      absl::Hex(absl::Uniform<uint64_t>(bitgen), absl::kZeroPad16));
}

}  // namespace

std::string CacheGeneration::Current() {
  if (redis_ == nullptr) return "";
  absl::StatusOr<std::optional<std::string>> stored = redis_->Get(key_);
  if (!stored.ok()) return "";
  if (stored->has_value() && !(*stored)->empty()) return **stored;
  // None yet (a new or flushed Redis, or the key was evicted): start one. Racing readers
  // may each write their own; a new value can only make entries unreachable, never bring
  // an old one back, so the race costs a recount at most.
  std::string generation = NewGeneration();
  if (!redis_->Set(key_, generation, absl::InfiniteDuration()).ok()) return "";
  return generation;
}

void CacheGeneration::Invalidate() {
  if (redis_ == nullptr) return;
  const absl::Status status = redis_->Set(key_, NewGeneration(), absl::InfiniteDuration());
  if (metrics_ != nullptr) {
    metrics_->RecordInvalidation(cache_name_, status.ok()
                                                  ? CacheMetrics::InvalidationResult::kOk
                                                  : CacheMetrics::InvalidationResult::kError);
  }
}

}  // namespace rrmon

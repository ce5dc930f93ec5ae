#pragma once

// A KeyValueStore with a bounded in-process tier in front of the shared one (Redis). A
// hit in the process costs a hash lookup instead of a network round trip and a
// decryption; the shared tier stays what replicas have in common, and the database stays
// the only authority.
//
// Invalidation reaches every replica: Delete() drops the local copy, deletes the shared
// one and publishes the key (Redis pub/sub), and every replica's subscriber calls
// Evict() with it. The local tier is only used while invalidations are known to arrive:
// until SetLive(true) (the subscription is confirmed) and from SetLive(false) (the
// subscription dropped) every Get goes to the shared tier and nothing is kept, and each
// change of state empties the tier, so no invalidation missed while disconnected can
// leave a stale copy. A copy lives at most `ttl`, which bounds staleness should a
// message be delayed.
//
// A Get that reads the shared tier keeps what it read only if no invalidation of a key
// of the same stripe arrived meanwhile, so a slow read cannot put back a value that an
// invalidation has just removed. Set() writes the shared tier only: the value was
// loaded before the call, and an invalidation from another replica may have come in
// between.

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/cache/key_value_store.h"
#include "common/time/clock.h"

namespace rrmon {

struct LocalTierOptions {
  // Upper bound on the bytes of keys and values held; 0 turns the tier off.
  size_t max_bytes = 32 << 20;
  absl::Duration ttl = absl::Seconds(5);
};

class TieredStore final : public KeyValueStore {
 public:
  // Sends an invalidation to every replica (PUBLISH); errors are returned by Delete.
  using Publish = std::function<absl::Status(std::string_view key)>;

  // `shared` and `clock` must outlive the store.
  TieredStore(KeyValueStore& shared, LocalTierOptions options, Publish publish, const Clock& clock);

  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) override;
  absl::Status Set(std::string_view key, std::string_view value, absl::Duration ttl) override;
  // Drops the local copy, deletes the shared one and publishes the key.
  absl::Status Delete(std::string_view key) override;
  // A live, unexpired copy in the process tier; never reads the shared tier.
  std::optional<std::string> PeekLocal(std::string_view key) override;

  // An invalidation published by any replica (this one included).
  void Evict(std::string_view key);
  // Whether invalidations currently arrive; every change empties the local tier.
  void SetLive(bool live);
  bool live() const { return live_.load(std::memory_order_acquire); }

  // What the local tier holds now.
  size_t local_entries() const;
  size_t local_bytes() const;
  int64_t local_hits() const { return hits_.load(std::memory_order_relaxed); }

 private:
  static constexpr size_t kShards = 16;
  struct Entry {
    std::string value;
    absl::Time expires;
  };
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<std::string, Entry> entries ABSL_GUARDED_BY(mu);
    size_t bytes ABSL_GUARDED_BY(mu) = 0;
    // Moves on every invalidation of one of the shard's keys and every change of state.
    uint64_t version ABSL_GUARDED_BY(mu) = 0;
  };
  Shard& ShardOf(std::string_view key);
  void Keep(Shard& shard, std::string_view key, std::string_view value, absl::Time now)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(shard.mu);
  void ClearAll();

  KeyValueStore& shared_;
  const LocalTierOptions options_;
  const size_t shard_bytes_;
  const Publish publish_;
  const Clock& clock_;
  std::atomic<bool> live_{false};
  std::atomic<int64_t> hits_{0};
  std::array<Shard, kShards> shards_;
};

}  // namespace rrmon

#pragma once

// Cache-aside for protobuf messages over a KeyValueStore (Redis in production).
//
// Redis is never the only copy and never a reason to fail: when the store errors, the
// loader (the database or the peer service) answers and the error is only counted. Values
// are stored with a one-byte tag so that a cached "not found" cannot be mistaken for a
// message: "\x01" + serialized message, or "\x00" + serialized google.rpc.Status (code,
// message and details of the loader's NOT_FOUND, so a cached answer carries the same
// error details as a fresh one).
//
// Consistency: writers call Invalidate(key) after their transaction commits. Within one
// process, a load that overlaps an Invalidate of its key is returned to its callers but
// never stored, so an invalidation cannot be undone by a slower reader. Across replicas
// no such coordination exists: a replica may store a value it read just before another
// replica's commit, and that stale value lives at most until its TTL expires. The TTL is
// therefore the bound on staleness and should be chosen with that in mind.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/cache/cache_metrics.h"
#include "common/cache/key_value_store.h"

namespace rrmon {

// "rrmon:v1:{service}:{kind}:{id}". The version is bumped when the stored encoding
// changes, so old and new binaries never read each other's values.
std::string CacheKey(std::string_view service, std::string_view kind, std::string_view id);

struct CacheOptions {
  absl::Duration ttl = absl::Minutes(5);
  // Each stored value lives a uniformly random ttl * [1 - jitter, 1 + jitter], so entries
  // written together (after a restart, a bulk import) do not all expire together.
  double ttl_jitter = 0.2;
  // How long a NOT_FOUND answer is cached; zero turns negative caching off.
  absl::Duration negative_ttl = absl::Seconds(10);
};

// Thread-safe. `store` and `metrics` must outlive the cache.
class ProtoCache {
 public:
  // `cache_name` is the metrics label (a fixed name such as "household"). A null `store`
  // turns caching off: every call runs the loader. `metrics` may be null.
  ProtoCache(std::string cache_name, KeyValueStore* store, CacheOptions options,
             CacheMetrics* metrics);
  ~ProtoCache();

  ProtoCache(const ProtoCache&) = delete;
  ProtoCache& operator=(const ProtoCache&) = delete;

  // Returns the cached message for `key`, or runs `loader` and caches its answer: an OK
  // message for the (jittered) ttl, a NOT_FOUND for negative_ttl; other errors are
  // returned and not cached. Concurrent calls for the same key in this process share one
  // store lookup and one loader run. The loader must not call GetOrLoad for the same key.
  template <typename M>
  absl::StatusOr<M> GetOrLoad(const std::string& key,
                              absl::FunctionRef<absl::StatusOr<M>()> loader);

  // The cached message for `key` if the store holds it in the process (PeekLocal), without
  // waiting for anything; std::nullopt otherwise, then GetOrLoad is the way. A cached
  // NOT_FOUND is not answered here.
  template <typename M>
  std::optional<M> Peek(const std::string& key);

  // Removes `key` from the store and keeps a load of it that is in flight in this process
  // from storing its (possibly stale) result. Store errors are counted, not returned: the
  // entry then expires with its TTL.
  void Invalidate(const std::string& key);

  // The type-erased core of GetOrLoad. `loader` returns a serialized message. `parse`
  // accepts bytes that were not produced by this call's `loader` (a cached value, or the
  // value loaded by a concurrent call) and returns false when they are not a valid
  // message, which makes a cached value count as corrupt. On OK, the result is the
  // serialized message, and either `loader` ran or `parse` accepted it last.
  absl::StatusOr<std::string> GetOrLoadSerialized(
      const std::string& key, absl::FunctionRef<absl::StatusOr<std::string>()> loader,
      absl::FunctionRef<bool(std::string_view)> parse);

  // What a load of `key` in flight looks like from outside, so that a caller (a test
  // above all) can wait for a state instead of guessing how long it takes to arrive.
  struct FlightState {
    int followers = 0;         // calls waiting for the leader's answer
    bool invalidated = false;  // an Invalidate overlapped the load
  };
  // nullopt when no load of `key` is in flight.
  std::optional<FlightState> FlightOf(const std::string& key) const ABSL_LOCKS_EXCLUDED(mu_);

 private:
  struct Flight;

  absl::StatusOr<std::string> Lead(const std::string& key, Flight& flight,
                                   absl::FunctionRef<absl::StatusOr<std::string>()> loader,
                                   absl::FunctionRef<bool(std::string_view)> parse);
  // Stores a loaded answer unless an Invalidate of `key` overlapped the flight.
  void StoreUnlessInvalidated(const std::string& key, Flight& flight, std::string_view value,
                              absl::Duration ttl) ABSL_LOCKS_EXCLUDED(mu_);
  void EndFlight(const std::string& key, Flight& flight) ABSL_LOCKS_EXCLUDED(mu_);
  absl::Duration JitteredTtl() const;
  void Record(CacheMetrics::CacheResult result);
  // The message bytes of a stored value held in the process, if any.
  std::optional<std::string> PeekSerialized(const std::string& key);

  const std::string cache_name_;
  KeyValueStore* const store_;
  const CacheOptions options_;
  CacheMetrics* const metrics_;

  mutable absl::Mutex mu_;
  // Loads in progress in this process, by key. An entry lives from before the store
  // lookup until after the store write, which is what lets Invalidate order itself after
  // that write. Only keys being loaded right now are held, so memory stays bounded.
  absl::flat_hash_map<std::string, std::shared_ptr<Flight>> flights_ ABSL_GUARDED_BY(mu_);
};

template <typename M>
absl::StatusOr<M> ProtoCache::GetOrLoad(const std::string& key,
                                        absl::FunctionRef<absl::StatusOr<M>()> loader) {
  // Filled either by the loader or by parsing cached bytes, so the message is built once.
  M message;
  absl::StatusOr<std::string> serialized = GetOrLoadSerialized(
      key,
      [&]() -> absl::StatusOr<std::string> {
        absl::StatusOr<M> loaded = loader();
        if (!loaded.ok()) return loaded.status();
        message = *std::move(loaded);
        return message.SerializeAsString();
      },
      [&](std::string_view bytes) {
        return message.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()));
      });
  if (!serialized.ok()) return serialized.status();
  return message;
}

template <typename M>
std::optional<M> ProtoCache::Peek(const std::string& key) {
  std::optional<std::string> bytes = PeekSerialized(key);
  if (!bytes.has_value()) return std::nullopt;
  M message;
  if (!message.ParseFromString(*bytes)) return std::nullopt;
  return message;
}

}  // namespace rrmon

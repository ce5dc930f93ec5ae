#pragma once

// A TieredStore whose invalidations travel between replicas over Redis pub/sub: what a
// service puts in front of a shared cache store so that repeated reads stay in the
// process. One channel per service and kind of value ("rrmon:v1:monitoring:household:
// invalidate"); every replica subscribes to it and publishes each Delete on it.

#include <memory>
#include <string>

#include "common/cache/key_value_store.h"
#include "common/cache/redis_client.h"
#include "common/cache/redis_subscriber.h"
#include "common/cache/tiered_store.h"
#include "common/time/clock.h"

namespace rrmon {

class ReplicatedTier {
 public:
  // `redis` publishes; `options` are the same Redis's, for the subscription. `shared` is
  // the store behind the tier (Redis itself or an EncryptedStore over it). All must
  // outlive the tier.
  ReplicatedTier(RedisClient& redis, const RedisOptions& options, KeyValueStore& shared,
                 std::string channel, LocalTierOptions local, const Clock& clock);

  // The store to cache through (ProtoCache's).
  TieredStore& store() { return store_; }
  const TieredStore& store() const { return store_; }

  // Subscribes; until the subscription is confirmed, reads go to the shared store.
  void Start() { subscriber_.Start(); }
  void Stop() { subscriber_.Stop(); }

 private:
  const std::string channel_;
  TieredStore store_;
  RedisSubscriber subscriber_;
};

}  // namespace rrmon

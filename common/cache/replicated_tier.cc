#include "common/cache/replicated_tier.h"

#include <utility>

namespace rrmon {

ReplicatedTier::ReplicatedTier(RedisClient& redis, const RedisOptions& options,
                               KeyValueStore& shared, std::string channel, LocalTierOptions local,
                               const Clock& clock)
    : channel_(std::move(channel)),
      store_(
          shared, local,
          [&redis, this](std::string_view key) { return redis.Publish(channel_, key); }, clock),
      subscriber_(options, channel_,
                  {.on_message = [this](std::string_view key) { store_.Evict(key); },
                   .on_state = [this](bool live) { store_.SetLive(live); }}) {}

}  // namespace rrmon

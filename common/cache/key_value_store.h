#pragma once

// The few operations cache-aside needs from a remote store, so that ProtoCache can be
// tested against an in-memory fake and RedisClient stays swappable.

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace rrmon {

// Keys and values are arbitrary bytes. Implementations are thread-safe.
class KeyValueStore {
 public:
  virtual ~KeyValueStore() = default;

  // std::nullopt when the key is absent or expired.
  virtual absl::StatusOr<std::optional<std::string>> Get(std::string_view key) = 0;
  // Stores `value` so that it expires after `ttl`.
  virtual absl::Status Set(std::string_view key, std::string_view value, absl::Duration ttl) = 0;
  // Deleting an absent key succeeds.
  virtual absl::Status Delete(std::string_view key) = 0;

  // The value of `key` if this process holds it and can hand it over without waiting (no
  // network, no disk): what a handler may look at on a thread that must not block.
  // std::nullopt means "ask Get", not "absent".
  virtual std::optional<std::string> PeekLocal(std::string_view /*key*/) { return std::nullopt; }
};

}  // namespace rrmon

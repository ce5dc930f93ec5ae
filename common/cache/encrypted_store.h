#pragma once

// A KeyValueStore that keeps values encrypted in the store underneath (Redis, on a network
// other processes share): AES-256-GCM with a random 96-bit nonce per value and the cache
// key as associated data, so a value copied to another key, truncated or altered does not
// decrypt. Cached personal records (ID numbers, health) are never in clear outside the
// service. Keys stay in clear: they hold resource ids only.
//
// Stored value: "\x01" (format version) + nonce (12 bytes) + ciphertext + tag (16 bytes).

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/cache/key_value_store.h"

namespace rrmon {

inline constexpr size_t kCacheKeyBytes = 32;
using CacheEncryptionKey = std::array<uint8_t, kCacheKeyBytes>;

// Reads a key file: 64 hexadecimal characters (surrounding whitespace ignored). A file
// readable by group or others is refused, as for any secret (INVALID_ARGUMENT).
absl::StatusOr<CacheEncryptionKey> LoadCacheEncryptionKey(const std::string& path);

// A new random key in the file's format, written with mode 0600 (ALREADY_EXISTS if the
// file exists): what scripts/start.sh and operators use to make one.
absl::Status WriteNewCacheEncryptionKey(const std::string& path);

class EncryptedStore final : public KeyValueStore {
 public:
  // `inner` must outlive this store.
  EncryptedStore(KeyValueStore& inner, const CacheEncryptionKey& key);

  // A value that does not decrypt (another key, tampering, an older format) comes back
  // empty, which no writer stores: ProtoCache takes it as corrupt, counts an error,
  // deletes it and stores a fresh value, so a changed key heals the cache by itself.
  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) override;
  absl::Status Set(std::string_view key, std::string_view value, absl::Duration ttl) override;
  absl::Status Delete(std::string_view key) override;

 private:
  KeyValueStore& inner_;
  const CacheEncryptionKey key_;
};

}  // namespace rrmon

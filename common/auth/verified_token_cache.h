#pragma once

// Tokens that verified, remembered until they expire. Checking an Ed25519 signature and
// parsing the token's JSON cost more than the rest of a cached read, and a caller sends
// the same token on every call of its working day, so the verifier's answer is kept.
//
// What is kept is only ever a token that verified: a forged or expired token is checked
// in full on every call. Entries are keyed by the SHA-256 of the whole token, so a
// different token (one changed byte, another signature) can never match an entry; an
// entry is valid only before the token's own expiry. Bounded: a full shard first drops
// its expired entries, then an arbitrary one. Clear() (a change of keys) forgets every
// entry, including those a concurrent verification is about to add.

#include <array>
#include <atomic>
#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"

namespace rrmon::auth {

class VerifiedTokenCache {
 public:
  // At most `capacity` tokens (rounded up to a multiple of the shard count).
  explicit VerifiedTokenCache(size_t capacity = 16384);

  // The SHA-256 of a token: the key of its entry.
  using TokenDigest = std::array<uint8_t, 32>;
  static TokenDigest DigestOf(std::string_view token);

  // The principal of a token that verified, while `now` is before its expiry.
  std::optional<Principal> Find(const TokenDigest& digest, absl::Time now);

  // Which Clear() the cache is at; read before verifying, passed to Remember.
  uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

  // Remembers a token that verified against the keys of `generation`; ignored when a
  // Clear() came after that generation was read (the keys have changed since).
  void Remember(const TokenDigest& digest, const Principal& principal, uint64_t generation,
                absl::Time now);

  void Clear();
  size_t size() const;

 private:
  static constexpr size_t kShards = 16;
  struct Shard {
    mutable absl::Mutex mu;
    absl::flat_hash_map<TokenDigest, Principal> entries ABSL_GUARDED_BY(mu);
  };
  Shard& ShardOf(const TokenDigest& digest) { return shards_[digest[0] % kShards]; }

  const size_t shard_capacity_;
  std::atomic<uint64_t> generation_{0};
  std::array<Shard, kShards> shards_;
};

}  // namespace rrmon::auth

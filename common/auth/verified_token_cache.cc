#include "common/auth/verified_token_cache.h"

#include <openssl/sha.h>

#include <algorithm>

namespace rrmon::auth {

VerifiedTokenCache::VerifiedTokenCache(size_t capacity)
    : shard_capacity_(std::max<size_t>(1, (capacity + kShards - 1) / kShards)) {}

VerifiedTokenCache::TokenDigest VerifiedTokenCache::DigestOf(std::string_view token) {
  TokenDigest digest;
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
  return digest;
}

std::optional<Principal> VerifiedTokenCache::Find(const TokenDigest& digest, absl::Time now) {
  Shard& shard = ShardOf(digest);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.entries.find(digest);
  if (it == shard.entries.end()) return std::nullopt;
  if (now >= it->second.expire_time) {
    shard.entries.erase(it);
    return std::nullopt;
  }
  return it->second;
}

void VerifiedTokenCache::Remember(const TokenDigest& digest, const Principal& principal,
                                  uint64_t generation, absl::Time now) {
  Shard& shard = ShardOf(digest);
  absl::MutexLock lock(&shard.mu);
  // Clear() moves the generation before it takes the shard locks, so a verification
  // against the old keys either sees the new generation here or is cleared after.
  if (generation != generation_.load(std::memory_order_acquire)) return;
  if (shard.entries.size() >= shard_capacity_ && !shard.entries.contains(digest)) {
    absl::erase_if(shard.entries,
                   [now](const auto& entry) { return now >= entry.second.expire_time; });
    if (shard.entries.size() >= shard_capacity_) shard.entries.erase(shard.entries.begin());
  }
  shard.entries.insert_or_assign(digest, principal);
}

void VerifiedTokenCache::Clear() {
  generation_.fetch_add(1, std::memory_order_acq_rel);
  for (Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    shard.entries.clear();
  }
}

size_t VerifiedTokenCache::size() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    total += shard.entries.size();
  }
  return total;
}

}  // namespace rrmon::auth

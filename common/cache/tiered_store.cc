#include "common/cache/tiered_store.h"

#include <utility>

#include "absl/hash/hash.h"

namespace rrmon {

TieredStore::TieredStore(KeyValueStore& shared, LocalTierOptions options, Publish publish,
                         const Clock& clock)
    : shared_(shared),
      options_(options),
      shard_bytes_(options.max_bytes / kShards),
      publish_(std::move(publish)),
      clock_(clock) {}

namespace {

// Debian's abseil has its own string_view, the type its string-keyed tables look up by.
absl::string_view View(std::string_view key) { return absl::string_view(key.data(), key.size()); }

}  // namespace

TieredStore::Shard& TieredStore::ShardOf(std::string_view key) {
  return shards_[absl::HashOf(View(key)) % kShards];
}

std::optional<std::string> TieredStore::PeekLocal(std::string_view key) {
  if (shard_bytes_ == 0 || !live()) return std::nullopt;
  const absl::Time now = clock_.Now();
  Shard& shard = ShardOf(key);
  absl::MutexLock lock(&shard.mu);
  auto it = shard.entries.find(View(key));
  if (it == shard.entries.end() || now >= it->second.expires) return std::nullopt;
  hits_.fetch_add(1, std::memory_order_relaxed);
  return it->second.value;
}

absl::StatusOr<std::optional<std::string>> TieredStore::Get(std::string_view key) {
  const bool use_local = shard_bytes_ > 0 && live();
  Shard& shard = ShardOf(key);
  uint64_t version = 0;
  if (use_local) {
    const absl::Time now = clock_.Now();
    absl::MutexLock lock(&shard.mu);
    auto it = shard.entries.find(View(key));
    if (it != shard.entries.end()) {
      if (now < it->second.expires) {
        hits_.fetch_add(1, std::memory_order_relaxed);
        return std::optional<std::string>(it->second.value);
      }
      shard.bytes -= it->first.size() + it->second.value.size();
      shard.entries.erase(it);
    }
    version = shard.version;
  }
  absl::StatusOr<std::optional<std::string>> value = shared_.Get(key);
  if (use_local && value.ok() && value->has_value() && live()) {
    const absl::Time now = clock_.Now();
    absl::MutexLock lock(&shard.mu);
    if (shard.version == version) Keep(shard, key, **value, now);
  }
  return value;
}

void TieredStore::Keep(Shard& shard, std::string_view key, std::string_view value, absl::Time now) {
  const size_t size = key.size() + value.size();
  if (size > shard_bytes_) return;
  if (auto it = shard.entries.find(View(key)); it != shard.entries.end()) {
    shard.bytes -= it->first.size() + it->second.value.size();
    shard.entries.erase(it);
  }
  if (shard.bytes + size > shard_bytes_) {
    size_t freed = 0;
    absl::erase_if(shard.entries, [now, &freed](const auto& entry) {
      if (now < entry.second.expires) return false;
      freed += entry.first.size() + entry.second.value.size();
      return true;
    });
    shard.bytes -= freed;
    // Then arbitrary entries: the table's order is as good as random.
    while (shard.bytes + size > shard_bytes_ && !shard.entries.empty()) {
      auto victim = shard.entries.begin();
      shard.bytes -= victim->first.size() + victim->second.value.size();
      shard.entries.erase(victim);
    }
  }
  shard.entries.emplace(std::string(key), Entry{std::string(value), now + options_.ttl});
  shard.bytes += size;
}

absl::Status TieredStore::Set(std::string_view key, std::string_view value, absl::Duration ttl) {
  return shared_.Set(key, value, ttl);
}

absl::Status TieredStore::Delete(std::string_view key) {
  Evict(key);
  absl::Status status = shared_.Delete(key);
  if (publish_) status.Update(publish_(key));
  return status;
}

void TieredStore::Evict(std::string_view key) {
  Shard& shard = ShardOf(key);
  absl::MutexLock lock(&shard.mu);
  ++shard.version;
  if (auto it = shard.entries.find(View(key)); it != shard.entries.end()) {
    shard.bytes -= it->first.size() + it->second.value.size();
    shard.entries.erase(it);
  }
}

void TieredStore::SetLive(bool live) {
  // Emptied before the tier is trusted again, and again after it stops being trusted, so
  // a Get that read the shared tier across the change keeps nothing (its version moved).
  ClearAll();
  live_.store(live, std::memory_order_release);
  ClearAll();
}

void TieredStore::ClearAll() {
  for (Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    ++shard.version;
    shard.entries.clear();
    shard.bytes = 0;
  }
}

size_t TieredStore::local_entries() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    total += shard.entries.size();
  }
  return total;
}

size_t TieredStore::local_bytes() const {
  size_t total = 0;
  for (const Shard& shard : shards_) {
    absl::MutexLock lock(&shard.mu);
    total += shard.bytes;
  }
  return total;
}

}  // namespace rrmon

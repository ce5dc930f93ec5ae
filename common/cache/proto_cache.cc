#include "common/cache/proto_cache.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "absl/random/random.h"
#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/notification.h"
#include "google/rpc/status.pb.h"

namespace rrmon {
namespace {

using CacheResult = CacheMetrics::CacheResult;

constexpr char kNegativeTag = '\x00';
constexpr char kValueTag = '\x01';

std::string EncodeValue(std::string_view serialized) {
  std::string encoded;
  encoded.reserve(serialized.size() + 1);
  encoded.push_back(kValueTag);
  encoded.append(serialized);
  return encoded;
}

std::string EncodeNotFound(const absl::Status& status) {
  google::rpc::Status proto;
  proto.set_code(static_cast<int>(status.code()));
  proto.set_message(std::string(status.message()));
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    auto* detail = proto.add_details();
    detail->set_type_url(std::string(type_url));
    detail->set_value(std::string(payload));
  });
  std::string encoded(1, kNegativeTag);
  proto.AppendToString(&encoded);
  return encoded;
}

std::optional<absl::Status> DecodeNotFound(std::string_view bytes) {
  google::rpc::Status proto;
  if (!proto.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())) ||
      proto.code() != static_cast<int>(absl::StatusCode::kNotFound)) {
    return std::nullopt;
  }
  absl::Status status = absl::NotFoundError(proto.message());
  for (const auto& detail : proto.details()) {
    status.SetPayload(detail.type_url(), absl::Cord(detail.value()));
  }
  return status;
}

}  // namespace

struct ProtoCache::Flight {
  // Written by the leader before `done` is notified, read by waiters after.
  absl::StatusOr<std::string> result = absl::UnknownError("load not finished");
  CacheResult outcome = CacheResult::kError;
  absl::Notification done;
  // Guarded by ProtoCache::mu_.
  bool invalidated = false;
  bool storing = false;
  int followers = 0;
};

std::string CacheKey(std::string_view service, std::string_view kind, std::string_view id) {
  // Debian's abseil has its own string_view type, so StrCat cannot take std::string_view.
  std::string key = "rrmon:v1:";
  key.reserve(key.size() + service.size() + kind.size() + id.size() + 2);
  key.append(service).append(":").append(kind).append(":").append(id);
  return key;
}

ProtoCache::ProtoCache(std::string cache_name, KeyValueStore* store, CacheOptions options,
                       CacheMetrics* metrics)
    : cache_name_(std::move(cache_name)), store_(store), options_(options), metrics_(metrics) {
  if (metrics_ != nullptr) metrics_->RegisterCache(cache_name_);
}

ProtoCache::~ProtoCache() = default;

std::optional<std::string> ProtoCache::PeekSerialized(const std::string& key) {
  if (store_ == nullptr) return std::nullopt;
  std::optional<std::string> entry = store_->PeekLocal(key);
  if (!entry.has_value() || entry->empty() || entry->front() != kValueTag) return std::nullopt;
  Record(CacheResult::kHit);
  return entry->substr(1);
}

absl::StatusOr<std::string> ProtoCache::GetOrLoadSerialized(
    const std::string& key, absl::FunctionRef<absl::StatusOr<std::string>()> loader,
    absl::FunctionRef<bool(std::string_view)> parse) {
  if (store_ == nullptr) {
    Record(CacheResult::kBypass);
    return loader();
  }

  std::shared_ptr<Flight> flight;
  bool leader = false;
  {
    absl::MutexLock lock(&mu_);
    std::shared_ptr<Flight>& slot = flights_[key];
    if (slot == nullptr) {
      slot = std::make_shared<Flight>();
      leader = true;
    } else {
      ++slot->followers;
    }
    flight = slot;
  }
  if (leader) return Lead(key, *flight, loader, parse);

  flight->done.WaitForNotification();
  Record(flight->outcome);
  if (!flight->result.ok()) return flight->result.status();
  if (!parse(*flight->result)) {
    // Only possible when callers ask for different message types under one key.
    return absl::InternalError(
        absl::StrCat("cache ", cache_name_, ": value does not parse as the requested message"));
  }
  return flight->result;
}

absl::StatusOr<std::string> ProtoCache::Lead(
    const std::string& key, Flight& flight, absl::FunctionRef<absl::StatusOr<std::string>()> loader,
    absl::FunctionRef<bool(std::string_view)> parse) {
  // Waiters must be released and the flight removed however this function is left
  // (a loader that throws included), or every later call for the key would hang.
  struct Cleanup {
    ProtoCache& cache;
    const std::string& key;
    Flight& flight;
    ~Cleanup() {
      if (!flight.done.HasBeenNotified()) {
        flight.result = absl::InternalError("cache load did not complete");
        flight.outcome = CacheResult::kError;
        flight.done.Notify();
      }
      cache.EndFlight(key, flight);
    }
  } cleanup{*this, key, flight};

  const auto publish = [&](CacheResult outcome, absl::StatusOr<std::string> result) {
    flight.result = std::move(result);
    flight.outcome = outcome;
    flight.done.Notify();
    Record(outcome);
  };

  CacheResult outcome = CacheResult::kMiss;
  // After a failed lookup the store is probably down or slow: skip the write too, so a
  // caller pays for at most one store timeout.
  bool store_usable = true;
  absl::StatusOr<std::optional<std::string>> cached = store_->Get(key);
  if (!cached.ok()) {
    outcome = CacheResult::kError;
    store_usable = false;
  } else if (cached->has_value()) {
    const std::string_view entry = **cached;
    if (!entry.empty() && entry.front() == kValueTag && parse(entry.substr(1))) {
      publish(CacheResult::kHit, std::string(entry.substr(1)));
      return flight.result;
    }
    if (!entry.empty() && entry.front() == kNegativeTag) {
      if (std::optional<absl::Status> not_found = DecodeNotFound(entry.substr(1))) {
        publish(CacheResult::kNegativeHit, *std::move(not_found));
        return flight.result;
      }
    }
    // Corrupt (or written by an incompatible binary): drop it so it is not read again
    // even if the load below fails. A failed delete is counted by the store's metrics.
    outcome = CacheResult::kError;
    store_->Delete(key).IgnoreError();
  }

  absl::StatusOr<std::string> loaded = loader();
  publish(outcome, loaded);
  if (!store_usable) return loaded;
  if (loaded.ok()) {
    StoreUnlessInvalidated(key, flight, EncodeValue(*loaded), JitteredTtl());
  } else if (absl::IsNotFound(loaded.status()) && options_.negative_ttl > absl::ZeroDuration()) {
    StoreUnlessInvalidated(key, flight, EncodeNotFound(loaded.status()), options_.negative_ttl);
  }
  return loaded;
}

void ProtoCache::StoreUnlessInvalidated(const std::string& key, Flight& flight,
                                        std::string_view value, absl::Duration ttl) {
  {
    absl::MutexLock lock(&mu_);
    if (flight.invalidated) return;
    // From here on an Invalidate waits for the write, so its delete lands after it.
    flight.storing = true;
  }
  // Errors are already counted by the store; the caller has its answer either way.
  store_->Set(key, value, ttl).IgnoreError();
  absl::MutexLock lock(&mu_);
  flight.storing = false;
}

void ProtoCache::EndFlight(const std::string& key, Flight& flight) {
  absl::MutexLock lock(&mu_);
  flight.storing = false;
  flights_.erase(key);
}

std::optional<ProtoCache::FlightState> ProtoCache::FlightOf(const std::string& key) const {
  absl::MutexLock lock(&mu_);
  auto it = flights_.find(key);
  if (it == flights_.end()) return std::nullopt;
  return FlightState{.followers = it->second->followers, .invalidated = it->second->invalidated};
}

void ProtoCache::Invalidate(const std::string& key) {
  {
    absl::MutexLock lock(&mu_);
    if (auto it = flights_.find(key); it != flights_.end()) {
      // Held so the flight outlives the wait even if its leader finishes meanwhile.
      const std::shared_ptr<Flight> flight = it->second;
      flight->invalidated = true;
      mu_.Await(absl::Condition(
          +[](Flight* f) { return !f->storing; }, flight.get()));
    }
  }
  if (store_ == nullptr) return;
  const absl::Status deleted = store_->Delete(key);
  if (metrics_ != nullptr) {
    metrics_->RecordInvalidation(cache_name_, deleted.ok()
                                                  ? CacheMetrics::InvalidationResult::kOk
                                                  : CacheMetrics::InvalidationResult::kError);
  }
}

absl::Duration ProtoCache::JitteredTtl() const {
  const double jitter = std::clamp(options_.ttl_jitter, 0.0, 1.0);
  if (jitter == 0.0) return options_.ttl;
  // absl::BitGen is not thread-safe; one per thread avoids a lock on every store.
  thread_local absl::BitGen bitgen;
  const double factor =
      absl::Uniform(absl::IntervalClosedClosed, bitgen, 1.0 - jitter, 1.0 + jitter);
  return std::max(options_.ttl * factor, absl::Milliseconds(1));
}

void ProtoCache::Record(CacheResult result) {
  if (metrics_ != nullptr) metrics_->RecordCacheRequest(cache_name_, result);
}

}  // namespace rrmon

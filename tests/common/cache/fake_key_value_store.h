#pragma once

// An in-memory KeyValueStore that records what ProtoCache asks of it and can be told to
// fail or to block, so cache-aside logic is tested without Redis and without timing.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/cache/key_value_store.h"

namespace rrmon::testing {

class FakeKeyValueStore final : public KeyValueStore {
 public:
  struct Entry {
    std::string value;
    absl::Duration ttl;
  };

  absl::StatusOr<std::optional<std::string>> Get(std::string_view key) override {
    std::function<void()> hook;
    {
      absl::MutexLock lock(&mu_);
      hook = before_get_;
    }
    // Outside the lock, like BeforeSet: the hook may call back into the store's user.
    if (hook) hook();
    absl::MutexLock lock(&mu_);
    ++gets_;
    if (fail_gets_) return absl::UnavailableError("fake store: GET failed");
    auto it = entries_.find(std::string(key));
    if (it == entries_.end()) return std::nullopt;
    return it->second.value;
  }

  absl::Status Set(std::string_view key, std::string_view value, absl::Duration ttl) override {
    std::function<void()> hook;
    {
      absl::MutexLock lock(&mu_);
      ++sets_;
      if (fail_sets_) return absl::UnavailableError("fake store: SET failed");
      hook = before_set_;
    }
    // Outside the lock, so a blocked Set does not block the other operations.
    if (hook) hook();
    absl::MutexLock lock(&mu_);
    entries_[std::string(key)] = Entry{std::string(value), ttl};
    return absl::OkStatus();
  }

  absl::Status Delete(std::string_view key) override {
    absl::MutexLock lock(&mu_);
    ++deletes_;
    if (fail_deletes_) return absl::UnavailableError("fake store: DEL failed");
    entries_.erase(std::string(key));
    return absl::OkStatus();
  }

  void Put(const std::string& key, std::string value) {
    absl::MutexLock lock(&mu_);
    entries_[key] = Entry{std::move(value), absl::InfiniteDuration()};
  }
  std::optional<Entry> Find(const std::string& key) const {
    absl::MutexLock lock(&mu_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }

  void FailGets(bool fail) {
    absl::MutexLock lock(&mu_);
    fail_gets_ = fail;
  }
  void FailSets(bool fail) {
    absl::MutexLock lock(&mu_);
    fail_sets_ = fail;
  }
  void FailDeletes(bool fail) {
    absl::MutexLock lock(&mu_);
    fail_deletes_ = fail;
  }
  // Runs before each Get reads.
  void BeforeGet(std::function<void()> hook) {
    absl::MutexLock lock(&mu_);
    before_get_ = std::move(hook);
  }
  // Runs before each successful Set stores its value.
  void BeforeSet(std::function<void()> hook) {
    absl::MutexLock lock(&mu_);
    before_set_ = std::move(hook);
  }

  int gets() const {
    absl::MutexLock lock(&mu_);
    return gets_;
  }
  int sets() const {
    absl::MutexLock lock(&mu_);
    return sets_;
  }
  int deletes() const {
    absl::MutexLock lock(&mu_);
    return deletes_;
  }

 private:
  mutable absl::Mutex mu_;
  std::map<std::string, Entry> entries_ ABSL_GUARDED_BY(mu_);
  bool fail_gets_ ABSL_GUARDED_BY(mu_) = false;
  bool fail_sets_ ABSL_GUARDED_BY(mu_) = false;
  bool fail_deletes_ ABSL_GUARDED_BY(mu_) = false;
  std::function<void()> before_get_ ABSL_GUARDED_BY(mu_);
  std::function<void()> before_set_ ABSL_GUARDED_BY(mu_);
  int gets_ ABSL_GUARDED_BY(mu_) = 0;
  int sets_ ABSL_GUARDED_BY(mu_) = 0;
  int deletes_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace rrmon::testing

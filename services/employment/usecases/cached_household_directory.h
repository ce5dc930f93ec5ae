#pragma once

// Monitoring's answers about a person, kept in the shared cache (Redis, encrypted) for a
// while: a bulk import of a village's labourers asks once per person, not once per
// replica and retry. An entry is named by an HMAC of the ID number under the cache
// secret, so Redis never holds the number or a hash anyone could reverse by trying every
// number. Errors are never cached; a refresh forgets the entry and asks monitoring.

#include <string>

#include "common/cache/proto_cache.h"
#include "services/employment/usecases/household_directory.h"

namespace rrmon::employment {

class CachedHouseholdDirectory final : public HouseholdDirectory {
 public:
  // `inner` and `cache` must outlive this; `cache` null turns caching off. `key_secret`
  // keys the names of entries (the cache encryption key serves).
  CachedHouseholdDirectory(HouseholdDirectory& inner, ProtoCache* cache, std::string key_secret);

  absl::StatusOr<v1::HouseholdLink> Lookup(const std::string& id_number) override;
  void Forget(const std::string& id_number) override;

  // The cache key of a person's link.
  std::string KeyOf(const std::string& id_number) const;

 private:
  HouseholdDirectory& inner_;
  ProtoCache* cache_;
  const std::string key_secret_;
};

}  // namespace rrmon::employment

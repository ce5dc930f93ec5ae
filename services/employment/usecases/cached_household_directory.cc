#include "services/employment/usecases/cached_household_directory.h"

#include "common/api/keyed_hash.h"

namespace rrmon::employment {

CachedHouseholdDirectory::CachedHouseholdDirectory(HouseholdDirectory& inner, ProtoCache* cache,
                                                   std::string key_secret)
    : inner_(inner), cache_(cache), key_secret_(std::move(key_secret)) {}

std::string CachedHouseholdDirectory::KeyOf(const std::string& id_number) const {
  return CacheKey("employment", "person_link", HmacSha256Hex(key_secret_, id_number));
}

absl::StatusOr<v1::HouseholdLink> CachedHouseholdDirectory::Lookup(const std::string& id_number) {
  if (cache_ == nullptr) return inner_.Lookup(id_number);
  return cache_->GetOrLoad<v1::HouseholdLink>(KeyOf(id_number),
                                              [&] { return inner_.Lookup(id_number); });
}

void CachedHouseholdDirectory::Forget(const std::string& id_number) {
  if (cache_ != nullptr) cache_->Invalidate(KeyOf(id_number));
  inner_.Forget(id_number);
}

}  // namespace rrmon::employment

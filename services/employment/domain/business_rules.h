#pragma once

// What a valid business record (新增创业) is. Pure: the day is given.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "rrmon/employment/v1/labour.pb.h"

namespace rrmon::employment {

inline constexpr size_t kMaxBusinessNameChars = 100;
inline constexpr size_t kMaxSectorChars = 64;
inline constexpr size_t kMaxLicenceChars = 64;
// More than a county's largest rural enterprise; a typo guard, not a policy.
inline constexpr int32_t kMaxBusinessEmployees = 10000;

// `labourers/{labourer}/businesses/{business}` and back.
std::string BusinessName(const std::string& labourer_id, const std::string& business_id);
struct BusinessRef {
  std::string labourer_id;
  std::string business_id;
};
absl::StatusOr<BusinessRef> ParseBusinessName(const std::string& name, const std::string& field);
// The business id of a stored business (the last segment of its name).
std::string BusinessIdOf(const v1::Business& business);

// Every bad field of a business as a client gives it (paths under `prefix`): a name and a
// sector, a real start day not after `today`, employees within [0, kMaxBusinessEmployees].
absl::Status ValidateBusiness(const v1::Business& business, absl::CivilDay today,
                              const std::string& prefix);

}  // namespace rrmon::employment

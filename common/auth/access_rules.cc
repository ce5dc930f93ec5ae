#include "common/auth/access_rules.h"

#include <algorithm>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_details.h"
#include "common/validation/region_code.h"
#include "common/validation/string_interop.h"

namespace rrmon::auth {

using validation::ToAbsl;

absl::Status RequireRole(const Principal& principal, absl::Span<const Role> allowed,
                         std::string_view action) {
  for (Role role : allowed) {
    if (principal.role == role) return absl::OkStatus();
  }
  return WithErrorReason(absl::PermissionDeniedError(absl::StrCat("role ", RoleName(principal.role),
                                                                  " may not ", ToAbsl(action))),
                         kRoleNotAllowed);
}

absl::StatusOr<std::string> ScopedRegionPrefix(const Principal& caller,
                                               const std::string& requested) {
  std::string prefix = requested;
  if (prefix.empty()) {
    prefix = caller.region_prefix;
  } else if (absl::Status valid = validation::ValidateRegionPrefix(prefix, "region_prefix");
             !valid.ok()) {
    return valid;
  }
  if (absl::Status covered = RequireRegion(caller, prefix); !covered.ok()) return covered;
  return prefix;
}

absl::Status RequireRegion(const Principal& principal, std::string_view region_code_or_prefix) {
  if (validation::RegionCovers(principal.region_prefix, region_code_or_prefix)) {
    return absl::OkStatus();
  }
  // The requested value is echoed only when it looks like a region code: whatever else a
  // client sent there (possibly personal data) stays out of error messages and logs.
  const bool printable =
      !region_code_or_prefix.empty() && region_code_or_prefix.size() <= 12 &&
      std::all_of(region_code_or_prefix.begin(), region_code_or_prefix.end(),
                  [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
  return WithErrorReason(absl::PermissionDeniedError(absl::StrCat(
                             "region ", ToAbsl(printable ? region_code_or_prefix : "(requested)"),
                             " is outside the caller's region ", principal.region_prefix)),
                         kRegionNotCovered);
}

bool CanSeeSensitiveData(const Principal& principal) {
  switch (principal.role) {
    case Role::ROLE_VILLAGE_CADRE:
    case Role::ROLE_TOWNSHIP_OFFICER:
    case Role::ROLE_COUNTY_OFFICER:
      return true;
    default:
      return false;
  }
}

}  // namespace rrmon::auth

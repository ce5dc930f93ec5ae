#pragma once

// Who is calling: the verified content of a bearer token.

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "rrmon/common/v1/common.pb.h"

namespace rrmon::auth {

// ErrorInfo reasons of the role and region refusals (docs/api-conventions.md), stable so a
// client can tell "ask for access" from "this area is not yours"; the token's are in token.h.
inline constexpr char kRoleNotAllowed[] = "ROLE_NOT_ALLOWED";
inline constexpr char kRegionNotCovered[] = "REGION_NOT_COVERED";

using Role = rrmon::common::v1::Role;

struct Principal {
  std::string subject;  // A staff number or a service name.
  Role role = Role::ROLE_UNSPECIFIED;
  std::string region_prefix;  // What the caller may see and change.
  absl::Time expire_time;
  // The service the token was issued for ("monitoring"): a token for one service does not
  // work at another. Empty only in tokens of older issuers, which verifiers refuse.
  std::string audience;
};

// The token spelling of a role: "village_cadre", "township_officer", "county_officer",
// "analyst", "service"; "unspecified" for anything else.
std::string RoleName(Role role);

// The inverse of RoleName; INVALID_ARGUMENT for "unspecified" and unknown names.
absl::StatusOr<Role> ParseRoleName(std::string_view name);

}  // namespace rrmon::auth

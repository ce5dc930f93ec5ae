#include "common/auth/principal.h"

#include <array>
#include <utility>

#include "absl/status/status.h"

namespace rrmon::auth {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoleNames = {{
    {Role::ROLE_VILLAGE_CADRE, "village_cadre"},
    {Role::ROLE_TOWNSHIP_OFFICER, "township_officer"},
    {Role::ROLE_COUNTY_OFFICER, "county_officer"},
    {Role::ROLE_ANALYST, "analyst"},
    {Role::ROLE_SERVICE, "service"},
}};

}  // namespace

std::string RoleName(Role role) {
  for (const auto& [value, name] : kRoleNames) {
    if (value == role) return std::string(name);
  }
  return "unspecified";
}

absl::StatusOr<Role> ParseRoleName(std::string_view name) {
  for (const auto& [value, role_name] : kRoleNames) {
    if (role_name == name) return value;
  }
  return absl::InvalidArgumentError("unknown role name");
}

}  // namespace rrmon::auth

#include "common/auth/principal.h"

#include <gtest/gtest.h>

namespace rrmon::auth {
namespace {

TEST(RoleNameTest, RoundTripsEveryRole) {
  for (Role role : {Role::ROLE_VILLAGE_CADRE, Role::ROLE_TOWNSHIP_OFFICER,
                    Role::ROLE_COUNTY_OFFICER, Role::ROLE_ANALYST, Role::ROLE_SERVICE}) {
    absl::StatusOr<Role> parsed = ParseRoleName(RoleName(role));
    ASSERT_TRUE(parsed.ok()) << RoleName(role);
    EXPECT_EQ(*parsed, role);
  }
}

TEST(RoleNameTest, Spellings) {
  EXPECT_EQ(RoleName(Role::ROLE_VILLAGE_CADRE), "village_cadre");
  EXPECT_EQ(RoleName(Role::ROLE_TOWNSHIP_OFFICER), "township_officer");
  EXPECT_EQ(RoleName(Role::ROLE_COUNTY_OFFICER), "county_officer");
  EXPECT_EQ(RoleName(Role::ROLE_ANALYST), "analyst");
  EXPECT_EQ(RoleName(Role::ROLE_SERVICE), "service");
  EXPECT_EQ(RoleName(Role::ROLE_UNSPECIFIED), "unspecified");
}

TEST(RoleNameTest, RejectsUnknownNames) {
  for (const char* name : {"", "unspecified", "Analyst", "admin", "ROLE_ANALYST", "analyst "}) {
    EXPECT_EQ(ParseRoleName(name).status().code(), absl::StatusCode::kInvalidArgument) << name;
  }
}

}  // namespace
}  // namespace rrmon::auth

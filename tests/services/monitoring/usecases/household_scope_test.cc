// Who may reach a household's records: decided by the household's current region, and an
// outsider cannot tell a household of another region from one that does not exist.

#include "services/monitoring/usecases/household_scope.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/status/status_details.h"
#include "tests/services/monitoring/usecases/fake_household_repository.h"

namespace rrmon::monitoring {
namespace {

using fakes::FakeHouseholdRepository;

auth::Principal Caller(const std::string& region_prefix,
                       auth::Role role = auth::Role::ROLE_TOWNSHIP_OFFICER) {
  auth::Principal caller;
  caller.subject = "officer-1";
  caller.role = role;
  caller.region_prefix = region_prefix;
  return caller;
}

v1::Household Household(const std::string& id, const std::string& region_code) {
  v1::Household household;
  household.set_name("households/" + id);
  household.set_region_code(region_code);
  return household;
}

class HouseholdScopeTest : public ::testing::Test {
 protected:
  HouseholdScopeTest() {
    households_.Put(Household("h1", "654201001001"));
    households_.Put(Household("h2", "654202001001"));
  }
  FakeHouseholdRepository households_;
};

TEST_F(HouseholdScopeTest, AHouseholdOfAnotherRegionLooksLikeOneThatDoesNotExist) {
  const auth::Principal township = Caller("654201001");
  EXPECT_TRUE(LoadHouseholdInRegion(households_, township, "h1").ok());

  auto elsewhere = LoadHouseholdInRegion(households_, township, "h2");
  auto missing = LoadHouseholdInRegion(households_, township, "h9");
  ASSERT_EQ(elsewhere.status().code(), absl::StatusCode::kNotFound);
  ASSERT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(GetErrorReason(elsewhere.status()), GetErrorReason(missing.status()));
  EXPECT_THAT(std::string(elsewhere.status().message()), ::testing::HasSubstr("households/h2"));
  // Only the security log can tell them apart.
  EXPECT_TRUE(IsRefusal(elsewhere.status()));
  EXPECT_FALSE(IsRefusal(missing.status()));
}

TEST_F(HouseholdScopeTest, TheCurrentRegionDecidesAfterAMove) {
  const auth::Principal old_township = Caller("654201001");
  ASSERT_TRUE(LoadHouseholdInRegion(households_, old_township, "h1").ok());
  households_.Put(Household("h1", "654202001001"));
  EXPECT_EQ(LoadHouseholdInRegion(households_, old_township, "h1").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(LoadHouseholdInRegion(households_, Caller("654202"), "h1").ok());
}

TEST_F(HouseholdScopeTest, OneHouseholdsListIsScopedToItAndTakesNoRegion) {
  auto scope = ResolveListScope(households_, Caller("654201"), "households/h1", "", false);
  ASSERT_TRUE(scope.ok()) << scope.status();
  EXPECT_EQ(scope->household_id, "h1");
  EXPECT_EQ(scope->region_prefix, "");

  auto with_region =
      ResolveListScope(households_, Caller("654201"), "households/h1", "654201", false);
  EXPECT_EQ(with_region.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetBadRequest(with_region.status()).field_violations(0).field(), "region_prefix");

  auto bad_parent = ResolveListScope(households_, Caller("654201"), "villages/1", "", false);
  EXPECT_EQ(bad_parent.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(GetBadRequest(bad_parent.status()).field_violations(0).field(), "parent");

  EXPECT_EQ(
      ResolveListScope(households_, Caller("654201"), "households/h2", "", false).status().code(),
      absl::StatusCode::kNotFound);
}

TEST_F(HouseholdScopeTest, ARegionWideListCoversTheCallersRegionAtMost) {
  auto whole = ResolveListScope(households_, Caller("654201"), "households/-", "", true);
  ASSERT_TRUE(whole.ok()) << whole.status();
  EXPECT_EQ(whole->region_prefix, "654201");
  EXPECT_EQ(whole->household_id, "");
  EXPECT_TRUE(whole->show_deleted);

  auto narrower =
      ResolveListScope(households_, Caller("654201"), "households/-", "654201001", false);
  ASSERT_TRUE(narrower.ok());
  EXPECT_EQ(narrower->region_prefix, "654201001");

  EXPECT_EQ(ResolveListScope(households_, Caller("654201"), "households/-", "6542", false)
                .status()
                .code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(ResolveListScope(households_, Caller("654201"), "households/-", "65420x", false)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rrmon::monitoring

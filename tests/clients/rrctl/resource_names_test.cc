#include "clients/rrctl/resource_names.h"

#include <gtest/gtest.h>

namespace rrmon::rrctl {
namespace {

TEST(ResourceNamesTest, HouseholdIdGetsTheCollectionPrefix) {
  EXPECT_EQ(*NormaliseHouseholdName("abc"), "households/abc");
  EXPECT_EQ(*NormaliseHouseholdName("households/abc"), "households/abc");
  EXPECT_EQ(*NormaliseHouseholdName("  0f3a9c12  "), "households/0f3a9c12");
}

TEST(ResourceNamesTest, BadHouseholdNamesAreRefused) {
  for (const char* bad : {"", "households/", "households/a/members/b", "a/b", "farms/x", "a b"}) {
    auto name = NormaliseHouseholdName(bad);
    EXPECT_EQ(name.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ResourceNamesTest, MemberNames) {
  EXPECT_EQ(*NormaliseMemberName("households/h1/members/m1"), "households/h1/members/m1");
  EXPECT_EQ(*NormaliseMemberName("h1/members/m1"), "households/h1/members/m1");
  for (const char* bad : {"", "m1", "households/h1", "h1/people/m1", "households/h1/members/",
                          "households//members/m1", "h1/members/m1/x"}) {
    EXPECT_FALSE(NormaliseMemberName(bad).ok()) << bad;
  }
}

TEST(ResourceNamesTest, ResourceIdIsTheLastSegment) {
  EXPECT_EQ(ResourceId("households/h1/members/m1"), "m1");
  EXPECT_EQ(ResourceId("households/h1"), "h1");
  EXPECT_EQ(ResourceId("plain"), "plain");
}

}  // namespace
}  // namespace rrmon::rrctl

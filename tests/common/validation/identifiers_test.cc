#include "common/validation/identifiers.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/common/validation/field_error_matchers.h"

namespace rrmon::validation {
namespace {

TEST(RequestIdTest, AcceptsEmptyAndUuids) {
  EXPECT_TRUE(ValidateRequestId("", "request_id").ok());
  EXPECT_TRUE(ValidateRequestId("3f2b8c1e-9d4a-4e6b-8f00-1c2d3e4f5a6b", "request_id").ok());
  EXPECT_TRUE(ValidateRequestId("A_b-9", "request_id").ok());
  EXPECT_TRUE(ValidateRequestId(std::string(64, 'a'), "request_id").ok());
}

TEST(RequestIdTest, RejectsBadIds) {
  EXPECT_FIELD_ERROR(ValidateRequestId(std::string(65, 'a'), "request_id"), "request_id");
  for (const char* id : {"a b", "a/b", "a.b", "请求", "a\n", "{uuid}"}) {
    EXPECT_FIELD_ERROR(ValidateRequestId(id, "request_id"), "request_id") << id;
  }
}

TEST(ResourceIdTest, Rules) {
  EXPECT_TRUE(ValidateResourceId("0f3a-42", "household_id").ok());
  EXPECT_TRUE(ValidateResourceId(std::string(63, 'z'), "household_id").ok());
  EXPECT_FIELD_ERROR(ValidateResourceId("", "household_id"), "household_id");
  EXPECT_FIELD_ERROR(ValidateResourceId(std::string(64, 'z'), "household_id"), "household_id");
  EXPECT_FIELD_ERROR(ValidateResourceId("Abc", "household_id"), "household_id");
}

TEST(ResourceNameTest, ParsesId) {
  EXPECT_EQ(ParseResourceName("households/0f3a-42", "households", "name").value(), "0f3a-42");
}

TEST(ResourceNameTest, RejectsBadNames) {
  for (const char* name : {"", "households", "households/", "households/ABC", "households/a_b",
                           "household/abc", "members/abc", "households/abc/", "/households/abc",
                           "households/abc/members/x", "households//abc"}) {
    EXPECT_FIELD_ERROR(ParseResourceName(name, "households", "household").status(), "household")
        << name;
  }
  EXPECT_FIELD_ERROR(
      ParseResourceName("households/" + std::string(64, 'a'), "households", "household").status(),
      "household");
}

TEST(ChildResourceNameTest, ParsesBothIds) {
  const auto ids =
      ParseChildResourceName("households/h1/members/m-2", "households", "members", "name");
  ASSERT_TRUE(ids.ok()) << ids.status();
  EXPECT_EQ(ids->first, "h1");
  EXPECT_EQ(ids->second, "m-2");
}

TEST(ChildResourceNameTest, RejectsBadNames) {
  for (const char* name : {"", "households/h1", "households/h1/members", "households/h1/members/",
                           "households/h1/measures/m1", "villages/h1/members/m1",
                           "households/H1/members/m1", "households/h1/members/m1/x"}) {
    EXPECT_FIELD_ERROR(ParseChildResourceName(name, "households", "members", "member").status(),
                       "member")
        << name;
  }
}

}  // namespace
}  // namespace rrmon::validation

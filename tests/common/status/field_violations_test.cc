#include "common/status/field_violations.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "common/status/status_details.h"

namespace rrmon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

// (field, description) of every violation, in order.
std::vector<std::pair<std::string, std::string>> Violations(const google::rpc::BadRequest& br) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& v : br.field_violations()) out.emplace_back(v.field(), v.description());
  return out;
}

TEST(FieldViolationsTest, EmptyIsOk) {
  FieldViolations violations;
  EXPECT_TRUE(violations.empty());
  EXPECT_TRUE(violations.ToStatus().ok());
}

TEST(FieldViolationsTest, CollectsSeveral) {
  FieldViolations violations;
  violations.Add(std::string("region_code"), "must have 12 digits");
  violations.Add(std::string("address"), "required");
  EXPECT_FALSE(violations.empty());
  const absl::Status status = violations.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("region_code: must have 12 digits"));
  EXPECT_THAT(status.message(), HasSubstr("address: required"));
  EXPECT_THAT(Violations(GetBadRequest(status)),
              ElementsAre(Pair("region_code", "must have 12 digits"), Pair("address", "required")));
}

TEST(FieldViolationsTest, MergePrefixesTheCarriedField) {
  FieldViolations violations;
  violations.Merge(InvalidFieldError(std::string("id_number"), "bad check digit"),
                   std::string("household.members[2]"));
  EXPECT_THAT(Violations(violations.bad_request()),
              ElementsAre(Pair("household.members[2].id_number", "bad check digit")));
}

TEST(FieldViolationsTest, MergeWithoutPrefixKeepsTheField) {
  FieldViolations violations;
  violations.Merge(InvalidFieldError(std::string("id_number"), "bad"));
  EXPECT_THAT(Violations(violations.bad_request()), ElementsAre(Pair("id_number", "bad")));
}

TEST(FieldViolationsTest, MergeOfACarriedEmptyFieldUsesThePrefix) {
  FieldViolations violations;
  violations.Merge(InvalidFieldError(std::string(""), "bad"), std::string("household.address"));
  EXPECT_THAT(Violations(violations.bad_request()), ElementsAre(Pair("household.address", "bad")));
}

TEST(FieldViolationsTest, MergeOfAStatusWithoutDetailsUsesThePrefixAsTheField) {
  FieldViolations violations;
  violations.Merge(absl::InvalidArgumentError("not a valid date"),
                   std::string("household.members[0].birth_date"));
  EXPECT_THAT(Violations(violations.bad_request()),
              ElementsAre(Pair("household.members[0].birth_date", "not a valid date")));
}

TEST(FieldViolationsTest, MergeOfOkAddsNothing) {
  FieldViolations violations;
  violations.Merge(absl::OkStatus(), std::string("household"));
  EXPECT_TRUE(violations.empty());
  EXPECT_TRUE(violations.ToStatus().ok());
}

TEST(FieldViolationsTest, MergeKeepsEveryCarriedViolation) {
  FieldViolations inner;
  inner.Add(std::string("full_name"), "required");
  inner.Add(std::string("id_number"), "bad check digit");
  FieldViolations outer;
  outer.Add(std::string("reason"), "required");
  outer.Merge(inner.ToStatus(), std::string("member"));
  EXPECT_THAT(Violations(outer.bad_request()),
              ElementsAre(Pair("reason", "required"), Pair("member.full_name", "required"),
                          Pair("member.id_number", "bad check digit")));
  EXPECT_EQ(outer.ToStatus().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rrmon

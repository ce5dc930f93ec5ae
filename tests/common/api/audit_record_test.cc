#include "common/api/audit_record.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "google/rpc/error_details.pb.h"
#include "rrmon/common/v1/common.pb.h"

namespace rrmon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(AuditJsonTest, UsesProtoFieldNames) {
  google::rpc::ResourceInfo info;
  info.set_resource_type("household");
  info.set_resource_name("households/0f3a9c00aa11bb22");
  const std::string json = AuditJson(info);
  EXPECT_THAT(json, HasSubstr("\"resource_type\":\"household\""));
  EXPECT_THAT(json, HasSubstr("\"resource_name\":\"households/0f3a9c00aa11bb22\""));
  EXPECT_THAT(json, Not(HasSubstr("resourceType")));
}

TEST(AuditJsonTest, EnumsAndTimestamps) {
  rrmon::common::v1::TokenClaims claims;
  claims.set_subject("alice");
  claims.set_role(rrmon::common::v1::ROLE_COUNTY_OFFICER);
  claims.set_region_prefix("110101");
  claims.mutable_issue_time()->set_seconds(1'700'000'000);
  const std::string json = AuditJson(claims);
  EXPECT_THAT(json, HasSubstr("\"role\":\"ROLE_COUNTY_OFFICER\""));
  EXPECT_THAT(json, HasSubstr("\"region_prefix\":\"110101\""));
  EXPECT_THAT(json, HasSubstr("\"issue_time\":\"2023-11-14T22:13:20Z\""));
  EXPECT_THAT(json, Not(HasSubstr("regionPrefix")));
}

TEST(AuditJsonTest, EmptyMessageIsAnEmptyObject) {
  EXPECT_EQ(AuditJson(google::rpc::ResourceInfo()), "{}");
}

TEST(AuditRecordTest, DefaultsToUnspecifiedRole) {
  const AuditRecord record;
  EXPECT_EQ(record.actor_role, rrmon::common::v1::ROLE_UNSPECIFIED);
  EXPECT_TRUE(record.before_json.empty());
}

}  // namespace
}  // namespace rrmon

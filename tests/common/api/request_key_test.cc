#include "common/api/request_key.h"

#include "gtest/gtest.h"
#include "rrmon/common/v1/common.pb.h"

namespace rrmon {
namespace {

TEST(RequestKeyTest, NoRequestIdNoKey) {
  common::v1::DateRange request;
  EXPECT_EQ(RequestKeyOf("", "CreateHousehold", request), std::nullopt);
}

TEST(RequestKeyTest, TheSameRequestGivesTheSameKeyAndAnotherBodyAnother) {
  common::v1::DateRange request;
  request.set_start_date("2026-01-01");
  const std::optional<RequestKey> first = RequestKeyOf("r-1", "CreateHousehold", request);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(first->request_id, "r-1");
  EXPECT_EQ(first->method, "CreateHousehold");
  EXPECT_EQ(RequestKeyOf("r-1", "CreateHousehold", request)->fingerprint, first->fingerprint);
  request.set_end_date("2026-12-31");
  EXPECT_NE(RequestKeyOf("r-1", "CreateHousehold", request)->fingerprint, first->fingerprint);
}

}  // namespace
}  // namespace rrmon

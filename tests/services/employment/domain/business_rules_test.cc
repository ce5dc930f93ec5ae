#include "services/employment/domain/business_rules.h"

#include <gtest/gtest.h>

#include "tests/support/status_checks.h"

namespace rrmon::employment {
namespace {

const absl::CivilDay kToday(2022, 6, 1);

v1::Business Valid() {
  v1::Business business;
  business.set_display_name("阿依古丽馕坑");
  business.set_sector("餐饮");
  business.set_start_date("2022-03-15");
  business.set_employees(2);
  return business;
}

TEST(BusinessRulesTest, AValidBusinessPasses) {
  EXPECT_TRUE(ValidateBusiness(Valid(), kToday, "business").ok());
}

TEST(BusinessRulesTest, EveryBadFieldIsNamed) {
  v1::Business business;
  business.set_start_date("2022-06-02");
  business.set_employees(-1);
  const absl::Status status = ValidateBusiness(business, kToday, "business");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(testing::ViolatedFieldsOf(status),
            (std::vector<std::string>{"business.display_name", "business.sector",
                                      "business.start_date", "business.employees"}));
}

TEST(BusinessRulesTest, NamesRoundTrip) {
  const absl::StatusOr<BusinessRef> ref = ParseBusinessName(BusinessName("l1", "b2"), "name");
  ASSERT_TRUE(ref.ok());
  EXPECT_EQ(ref->labourer_id, "l1");
  EXPECT_EQ(ref->business_id, "b2");
  EXPECT_FALSE(ParseBusinessName("labourers/l1/spells/b2", "name").ok());
}

}  // namespace
}  // namespace rrmon::employment

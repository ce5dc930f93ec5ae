#include "services/monitoring/domain/household_rules.h"

#include "common/status/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/id_numbers.h"

namespace rrmon::monitoring {
namespace {

const absl::CivilDay kToday(2026, 11, 24);

v1::HouseholdMember Member(v1::Relation relation, int sequence) {
  v1::HouseholdMember member;
  member.set_full_name("巴合提亚尔·努尔兰");
  member.set_id_number(rrmon::testing::MakeIdNumber("654221", "19750101", sequence));
  member.set_relation_to_head(relation);
  member.set_health(v1::HEALTH_STATUS_HEALTHY);
  member.set_labour_capacity(v1::LABOUR_CAPACITY_SKILLED);
  return member;
}

v1::Household Household() {
  v1::Household household;
  household.set_region_code("654221100201");
  *household.add_members() = Member(v1::RELATION_HEAD, 11);
  *household.add_members() = Member(v1::RELATION_SPOUSE, 12);
  return household;
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad_request = GetBadRequest(status);
  for (const auto& v : bad_request.field_violations()) fields.push_back(v.field());
  return fields;
}

TEST(HouseholdRulesTest, AcceptsAValidHousehold) {
  EXPECT_TRUE(ValidateNewHousehold(Household(), kToday, "household").ok());
}

TEST(HouseholdRulesTest, ReportsEveryBadFieldAtOnce) {
  v1::Household household = Household();
  household.set_region_code("12");
  household.mutable_members(1)->set_full_name("");
  household.mutable_members(1)->clear_labour_capacity();
  const absl::Status status = ValidateNewHousehold(household, kToday, "household");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Fields(status), ::testing::UnorderedElementsAre(
                                  "household.region_code", "household.members[1].full_name",
                                  "household.members[1].labour_capacity"));
}

TEST(HouseholdRulesTest, AlleviationYearMustFitTheProgramme) {
  v1::Household household = Household();
  household.set_poverty_alleviated(true);
  household.set_poverty_alleviation_year(2016);
  EXPECT_TRUE(ValidateHouseholdFields(household, "").ok());
  household.set_poverty_alleviation_year(2012);
  EXPECT_THAT(Fields(ValidateHouseholdFields(household, "")),
              ::testing::ElementsAre("poverty_alleviation_year"));
  household.set_poverty_alleviated(false);
  household.set_poverty_alleviation_year(0);
  EXPECT_TRUE(ValidateHouseholdFields(household, "").ok());
}

TEST(HouseholdRulesTest, ExactlyOneHead) {
  v1::Household household = Household();
  EXPECT_TRUE(CheckComposition(household).ok());
  household.mutable_members(1)->set_relation_to_head(v1::RELATION_HEAD);
  EXPECT_EQ(CheckComposition(household).code(), absl::StatusCode::kFailedPrecondition);
  household.mutable_members(0)->set_relation_to_head(v1::RELATION_SPOUSE);
  household.mutable_members(1)->set_relation_to_head(v1::RELATION_SPOUSE);
  EXPECT_EQ(CheckComposition(household).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(HouseholdRulesTest, SamePersonTwiceIsRefused) {
  v1::Household household = Household();
  household.mutable_members(1)->set_id_number(household.members(0).id_number());
  EXPECT_EQ(CheckComposition(household).code(), absl::StatusCode::kFailedPrecondition);
}

TEST(HouseholdRulesTest, DerivesSexBirthDateAndSharingFromTheIdNumber) {
  v1::HouseholdMember member = Member(v1::RELATION_HEAD, 12);  // even sequence: female
  std::string lower = member.id_number();
  if (lower.back() == 'X') lower.back() = 'x';
  member.set_id_number(lower);
  DeriveMemberFields(member);
  EXPECT_EQ(member.sex(), v1::SEX_FEMALE);
  EXPECT_EQ(member.birth_date(), "1975-01-01");
  EXPECT_TRUE(member.has_shares_household() && member.shares_household());
  EXPECT_EQ(member.id_number().back() == 'x', false) << "normalised to uppercase X";
}

TEST(HouseholdRulesTest, SizeCountsOnlyMembersWhoShareTheHousehold) {
  v1::Household household = Household();
  EXPECT_EQ(HouseholdSize(household), 2);
  household.mutable_members(1)->set_shares_household(false);
  EXPECT_EQ(HouseholdSize(household), 1);
}

TEST(HouseholdRulesTest, MaskingKeepsOnlyWhatPeerServicesNeed) {
  v1::Household household = Household();
  household.set_name("households/h1");
  household.set_address("额敏县 3 号");
  household.set_category(v1::MONITORING_CATEGORY_SUDDEN_HARDSHIP);
  household.add_risk_types(v1::RISK_TYPE_ILLNESS);
  household.set_primary_risk_type(v1::RISK_TYPE_ILLNESS);
  household.set_identification_date("2026-01-05");
  household.set_minimum_living_allowance(true);
  household.set_status(v1::HOUSEHOLD_STATUS_MONITORED);
  household.set_household_size(2);
  household.mutable_members(0)->set_health(v1::HEALTH_STATUS_SERIOUS_ILLNESS);
  household.mutable_members(0)->set_name("households/h1/members/m1");
  DeriveMemberFields(*household.mutable_members(0));
  const std::string id = household.members(0).id_number();
  const v1::Relation relation = household.members(0).relation_to_head();
  ASSERT_FALSE(household.members(0).birth_date().empty());

  MaskSensitiveData(household);
  EXPECT_EQ(household.name(), "households/h1");
  EXPECT_EQ(household.status(), v1::HOUSEHOLD_STATUS_MONITORED);
  EXPECT_EQ(household.household_size(), 2);
  EXPECT_THAT(household.address(), ::testing::IsEmpty());
  EXPECT_EQ(household.category(), v1::MONITORING_CATEGORY_UNSPECIFIED);
  EXPECT_THAT(household.risk_types(), ::testing::IsEmpty());
  EXPECT_EQ(household.primary_risk_type(), v1::RISK_TYPE_UNSPECIFIED);
  EXPECT_THAT(household.identification_date(), ::testing::IsEmpty());
  EXPECT_FALSE(household.minimum_living_allowance());
  const v1::HouseholdMember& member = household.members(0);
  EXPECT_EQ(member.name(), "households/h1/members/m1");
  EXPECT_EQ(member.id_number(), id.substr(0, 4) + "**********" + id.substr(14));
  EXPECT_EQ(member.relation_to_head(), relation);
  EXPECT_EQ(member.health(), v1::HEALTH_STATUS_UNSPECIFIED);
  EXPECT_THAT(member.full_name(), ::testing::IsEmpty());
  EXPECT_THAT(member.birth_date(), ::testing::IsEmpty());
  EXPECT_EQ(member.sex(), v1::SEX_UNSPECIFIED);
  EXPECT_THAT(member.ethnicity(), ::testing::IsEmpty());
}

}  // namespace
}  // namespace rrmon::monitoring

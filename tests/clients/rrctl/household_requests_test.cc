#include "clients/rrctl/household_requests.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <regex>
#include <string>

namespace rrmon::rrctl {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kHead[] =
    "full_name=阿依古丽·买买提,id_number=65420119850312002X,relation=head,health=healthy,"
    "labour=ordinary,ethnicity=维吾尔族";
constexpr char kChild[] =
    "full_name=艾力·买买提,id_number=654201201503120031,relation=child,health=healthy,"
    "labour=none,schooling=primary";

bool IsUuidV4(const std::string& text) {
  static const std::regex kUuidV4(
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  return std::regex_match(text, kUuidV4);
}

TEST(CreateHouseholdRequestTest, BuildsHouseholdAndMembers) {
  CreateHouseholdFlags flags;
  flags.region_code = "654201001001";
  flags.address = "塔城市 阿西尔乡 1 号";
  flags.alleviated_year = 2016;
  flags.minimum_living_allowance = true;
  flags.member_specs = {kHead, kChild};
  auto request = BuildCreateHouseholdRequest(flags);
  ASSERT_TRUE(request.ok()) << request.status();
  const auto& household = request->household();
  EXPECT_EQ(household.region_code(), "654201001001");
  EXPECT_EQ(household.address(), "塔城市 阿西尔乡 1 号");
  EXPECT_TRUE(household.poverty_alleviated());
  EXPECT_EQ(household.poverty_alleviation_year(), 2016);
  EXPECT_TRUE(household.minimum_living_allowance());
  EXPECT_FALSE(household.extreme_poverty_support());
  ASSERT_EQ(household.members_size(), 2);
  EXPECT_EQ(household.members(0).full_name(), "阿依古丽·买买提");
  EXPECT_EQ(household.members(1).relation_to_head(), monitoring::RELATION_CHILD);
  EXPECT_EQ(household.members(1).schooling_stage(), monitoring::SCHOOLING_STAGE_PRIMARY);
  EXPECT_FALSE(household.members(0).has_shares_household());
  EXPECT_TRUE(IsUuidV4(request->request_id())) << request->request_id();
}

TEST(CreateHouseholdRequestTest, RequestIdIsKeptWhenGivenAndFreshOtherwise) {
  CreateHouseholdFlags flags;
  flags.region_code = "654201001001";
  flags.member_specs = {kHead};
  flags.request_id = "6f1c2d3e-0000-4000-8000-000000000001";
  EXPECT_EQ(BuildCreateHouseholdRequest(flags)->request_id(), flags.request_id);
  flags.request_id.clear();
  EXPECT_NE(BuildCreateHouseholdRequest(flags)->request_id(),
            BuildCreateHouseholdRequest(flags)->request_id());
}

TEST(CreateHouseholdRequestTest, ErrorsNameTheMemberSpec) {
  CreateHouseholdFlags flags;
  flags.region_code = "654201001001";
  flags.member_specs = {kHead,
                        "full_name=王小明,relation=boss,id_number=1,health=healthy,labour=none"};
  auto request = BuildCreateHouseholdRequest(flags);
  ASSERT_FALSE(request.ok());
  EXPECT_THAT(std::string(request.status().message()),
              HasSubstr("--member #2: relation: unknown value \"boss\""));
  flags.member_specs = {"full_name=王小明"};
  EXPECT_THAT(std::string(BuildCreateHouseholdRequest(flags).status().message()),
              HasSubstr("--member #1: member spec: missing id_number, relation, health, labour"));
  flags.member_specs.clear();
  EXPECT_THAT(std::string(BuildCreateHouseholdRequest(flags).status().message()),
              HasSubstr("at least one --member"));
  flags.member_specs = {kHead};
  flags.region_code.clear();
  EXPECT_THAT(std::string(BuildCreateHouseholdRequest(flags).status().message()),
              HasSubstr("--region-code is required"));
}

TEST(CreateHouseholdRequestTest, FromProtobufJson) {
  auto request = BuildCreateHouseholdRequestFromJson(
      R"({"region_code": "654201001001", "povertyAlleviated": true,
          "members": [{"full_name": "王小明", "relation_to_head": "RELATION_HEAD"}]})",
      "");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->household().region_code(), "654201001001");
  EXPECT_TRUE(request->household().poverty_alleviated());
  EXPECT_EQ(request->household().members(0).relation_to_head(), monitoring::RELATION_HEAD);
  EXPECT_TRUE(IsUuidV4(request->request_id()));

  auto typo = BuildCreateHouseholdRequestFromJson(R"({"region": "654201001001"})", "id-1");
  ASSERT_FALSE(typo.ok());
  EXPECT_THAT(std::string(typo.status().message()), HasSubstr("--from-json"));
}

TEST(UpdateHouseholdRequestTest, MaskIsExactlyTheFlagsGiven) {
  UpdateHouseholdFlags flags;
  flags.name = "abc";
  flags.address = "新地址";
  flags.extreme_poverty_support = "true";
  flags.etag = "W/\"7\"";
  flags.reason = "moved";
  auto request = BuildUpdateHouseholdRequest(flags);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->household().name(), "households/abc");
  EXPECT_EQ(request->household().etag(), "W/\"7\"");
  EXPECT_EQ(request->reason(), "moved");
  EXPECT_THAT(request->update_mask().paths(), ElementsAre("address", "extreme_poverty_support"));
  EXPECT_TRUE(request->household().extreme_poverty_support());
  EXPECT_EQ(request->household().region_code(), "");
}

TEST(UpdateHouseholdRequestTest, FalseIsAValueNotAnAbsence) {
  UpdateHouseholdFlags flags;
  flags.name = "households/abc";
  flags.minimum_living_allowance = "false";
  auto request = BuildUpdateHouseholdRequest(flags);
  ASSERT_TRUE(request.ok());
  EXPECT_THAT(request->update_mask().paths(), ElementsAre("minimum_living_allowance"));
  EXPECT_FALSE(request->household().minimum_living_allowance());
}

TEST(UpdateHouseholdRequestTest, AlleviationFlagsSetBothFields) {
  UpdateHouseholdFlags flags;
  flags.name = "abc";
  flags.alleviated_year = 2018;
  flags.region_code = "654201001002";
  auto request = BuildUpdateHouseholdRequest(flags);
  ASSERT_TRUE(request.ok());
  EXPECT_THAT(request->update_mask().paths(),
              ElementsAre("region_code", "poverty_alleviated", "poverty_alleviation_year"));
  EXPECT_TRUE(request->household().poverty_alleviated());
  EXPECT_EQ(request->household().poverty_alleviation_year(), 2018);

  UpdateHouseholdFlags clear;
  clear.name = "abc";
  clear.not_alleviated = true;
  auto cleared = BuildUpdateHouseholdRequest(clear);
  ASSERT_TRUE(cleared.ok());
  EXPECT_THAT(cleared->update_mask().paths(),
              ElementsAre("poverty_alleviated", "poverty_alleviation_year"));
  EXPECT_FALSE(cleared->household().poverty_alleviated());
  EXPECT_EQ(cleared->household().poverty_alleviation_year(), 0);

  clear.alleviated_year = 2016;
  EXPECT_FALSE(BuildUpdateHouseholdRequest(clear).ok());
}

TEST(UpdateHouseholdRequestTest, NothingToUpdateOrBadBooleanIsAnError) {
  UpdateHouseholdFlags flags;
  flags.name = "abc";
  flags.reason = "only a reason";
  EXPECT_THAT(std::string(BuildUpdateHouseholdRequest(flags).status().message()),
              HasSubstr("nothing to update"));
  flags.minimum_living_allowance = "yes please";
  EXPECT_THAT(std::string(BuildUpdateHouseholdRequest(flags).status().message()),
              HasSubstr("--minimum-living-allowance: unknown value"));
}

TEST(ListHouseholdsRequestTest, FiltersMapToEnums) {
  ListHouseholdsFlags flags;
  flags.region = "654201";
  flags.category = "marginal_at_risk";
  flags.status = "monitored";
  flags.show_deleted = true;
  flags.page_size = 20;
  flags.page_token = "tok";
  auto request = BuildListHouseholdsRequest(flags);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->region_prefix(), "654201");
  EXPECT_EQ(request->category(), monitoring::MONITORING_CATEGORY_MARGINAL_AT_RISK);
  EXPECT_EQ(request->status(), monitoring::HOUSEHOLD_STATUS_MONITORED);
  EXPECT_TRUE(request->show_deleted());
  EXPECT_EQ(request->page_size(), 20);
  EXPECT_EQ(request->page_token(), "tok");

  flags.category = "poor";
  EXPECT_THAT(std::string(BuildListHouseholdsRequest(flags).status().message()),
              HasSubstr("allowed: unstable_alleviated, marginal_at_risk, sudden_hardship"));
  flags.category.clear();
  flags.page_size = -1;
  EXPECT_FALSE(BuildListHouseholdsRequest(flags).ok());
}

TEST(DeleteRequestsTest, ReasonIsRequiredAndNamesAreNormalised) {
  DeleteHouseholdFlags flags{"abc", "duplicate entry", "e1"};
  auto request = BuildDeleteHouseholdRequest(flags);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->name(), "households/abc");
  EXPECT_EQ(request->etag(), "e1");
  EXPECT_EQ(request->reason(), "duplicate entry");
  flags.reason = "   ";
  EXPECT_THAT(std::string(BuildDeleteHouseholdRequest(flags).status().message()),
              HasSubstr("--reason"));

  auto undelete = BuildUndeleteHouseholdRequest("households/abc", "deleted by mistake");
  ASSERT_TRUE(undelete.ok());
  EXPECT_EQ(undelete->name(), "households/abc");
  EXPECT_FALSE(BuildUndeleteHouseholdRequest("abc", "").ok());
}

TEST(MemberRequestsTest, AddNeedsTheCoreFlags) {
  AddMemberFlags flags;
  flags.household = "abc";
  flags.fields.full_name = "Айгүл Серикова";
  flags.fields.id_number = "654201200001010026";
  flags.fields.relation = "spouse";
  flags.fields.health = "chronic_illness";
  flags.fields.labour = "weak_or_partial";
  auto request = BuildCreateMemberRequest(flags);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->parent(), "households/abc");
  EXPECT_EQ(request->member().full_name(), "Айгүл Серикова");
  EXPECT_EQ(request->member().health(), monitoring::HEALTH_STATUS_CHRONIC_ILLNESS);
  EXPECT_TRUE(IsUuidV4(request->request_id()));

  flags.fields.health.reset();
  EXPECT_THAT(std::string(BuildCreateMemberRequest(flags).status().message()),
              HasSubstr("missing --health"));
}

TEST(MemberRequestsTest, UpdateMaskIsTheFlagsGiven) {
  UpdateMemberFlags flags;
  flags.name = "abc/members/m1";
  flags.etag = "e2";
  flags.fields.schooling = "dropped_out";
  flags.fields.ethnicity = "哈萨克族";
  auto request = BuildUpdateMemberRequest(flags);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->member().name(), "households/abc/members/m1");
  EXPECT_EQ(request->member().etag(), "e2");
  EXPECT_THAT(request->update_mask().paths(), ElementsAre("ethnicity", "schooling_stage"));
  EXPECT_EQ(request->member().schooling_stage(), monitoring::SCHOOLING_STAGE_DROPPED_OUT);

  UpdateMemberFlags empty;
  empty.name = "abc/members/m1";
  EXPECT_THAT(std::string(BuildUpdateMemberRequest(empty).status().message()),
              HasSubstr("nothing to update"));
}

TEST(MemberRequestsTest, Remove) {
  RemoveMemberFlags flags{"households/abc/members/m1", "married out", std::nullopt};
  auto request = BuildDeleteMemberRequest(flags);
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->name(), "households/abc/members/m1");
  EXPECT_EQ(request->etag(), "");
  flags.name = "abc";
  EXPECT_FALSE(BuildDeleteMemberRequest(flags).ok());
}

}  // namespace
}  // namespace rrmon::rrctl

#include "clients/rrctl/member_fields.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kIdNumber[] = "65420119850312002X";

TEST(MemberSpecTest, ParsesAUyghurNameWithTheMiddleDot) {
  auto fields = ParseMemberSpec(
      "full_name=阿依古丽·买买提,id_number=65420119850312002X,relation=head,health=healthy,"
      "labour=ordinary,ethnicity=维吾尔族,schooling=not_in_school,shares=false");
  ASSERT_TRUE(fields.ok()) << fields.status();
  EXPECT_EQ(fields->full_name, "阿依古丽·买买提");
  EXPECT_EQ(fields->id_number, kIdNumber);
  EXPECT_EQ(fields->relation, "head");
  EXPECT_EQ(fields->health, "healthy");
  EXPECT_EQ(fields->labour, "ordinary");
  EXPECT_EQ(fields->ethnicity, "维吾尔族");
  EXPECT_EQ(fields->schooling, "not_in_school");
  EXPECT_EQ(fields->shares, "false");

  monitoring::HouseholdMember member;
  ASSERT_TRUE(ApplyMemberFields(*fields, member, nullptr).ok());
  EXPECT_EQ(member.full_name(), "阿依古丽·买买提");
  EXPECT_EQ(member.relation_to_head(), monitoring::RELATION_HEAD);
  EXPECT_EQ(member.health(), monitoring::HEALTH_STATUS_HEALTHY);
  EXPECT_EQ(member.labour_capacity(), monitoring::LABOUR_CAPACITY_ORDINARY);
  EXPECT_EQ(member.schooling_stage(), monitoring::SCHOOLING_STAGE_NOT_IN_SCHOOL);
  EXPECT_EQ(member.ethnicity(), "维吾尔族");
  ASSERT_TRUE(member.has_shares_household());
  EXPECT_FALSE(member.shares_household());
}

TEST(MemberSpecTest, KeepsSpacesInsideValuesAndDropsThemAround) {
  auto fields = ParseMemberSpec(" full_name = Ayguli Mamat Jr ,relation=spouse");
  ASSERT_TRUE(fields.ok()) << fields.status();
  EXPECT_EQ(fields->full_name, "Ayguli Mamat Jr");
  EXPECT_EQ(fields->relation, "spouse");
  EXPECT_FALSE(fields->id_number.has_value());
}

TEST(MemberSpecTest, EscapedCommaAndBackslashBelongToTheValue) {
  auto fields = ParseMemberSpec(R"(full_name=Smith\, John,ethnicity=a\\b)");
  ASSERT_TRUE(fields.ok()) << fields.status();
  EXPECT_EQ(fields->full_name, "Smith, John");
  EXPECT_EQ(fields->ethnicity, R"(a\b)");
  EXPECT_FALSE(ParseMemberSpec(R"(full_name=a\b)").ok());
}

TEST(MemberSpecTest, ProtoFieldNamesAreAcceptedAsKeys) {
  auto fields = ParseMemberSpec(
      "relation_to_head=child,labour_capacity=none,schooling_stage=primary,shares_household=true");
  ASSERT_TRUE(fields.ok()) << fields.status();
  EXPECT_EQ(fields->relation, "child");
  EXPECT_EQ(fields->labour, "none");
  EXPECT_EQ(fields->schooling, "primary");
  EXPECT_EQ(fields->shares, "true");
}

TEST(MemberSpecTest, UnknownKeyIsAClearError) {
  auto fields = ParseMemberSpec("full_name=王小明,nickname=明明");
  ASSERT_FALSE(fields.ok());
  EXPECT_EQ(fields.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(fields.status().message()),
              HasSubstr("unknown key \"nickname\"; known keys: full_name, id_number, relation, "
                        "health, labour, ethnicity, schooling, shares"));
}

TEST(MemberSpecTest, MalformedPairsAreErrors) {
  EXPECT_THAT(std::string(ParseMemberSpec("full_name").status().message()),
              HasSubstr("\"full_name\" is not key=value"));
  EXPECT_THAT(std::string(ParseMemberSpec("relation=head,relation=spouse").status().message()),
              HasSubstr("\"relation\" is given twice"));
  EXPECT_THAT(std::string(ParseMemberSpec("full_name=").status().message()),
              HasSubstr("\"full_name\" has an empty value"));
}

TEST(MemberSpecTest, ValueMayContainAnEqualsSign) {
  auto fields = ParseMemberSpec("full_name=a=b");
  ASSERT_TRUE(fields.ok());
  EXPECT_EQ(fields->full_name, "a=b");
}

TEST(MemberSpecTest, BadEnumValueListsAllowedValues) {
  auto fields = ParseMemberSpec("health=sick");
  ASSERT_TRUE(fields.ok());
  monitoring::HouseholdMember member;
  absl::Status status = ApplyMemberFields(*fields, member, nullptr);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("health: unknown value \"sick\"; allowed: healthy, chronic_illness, "
                        "serious_illness, disability"));
}

TEST(MemberSpecTest, SharesMustBeTrueOrFalse) {
  MemberFields fields;
  fields.shares = "maybe";
  monitoring::HouseholdMember member;
  absl::Status status = ApplyMemberFields(fields, member, nullptr);
  EXPECT_THAT(std::string(status.message()), HasSubstr("allowed: true, false"));
}

TEST(MemberFieldsTest, NewMemberNeedsTheCoreFields) {
  auto fields = ParseMemberSpec("full_name=王小明,relation=child");
  ASSERT_TRUE(fields.ok());
  absl::Status as_spec = RequireNewMemberFields(*fields, FieldNaming::kSpecKeys);
  EXPECT_THAT(std::string(as_spec.message()), HasSubstr("missing id_number, health, labour"));
  absl::Status as_flags = RequireNewMemberFields(*fields, FieldNaming::kFlags);
  EXPECT_THAT(std::string(as_flags.message()),
              HasSubstr("missing --id-number, --health, --labour"));
}

TEST(MemberFieldsTest, MaskPathsAreTheGivenFieldsInProtoOrder) {
  MemberFields fields;
  fields.shares = "true";
  fields.labour = "lost";
  fields.full_name = "王小明";
  std::vector<std::string> paths;
  monitoring::HouseholdMember member;
  ASSERT_TRUE(ApplyMemberFields(fields, member, &paths).ok());
  EXPECT_THAT(paths, ElementsAre("full_name", "labour_capacity", "shares_household"));
  EXPECT_EQ(member.labour_capacity(), monitoring::LABOUR_CAPACITY_LOST);
  EXPECT_TRUE(fields.empty() == false);
  EXPECT_TRUE(MemberFields{}.empty());
}

}  // namespace
}  // namespace rrmon::rrctl

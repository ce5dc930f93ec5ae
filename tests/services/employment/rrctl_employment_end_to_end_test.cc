// `rrctl employment` through the real rrctl binary against the real employment server
// (beside a real monitoring server): a target set, and the progress against it.

#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/employment/employment_test_env.h"
#include "tests/support/http_get.h"
#include "tests/support/id_numbers.h"

#ifndef RRMON_RRCTL
#error "RRMON_RRCTL must name the rrctl binary"
#endif

namespace rrmon::employment::testing {
namespace {

using ::testing::HasSubstr;

class RrctlEmploymentTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = EmploymentTestEnv::Start(); }

  // Runs rrctl with an employment token in RRMON_EMPLOYMENT_TOKEN and the server's
  // address in RRMON_EMPLOYMENT_ADDRESS; `output` gets stdout and stderr together.
  int Rrctl(const std::string& arguments, std::string* output) {
    const std::string token = env_->Token(Role::ROLE_COUNTY_OFFICER, "6542");
    return rrmon::testing::RunWithInput(
        absl::StrCat("RRMON_EMPLOYMENT_TOKEN='", token,
                     "' RRMON_EMPLOYMENT_ADDRESS=", env_->server().grpc_address(),
                     " RRMON_TOKEN= RRMON_ADDRESS=127.0.0.1:1 ", RRMON_RRCTL, " ", arguments),
        "", output);
  }

  std::unique_ptr<EmploymentTestEnv> env_;
};

TEST_F(RrctlEmploymentTest, ProgressAgainstATargetSetWithRrctl) {
  // One poverty-alleviated labourer employed in 2022.
  const monitoring::v1::Household household = env_->RegisterHousehold(501);
  v1::CreateLabourerRequest create;
  *create.mutable_labourer() = SampleLabourer(household.members(0).id_number());
  v1::Labourer labourer;
  ASSERT_TRUE(env_->stub()
                  .CreateLabourer(env_->Context(Role::ROLE_VILLAGE_CADRE, "654201001001").get(),
                                  create, &labourer)
                  .ok());
  v1::CreateJobSpellRequest spell;
  spell.set_parent(labourer.name());
  *spell.mutable_spell() =
      SpellAtTier("654201001001", v1::PLACE_TIER_IN_PROVINCE, "2022-03-01", "2022-09-30");
  v1::JobSpell stored;
  ASSERT_TRUE(env_->stub()
                  .CreateJobSpell(env_->Context(Role::ROLE_VILLAGE_CADRE, "654201001001").get(),
                                  spell, &stored)
                  .ok());

  std::string output;
  ASSERT_EQ(Rrctl("employment target set --region 6542 --year 2022 --people 4", &output), 0)
      << output;
  EXPECT_THAT(output, HasSubstr("regions/6542/employmentTargets/2022"));

  ASSERT_EQ(Rrctl("employment progress --region 6542 --year 2022", &output), 0) << output;
  EXPECT_THAT(output, HasSubstr("completion:"));
  EXPECT_THAT(output, HasSubstr("25.00 % of 4"));
  EXPECT_THAT(output, HasSubstr("as of 2022-12-31"));
  EXPECT_THAT(output, HasSubstr("654201"));  // the county's row

  ASSERT_EQ(Rrctl("--output json employment progress --region 6542 --year 2022", &output), 0)
      << output;
  EXPECT_THAT(output, HasSubstr("\"completion_percent\": \"25.00\""));

  // Errors keep rrctl's display and exit codes: a bad year is a rejected request (3).
  EXPECT_EQ(Rrctl("employment progress --region 6542 --year 2015", &output), 3) << output;
  EXPECT_THAT(output, HasSubstr("year"));
}

}  // namespace
}  // namespace rrmon::employment::testing

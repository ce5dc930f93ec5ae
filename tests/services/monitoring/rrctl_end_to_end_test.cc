// rrctl, the real binary, against the real monitoring service: what a township worker
// does after scripts/start.sh.

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/monitoring/monitoring_test_env.h"
#include "tests/support/http_get.h"
#include "tests/support/id_numbers.h"

#ifndef RRMON_RRCTL
#error "RRMON_RRCTL must name the rrctl binary"
#endif

namespace rrmon::monitoring::testing {
namespace {

using ::testing::HasSubstr;

class RrctlEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = MonitoringTestEnv::Start({.with_redis = false}); }

  int Rrctl(const std::string& token, const std::string& arguments, std::string* output) {
    return rrmon::testing::RunWithInput(
        absl::StrCat("RRMON_TOKEN='", token, "' RRMON_ADDRESS=", env_->server().grpc_address(), " ",
                     RRMON_RRCTL, " ", arguments),
        "", output);
  }

  std::unique_ptr<MonitoringTestEnv> env_;
};

TEST_F(RrctlEndToEndTest, CreateListGetAndErrors) {
  const std::string cadre = env_->Token(Role::ROLE_VILLAGE_CADRE, "654201");
  const std::string id_number = rrmon::testing::MakeIdNumber("654201", "19800307", 123);
  std::string out;
  ASSERT_EQ(Rrctl(cadre,
                  absl::StrCat("--output json household create --region-code 654201001001 "
                               "--member 'full_name=阿依古丽·买买提,id_number=",
                               id_number, ",relation=head,health=healthy,labour=ordinary'"),
                  &out),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr("\"name\": \"households/"));

  ASSERT_EQ(Rrctl(cadre, "household list", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("654201001001"));
  EXPECT_THAT(out, HasSubstr("阿依古丽·买买提"));

  // A bad ID number: exit 3, the field named.
  std::string bad = id_number;
  bad.back() = bad.back() == '1' ? '2' : '1';
  EXPECT_EQ(Rrctl(cadre,
                  absl::StrCat("household create --region-code 654201001001 --member "
                               "'full_name=张三,id_number=",
                               bad, ",relation=head,health=healthy,labour=ordinary'"),
                  &out),
            3);
  EXPECT_THAT(out, HasSubstr("household.members[0].id_number"));

  // Another county's token sees nothing of 654201: exit 5.
  const std::string elsewhere = env_->Token(Role::ROLE_COUNTY_OFFICER, "654202");
  EXPECT_EQ(Rrctl(elsewhere, "household list --region 654201", &out), 5) << out;
  EXPECT_EQ(Rrctl("", "household list", &out), 5) << out;
}

}  // namespace
}  // namespace rrmon::monitoring::testing

// A client that has no rrmon code at all (grpc-probe: reflection + JSON) can discover
// the service, check its health and call GetHousehold.

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/monitoring/monitoring_test_env.h"
#include "tests/support/http_get.h"

#ifndef RRMON_GRPC_PROBE
#error "RRMON_GRPC_PROBE must name the grpc-probe binary"
#endif

namespace rrmon::monitoring::testing {
namespace {

using ::testing::HasSubstr;

std::string Probe(MonitoringTestEnv& env, const std::string& arguments, int* exit_code) {
  std::string output;
  *exit_code = rrmon::testing::RunWithInput(
      absl::StrCat(RRMON_GRPC_PROBE, " ", env.server().grpc_address(), " ", arguments), "",
      &output);
  return output;
}

TEST(StockClientTest, DiscoversServicesChecksHealthAndCallsGetHousehold) {
  auto env = MonitoringTestEnv::Start({.with_redis = false});
  int code = -1;
  const std::string services = Probe(*env, "list", &code);
  EXPECT_EQ(code, 0) << services;
  EXPECT_THAT(services, HasSubstr("rrmon.monitoring.v1.MonitoringService"));
  EXPECT_THAT(services, HasSubstr("grpc.health.v1.Health"));

  EXPECT_EQ(Probe(*env, "health rrmon.monitoring.v1.MonitoringService", &code), "SERVING\n");
  EXPECT_EQ(code, 0);
  Probe(*env, "health rrmon.unknown.v1.Nothing", &code);
  EXPECT_NE(code, 0);

  v1::Household created;
  v1::CreateHouseholdRequest request;
  *request.mutable_household() = SampleHousehold(1);
  ASSERT_TRUE(env->stub()
                  .CreateHousehold(env->Context(Role::ROLE_VILLAGE_CADRE, "654201").get(), request,
                                   &created)
                  .ok());

  const std::string token = env->Token(Role::ROLE_TOWNSHIP_OFFICER, "654201");
  const std::string response =
      Probe(*env,
            absl::StrCat("call /rrmon.monitoring.v1.MonitoringService/GetHousehold '{\"name\":\"",
                         created.name(), "\"}' --header 'authorization: Bearer ", token, "'"),
            &code);
  EXPECT_EQ(code, 0) << response;
  EXPECT_THAT(response, HasSubstr(absl::StrCat("\"name\":\"", created.name(), "\"")));
  EXPECT_THAT(response, HasSubstr("阿依古丽·买买提"));

  // Without a token the stock client gets the same UNAUTHENTICATED as anyone.
  const std::string refused =
      Probe(*env,
            absl::StrCat("call /rrmon.monitoring.v1.MonitoringService/GetHousehold '{\"name\":\"",
                         created.name(), "\"}'"),
            &code);
  EXPECT_NE(code, 0);
  EXPECT_THAT(refused, HasSubstr("status 16"));
}

TEST(StockClientTest, HealthTurnsNotServingOnShutdown) {
  auto env = MonitoringTestEnv::Start({.with_redis = false});
  int code = -1;
  EXPECT_EQ(Probe(*env, "health rrmon.monitoring.v1.MonitoringService", &code), "SERVING\n");
  env->server().Shutdown();
  // After shutdown no new call is accepted: the probe fails rather than seeing SERVING.
  const std::string after = Probe(*env, "health rrmon.monitoring.v1.MonitoringService", &code);
  EXPECT_NE(code, 0) << after;
}

}  // namespace
}  // namespace rrmon::monitoring::testing

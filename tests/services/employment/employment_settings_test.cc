// The employment service's settings as read from its configuration, and the production
// example in deploy/config, which must load as it is.

#include "services/employment/employment_settings.h"

#include <map>
#include <string>

#include "common/config/config.h"
#include "common/status/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/status_checks.h"

namespace rrmon::employment {
namespace {

using rrmon::testing::ViolatedFieldsOf;
using ::testing::ElementsAre;

absl::StatusOr<EmploymentSettings> SettingsWith(std::map<std::string, std::string> environment,
                                                const std::string& file = "") {
  absl::StatusOr<Config> config =
      Config::Load(EmploymentConfigKeys(), file, kEmploymentEnvPrefix, environment);
  if (!config.ok()) return config.status();
  return EmploymentSettingsFromConfig(*config);
}

TEST(EmploymentSettingsTest, DefaultsServeOnItsOwnPortsAndAskTheLocalMonitoring) {
  absl::StatusOr<EmploymentSettings> settings = SettingsWith({});
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->server.grpc_listen, "127.0.0.1:50052");
  EXPECT_EQ(settings->server.metrics_listen, "127.0.0.1:9462");
  EXPECT_EQ(settings->sqlite.path, "var/employment/employment.db");
  EXPECT_EQ(settings->token_policy.audience, "employment");
  EXPECT_EQ(settings->monitoring.address, "127.0.0.1:50051");
  EXPECT_EQ(settings->monitoring.token_file, "");
  EXPECT_EQ(settings->monitoring.timeout, absl::Seconds(2));
  EXPECT_TRUE(settings->person_link_cache_enabled);
  EXPECT_EQ(settings->person_link_cache.ttl, absl::Minutes(10));
}

TEST(EmploymentSettingsTest, ThePeerIsConfiguredFromTheEnvironment) {
  absl::StatusOr<EmploymentSettings> settings =
      SettingsWith({{"RRMON_EMPLOYMENT_PEER_MONITORING_ADDRESS", "monitoring:50051"},
                    {"RRMON_EMPLOYMENT_PEER_MONITORING_TOKEN_FILE", "/run/peer.token"},
                    {"RRMON_EMPLOYMENT_PEER_MONITORING_FAILURE_THRESHOLD", "3"},
                    {"RRMON_EMPLOYMENT_PEER_MONITORING_ALLOW_PLAINTEXT_NON_LOOPBACK", "true"}});
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->monitoring.address, "monitoring:50051");
  EXPECT_EQ(settings->monitoring.token_file, "/run/peer.token");
  EXPECT_EQ(settings->monitoring.failure_threshold, 3);
  EXPECT_TRUE(settings->monitoring.security.allow_plaintext_non_loopback);
}

TEST(EmploymentSettingsTest, BadValuesAreRefusedNamingTheKey) {
  EXPECT_THAT(
      ViolatedFieldsOf(SettingsWith({{"RRMON_EMPLOYMENT_PEER_MONITORING_TIMEOUT", "0s"}}).status()),
      ElementsAre("peer.monitoring.timeout"));
  EXPECT_THAT(
      ViolatedFieldsOf(
          SettingsWith({{"RRMON_EMPLOYMENT_PEER_MONITORING_FAILURE_THRESHOLD", "0"}}).status()),
      ElementsAre("peer.monitoring.failure_threshold"));
}

TEST(EmploymentSettingsTest, TheProductionExampleLoads) {
  absl::StatusOr<EmploymentSettings> settings =
      SettingsWith({}, std::string(RRMON_SOURCE_DIR) + "/deploy/config/employment.conf");
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->sqlite.path, "/var/lib/rrmon/employment/employment.db");
  EXPECT_EQ(settings->monitoring.token_file, "/etc/rrmon/keys/employment-to-monitoring.token");
}

}  // namespace
}  // namespace rrmon::employment

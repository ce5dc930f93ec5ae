// The monitoring service's settings as read from its configuration: the workflow and
// elimination policy are configuration (practice varies by province), so their keys are
// read, checked and refused with the key named.

#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "common/auth/token.h"
#include "common/config/config.h"
#include "common/status/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/monitoring/monitoring_server.h"
#include "tests/support/temp_dir.h"

namespace rrmon::monitoring {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

absl::StatusOr<MonitoringSettings> SettingsWith(std::map<std::string, std::string> environment) {
  absl::StatusOr<Config> config =
      Config::Load(MonitoringConfigKeys(), "", kMonitoringEnvPrefix, environment);
  if (!config.ok()) return config.status();
  return MonitoringSettingsFromConfig(*config);
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad_request = GetBadRequest(status);
  for (const auto& violation : bad_request.field_violations()) fields.push_back(violation.field());
  return fields;
}

TEST(MonitoringSettingsTest, DefaultsAreTheNationalRules) {
  absl::StatusOr<MonitoringSettings> settings = SettingsWith({});
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->workflow.notice_days, 5);
  EXPECT_EQ(settings->workflow.identification_limit, absl::Hours(24 * 15));
  EXPECT_EQ(settings->workflow.step_limits.size(), WorkflowPolicy::Default().step_limits.size());
  for (const auto& [step, limit] : WorkflowPolicy::Default().step_limits) {
    EXPECT_EQ(settings->workflow.step_limits.at(step), limit)
        << v1::CaseStep_Name(static_cast<v1::CaseStep>(step));
  }
  EXPECT_EQ(settings->elimination.min_months_monitored, 6);
  EXPECT_FALSE(settings->elimination.min_months_sudden_hardship.has_value());
  EXPECT_EQ(settings->elimination.stable_months, 6);
  EXPECT_EQ(settings->monitoring_lines_file, "deploy/config/monitoring-lines.txt");
  EXPECT_EQ(settings->alerts.buffer_size, 256u);
}

TEST(MonitoringSettingsTest, AProvinceSetsItsOwnLimits) {
  absl::StatusOr<MonitoringSettings> settings = SettingsWith({
      {"RRMON_MONITORING_WORKFLOW_NOTICE_DAYS", "7"},
      {"RRMON_MONITORING_WORKFLOW_LIMIT_HOME_VERIFICATION", "48h"},
      {"RRMON_MONITORING_ELIMINATION_MIN_MONTHS_SUDDEN_HARDSHIP", "3"},
      {"RRMON_MONITORING_ELIMINATION_STABLE_MONTHS", "12"},
  });
  ASSERT_TRUE(settings.ok()) << settings.status();
  EXPECT_EQ(settings->workflow.notice_days, 7);
  EXPECT_EQ(settings->workflow.step_limits.at(v1::CASE_STEP_HOME_VERIFICATION), absl::Hours(48));
  EXPECT_EQ(settings->elimination.min_months_sudden_hardship, 3);
  EXPECT_EQ(settings->elimination.stable_months, 12);
}

TEST(MonitoringSettingsTest, BadValuesAreRefusedNamingTheKey) {
  EXPECT_THAT(Fields(SettingsWith({{"RRMON_MONITORING_WORKFLOW_NOTICE_DAYS", "0"}}).status()),
              ElementsAre("workflow"));
  const absl::Status negative =
      SettingsWith({{"RRMON_MONITORING_WORKFLOW_LIMIT_COUNTY_APPROVAL", "-1h"}}).status();
  EXPECT_THAT(Fields(negative), ElementsAre("workflow"));
  EXPECT_THAT(negative.message(), HasSubstr("COUNTY_APPROVAL"));
  EXPECT_THAT(Fields(SettingsWith({{"RRMON_MONITORING_ALERTS_BUFFER_SIZE", "0"}}).status()),
              ElementsAre("alerts.buffer_size"));
  EXPECT_THAT(
      Fields(SettingsWith({{"RRMON_MONITORING_ALERTS_OVERDUE_SCAN_INTERVAL", "0s"}}).status()),
      ElementsAre("alerts.overdue_scan_interval"));
  EXPECT_FALSE(SettingsWith({{"RRMON_MONITORING_ELIMINATION_STABLE_MONTHS", "six"}}).ok());
}

TEST(MonitoringSettingsTest, TheServerRefusesAMissingOrBadLinesFile) {
  rrmon::testing::TempDir dir;
  absl::StatusOr<MonitoringSettings> settings = SettingsWith({});
  ASSERT_TRUE(settings.ok());
  settings->server.grpc_listen = "127.0.0.1:0";
  settings->server.metrics_listen = "127.0.0.1:0";
  settings->sqlite.path = dir.File("monitoring.db");
  settings->redis_address.clear();
  settings->auth_public_key_file = dir.File("signing.pub");
  ASSERT_TRUE(auth::GenerateSigningKeyPair(dir.File("signing.key"), dir.File("signing.pub")).ok());
  FakeClock clock(absl::Now());

  settings->monitoring_lines_file = dir.File("missing.txt");
  absl::StatusOr<std::unique_ptr<MonitoringServer>> server =
      MonitoringServer::Create(*settings, clock);
  ASSERT_FALSE(server.ok());
  EXPECT_THAT(Fields(server.status()), ElementsAre("monitoring_line.file"));

  settings->monitoring_lines_file = dir.File("bad.txt");
  std::ofstream(settings->monitoring_lines_file) << "2026 65 7000\n2026 65 abc\n";
  server = MonitoringServer::Create(*settings, clock);
  ASSERT_FALSE(server.ok());
  EXPECT_THAT(Fields(server.status()), ElementsAre("monitoring_line.file"));
  EXPECT_THAT(server.status().message(), HasSubstr("line 2"));

  std::ofstream(settings->monitoring_lines_file) << "2026 65 7000\n";
  server = MonitoringServer::Create(*settings, clock);
  EXPECT_TRUE(server.ok()) << server.status();
}

}  // namespace
}  // namespace rrmon::monitoring

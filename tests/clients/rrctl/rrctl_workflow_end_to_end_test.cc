// The monitoring workflow through the real rrctl binary against the real monitoring
// service: a risk signal, the identification case step by step (the server's fake clock
// standing in for the five days of public notice), the assistance plan, income,
// guarantees, the assessment, the statistics and the alert stream.

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/time/civil_date.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/monitoring/monitoring_test_env.h"
#include "tests/support/http_get.h"
#include "tests/support/temp_dir.h"

#ifndef RRMON_RRCTL
#error "RRMON_RRCTL must name the rrctl binary"
#endif

namespace rrmon::monitoring::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kCounty[] = "654201";

class RrctlWorkflowEndToEndTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = MonitoringTestEnv::Start({.with_redis = false}); }

  // Tokens are valid for an hour of the server's clock: ask again after moving it.
  std::string Cadre() const { return env_->Token(Role::ROLE_VILLAGE_CADRE, kCounty, "tc-0042"); }
  std::string Township() const {
    return env_->Token(Role::ROLE_TOWNSHIP_OFFICER, kCounty, "tc-0101");
  }
  std::string County() const { return env_->Token(Role::ROLE_COUNTY_OFFICER, kCounty, "tc-0007"); }

  std::string Environment(const std::string& token) const {
    return absl::StrCat("RRMON_TOKEN='", token, "' RRMON_ADDRESS=", env_->server().grpc_address());
  }

  // Runs rrctl; `output` gets stdout and stderr together.
  int Rrctl(const std::string& token, const std::string& arguments, std::string* output) {
    return rrmon::testing::RunWithInput(
        absl::StrCat(Environment(token), " ", RRMON_RRCTL, " ", arguments), "", output);
  }

  std::string Today() const { return FormatDate(UtcDay(env_->clock().Now())); }
  std::string DaysFromToday(int days) const {
    return FormatDate(UtcDay(env_->clock().Now()) + days);
  }
  std::string MonthsAgo(int months) const {
    const absl::CivilMonth month = absl::CivilMonth(UtcDay(env_->clock().Now())) - months;
    return absl::FormatCivilTime(month);
  }

  v1::Household NewHousehold(int seed, bool anyone_can_work = true) {
    v1::CreateHouseholdRequest request;
    *request.mutable_household() = SampleHousehold(seed);
    if (!anyone_can_work) {
      for (auto& member : *request.mutable_household()->mutable_members()) {
        member.set_labour_capacity(v1::LABOUR_CAPACITY_LOST);
      }
    }
    v1::Household created;
    const grpc::Status status = env_->stub().CreateHousehold(
        env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  // The value of the "label:  value" line of a table output.
  static std::string Field(const std::string& output, const std::string& label) {
    for (absl::string_view line : absl::StrSplit(output, '\n')) {
      if (absl::ConsumePrefix(&line, label + ":"))
        return std::string(absl::StripAsciiWhitespace(line));
    }
    return "";
  }

  std::string ReportIllness(const std::string& household, const std::string& signal_id) {
    std::string out;
    EXPECT_EQ(Rrctl(Cadre(),
                    absl::StrCat("signal report ", household, " --signal-id ", signal_id,
                                 " --source department-alert --source-detail 塔城市医疗保障局 "
                                 "--risk-type illness --evidence '住院自付费用超过 3 万元' "
                                 "--occurred-date ",
                                 Today()),
                    &out),
              0)
        << out;
    return out;
  }

  // Runs `arguments` with `token` and returns the case's current step afterwards.
  std::string Decide(const std::string& token, const std::string& arguments) {
    std::string out;
    EXPECT_EQ(Rrctl(token, "case decide " + arguments, &out), 0) << out;
    return Field(out, "current step");
  }

  std::unique_ptr<MonitoringTestEnv> env_;
};

TEST_F(RrctlWorkflowEndToEndTest, SignalThenIdentificationStepByStep) {
  const v1::Household household = NewHousehold(1);
  std::string out = ReportIllness(household.name(), "medical-2026-001");
  const std::string case_name = Field(out, "case");
  ASSERT_THAT(case_name, HasSubstr(household.name() + "/cases/")) << out;
  EXPECT_EQ(Field(out, "risk types"), "illness");

  // The same signal again is stored once and points to the same case.
  EXPECT_EQ(Field(ReportIllness(household.name(), "medical-2026-001"), "case"), case_name);

  ASSERT_EQ(Rrctl(Cadre(), "case get " + case_name, &out), 0) << out;
  EXPECT_EQ(Field(out, "current step"), "HOME_VERIFICATION");
  EXPECT_EQ(Field(out, "kind"), "identification");
  EXPECT_THAT(out, HasSubstr("TIMELINE\n(no decision yet)\n"));

  ASSERT_EQ(Rrctl(Cadre(),
                  absl::StrCat("case decide ", case_name,
                               " --outcome completed --authorization-signed "
                               "--authorization-ref '额敏县档案 2026-017' --visit-date ",
                               Today()),
                  &out),
            0)
      << out;
  EXPECT_EQ(Field(out, "current step"), "DATA_MATCHING");
  EXPECT_THAT(out, HasSubstr("HOME_VERIFICATION  completed  tc-0042 (village_cadre)"));
  EXPECT_THAT(out, HasSubstr("authorisation signed, ref 额敏县档案 2026-017, visit " + Today()));

  // Data matching is the township's: the village cadre is refused (exit 5).
  EXPECT_EQ(
      Rrctl(Cadre(),
            absl::StrCat("case decide ", case_name, " --outcome completed --matched-source 医保"),
            &out),
      5)
      << out;
  EXPECT_THAT(out, HasSubstr("PERMISSION_DENIED"));
  ASSERT_EQ(Rrctl(Township(),
                  absl::StrCat("case decide ", case_name,
                               " --outcome completed --matched-source 医保 --matched-source 民政 "
                               "--findings 无异常"),
                  &out),
            0)
      << out;
  EXPECT_EQ(Field(out, "current step"), "VILLAGE_REVIEW");

  // The village returns the case; the township matches again.
  ASSERT_EQ(Rrctl(Cadre(),
                  absl::StrCat("case decide ", case_name,
                               " --outcome returned --reason '医保数据不全, 需重新比对'"),
                  &out),
            0)
      << out;
  EXPECT_EQ(Field(out, "current step"), "DATA_MATCHING");
  ASSERT_EQ(
      Rrctl(Township(),
            absl::StrCat("case decide ", case_name, " --outcome completed --matched-source 医保"),
            &out),
      0)
      << out;

  // The notice runs five days: concluding it on its first day is refused (exit 3) ...
  const std::string notice =
      absl::StrCat("case decide ", case_name, " --outcome completed --notice-start ", Today(),
                   " --notice-end ", DaysFromToday(4),
                   " --category unstable-alleviated --risk-type illness --primary-risk-type "
                   "illness");
  EXPECT_EQ(Rrctl(Cadre(), notice, &out), 3) << out;
  EXPECT_THAT(out, HasSubstr("FAILED_PRECONDITION"));
  EXPECT_THAT(out, HasSubstr("public_notice.end_date"));
  // ... and accepted once the days have passed.
  env_->clock().Advance(absl::Hours(24 * 5));
  ASSERT_EQ(Rrctl(Cadre(), notice, &out), 0) << out;
  EXPECT_EQ(Field(out, "current step"), "TOWNSHIP_REVIEW");

  ASSERT_EQ(
      Rrctl(Township(), absl::StrCat("case decide ", case_name, " --outcome completed"), &out), 0)
      << out;
  EXPECT_EQ(Field(out, "current step"), "COUNTY_APPROVAL");
  ASSERT_EQ(Rrctl(County(),
                  absl::StrCat("case decide ", case_name,
                               " --outcome completed --category unstable-alleviated "
                               "--risk-type illness --primary-risk-type illness"),
                  &out),
            0)
      << out;
  EXPECT_EQ(Field(out, "current step"), "APPROVED");
  EXPECT_NE(Field(out, "closed"), "-");

  // The whole timeline, in order.
  ASSERT_EQ(Rrctl(County(), "case get " + case_name, &out), 0) << out;
  std::vector<std::string> steps;
  bool in_timeline = false;
  for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
    if (line == "TIMELINE") {
      in_timeline = true;
      continue;
    }
    if (!in_timeline || absl::StartsWith(line, "TIME ")) continue;
    std::vector<std::string> columns = absl::StrSplit(line, "  ", absl::SkipWhitespace());
    ASSERT_GE(columns.size(), 3u) << line;
    steps.push_back(absl::StrCat(absl::StripAsciiWhitespace(columns[1]), " ",
                                 absl::StripAsciiWhitespace(columns[2])));
  }
  EXPECT_THAT(steps,
              ::testing::ElementsAre("HOME_VERIFICATION completed", "DATA_MATCHING completed",
                                     "VILLAGE_REVIEW returned", "DATA_MATCHING completed",
                                     "VILLAGE_REVIEW completed", "TOWNSHIP_REVIEW completed",
                                     "COUNTY_APPROVAL completed"))
      << out;
  EXPECT_THAT(out, HasSubstr("医保数据不全, 需重新比对"));
  EXPECT_THAT(out, HasSubstr(absl::StrCat("notice ", DaysFromToday(-5), " to ", DaysFromToday(-1),
                                          " (5 days), no objections")));

  ASSERT_EQ(Rrctl(County(), "--output json case get " + case_name, &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("\"step\": \"CASE_STEP_APPROVED\""));

  // Lists: by household and region-wide.
  ASSERT_EQ(Rrctl(County(), "case list " + household.name(), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr(case_name));
  EXPECT_THAT(out, HasSubstr("APPROVED"));
  ASSERT_EQ(Rrctl(County(), "case list --open --region 654201", &out), 0) << out;
  EXPECT_THAT(out, Not(HasSubstr(case_name)));
  ASSERT_EQ(Rrctl(County(), "signal list", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("medical-2026-001"));
  EXPECT_THAT(out, HasSubstr("department_alert (塔城市医疗保障局)"));
  ASSERT_EQ(Rrctl(County(), "signal list " + household.name() + " --all --page-size 1", &out), 0)
      << out;
  EXPECT_THAT(out, HasSubstr(case_name));

  // Elimination is refused for a household monitored since today: exit 3, each unmet
  // condition on its own line.
  EXPECT_EQ(Rrctl(Cadre(),
                  "case propose-elimination " + household.name() + " --reason '收入稳定超过监测线'",
                  &out),
            3)
      << out;
  EXPECT_THAT(out, HasSubstr("error: FAILED_PRECONDITION"));
  EXPECT_THAT(out, HasSubstr("\n  ELIMINATION_POLICY MONITORED_LONG_ENOUGH: "));
}

TEST_F(RrctlWorkflowEndToEndTest, EliminationOnceTheConditionsHold) {
  const v1::Household household = NewHousehold(6);
  const std::string case_name =
      Field(ReportIllness(household.name(), "medical-elimination-1"), "case");
  ASSERT_FALSE(case_name.empty());
  EXPECT_EQ(Decide(Cadre(), absl::StrCat(case_name,
                                         " --outcome completed --authorization-signed "
                                         "--authorization-ref A-1 --visit-date ",
                                         Today())),
            "DATA_MATCHING");
  EXPECT_EQ(Decide(Township(), case_name + " --outcome completed --matched-source 医保"),
            "VILLAGE_REVIEW");
  const std::string notice = absl::StrCat(" --outcome completed --notice-start ", Today(),
                                          " --notice-end ", DaysFromToday(4));
  env_->clock().Advance(absl::Hours(24 * 5));
  EXPECT_EQ(Decide(Cadre(), case_name + notice +
                                " --category marginal-at-risk --risk-type illness,accident "
                                "--primary-risk-type illness"),
            "TOWNSHIP_REVIEW");
  EXPECT_EQ(Decide(Township(), case_name + " --outcome completed"), "COUNTY_APPROVAL");
  EXPECT_EQ(Decide(County(), case_name + " --outcome completed --category marginal-at-risk "
                                         "--risk-type illness --risk-type accident "
                                         "--primary-risk-type illness"),
            "APPROVED");

  // Half a year of help later: work, steady income, every guarantee holds.
  env_->clock().Advance(absl::Hours(24 * 190));
  std::string out;
  ASSERT_EQ(Rrctl(Cadre(),
                  absl::StrCat("measure add ", household.name(),
                               " --type employment --description 公益性岗位转企业务工 "
                               "--unit 人社局 --person 王小明 --funds 0 --status in-effect "
                               "--start ",
                               DaysFromToday(-180)),
                  &out),
            0)
      << out;
  for (int months = 1; months <= 12; ++months) {
    ASSERT_EQ(Rrctl(Cadre(),
                    absl::StrCat("income set ", household.name(), " --month ", MonthsAgo(months),
                                 " --wage 6000"),
                    &out),
              0)
        << out;
  }
  ASSERT_EQ(Rrctl(Cadre(),
                  absl::StrCat("guarantees set ", household.name(),
                               " --food yes --clothing yes --schooling yes "
                               "--medical yes --water yes --housing-grade B "
                               "--checked-date ",
                               Today()),
                  &out),
            0)
      << out;

  ASSERT_EQ(
      Rrctl(Cadre(), "case propose-elimination " + household.name() + " --reason '务工收入稳定'",
            &out),
      0)
      << out;
  const std::string elimination = Field(out, "case");
  EXPECT_EQ(Field(out, "current step"), "ELIMINATION_PROPOSAL");
  EXPECT_EQ(Decide(Cadre(), elimination + " --outcome completed"), "ELIMINATION_VILLAGE_REVIEW");
  const std::string elimination_notice = absl::StrCat(" --outcome completed --notice-start ",
                                                      Today(), " --notice-end ", DaysFromToday(4));
  env_->clock().Advance(absl::Hours(24 * 5));
  EXPECT_EQ(Decide(Cadre(), elimination + elimination_notice), "ELIMINATION_TOWNSHIP_CHECK");
  EXPECT_EQ(Decide(Township(), elimination + " --outcome completed"),
            "ELIMINATION_COUNTY_APPROVAL");
  EXPECT_EQ(Decide(County(), elimination + " --outcome completed"), "APPROVED");

  ASSERT_EQ(Rrctl(County(), "stats --region 654201", &out), 0) << out;
  EXPECT_EQ(Field(out, "total"), "1") << out;
  EXPECT_THAT(out, HasSubstr("risk_eliminated"));
}

TEST_F(RrctlWorkflowEndToEndTest, MeasuresWarnWhenNobodyCanWork) {
  const v1::Household household = NewHousehold(2, /*anyone_can_work=*/false);
  std::string out;
  ASSERT_EQ(Rrctl(Cadre(),
                  absl::StrCat("measure add ", household.name(),
                               " --type industry --description '庭院种植: 蔬菜大棚一座' "
                               "--unit 阿西尔乡农业站 --person 王小明 --funds 1500.5 --start ",
                               Today()),
                  &out),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr("funds (yuan):        1500.50"));
  EXPECT_THAT(out, HasSubstr("status:              planned"));
  EXPECT_THAT(out, HasSubstr("\nwarning: ")) << "no one can work: advice on stderr";
  const std::string measure = Field(out, "name");
  ASSERT_THAT(measure, HasSubstr(household.name() + "/measures/"));
  const std::string etag = Field(out, "etag");

  ASSERT_EQ(Rrctl(Cadre(), "measure list " + household.name(), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr(measure));
  EXPECT_THAT(out, HasSubstr("1500.50"));
  EXPECT_THAT(out, HasSubstr("warning: "));
  ASSERT_EQ(Rrctl(County(), "measure list --type industry --region 654201", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr(measure));

  ASSERT_EQ(Rrctl(Cadre(), "measure get " + measure, &out), 0) << out;
  EXPECT_EQ(Field(out, "description"), "庭院种植: 蔬菜大棚一座");

  ASSERT_EQ(Rrctl(Cadre(),
                  absl::StrCat("measure update ", measure,
                               " --status in-effect --funds 2000 --etag ", etag, " --reason 开工"),
                  &out),
            0)
      << out;
  EXPECT_EQ(Field(out, "status"), "in_effect");
  EXPECT_EQ(Field(out, "funds (yuan)"), "2000.00");
  // The old etag no longer matches: ABORTED, exit 3.
  EXPECT_EQ(Rrctl(Cadre(), absl::StrCat("measure update ", measure, " --status done --etag ", etag),
                  &out),
            3)
      << out;

  // Social assistance answers the main warning.
  ASSERT_EQ(Rrctl(Cadre(),
                  absl::StrCat("measure add ", household.name(),
                               " --type social-assistance --description 纳入低保 --unit 民政所 "
                               "--person 李四 --funds 4800 --status in-effect --start ",
                               Today()),
                  &out),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr("type:                social_assistance"));
}

TEST_F(RrctlWorkflowEndToEndTest, IncomeGuaranteesAndAssessment) {
  const v1::Household household = NewHousehold(3);
  std::string out;
  ASSERT_EQ(Rrctl(Cadre(),
                  absl::StrCat("income set ", household.name(), " --month ", MonthsAgo(1),
                               " --wage 300 --transfer 50.5 --unavoidable-spending 20 "
                               "--note 打零工"),
                  &out),
            0)
      << out;
  EXPECT_EQ(Field(out, "wage (yuan)"), "300.00");
  EXPECT_EQ(Field(out, "transfer (yuan)"), "50.50");
  EXPECT_EQ(Field(out, "operating (yuan)"), "0.00");
  ASSERT_EQ(
      Rrctl(Cadre(),
            absl::StrCat("income set ", household.name(), " --month ", MonthsAgo(2), " --wage 280"),
            &out),
      0)
      << out;
  ASSERT_EQ(Rrctl(Cadre(), absl::StrCat("income list ", household.name(), " --from ", MonthsAgo(2)),
                  &out),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr(MonthsAgo(2) + "  280.00"));
  EXPECT_THAT(out, HasSubstr(MonthsAgo(1) + "  300.00"));
  EXPECT_LT(out.find(MonthsAgo(2)), out.find(MonthsAgo(1))) << "oldest month first";

  ASSERT_EQ(Rrctl(Cadre(),
                  absl::StrCat("guarantees set ", household.name(),
                               " --food yes --clothing yes --schooling yes --medical yes "
                               "--water yes --housing-grade C --note-housing 墙体开裂 "
                               "--checked-date ",
                               Today(), " --reason 年度排查"),
                  &out),
            0)
      << out;
  EXPECT_THAT(out, HasSubstr("NO (grade C)"));
  ASSERT_EQ(Rrctl(Cadre(), "guarantees get " + household.name(), &out), 0) << out;
  EXPECT_EQ(Field(out, "checked"), Today());
  EXPECT_THAT(out, HasSubstr("墙体开裂"));

  ASSERT_EQ(Rrctl(Cadre(), "assess " + household.name(), &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("FACTOR"));
  EXPECT_THAT(out, HasSubstr("declared"));
  EXPECT_EQ(Field(out, "household size"), "2");
  EXPECT_THAT(Field(out, "monitoring line"), HasSubstr("(region 6542, "));
  EXPECT_EQ(Field(out, "result"), "AT RISK");
  EXPECT_THAT(Field(out, "findings"), HasSubstr("income_below_line"));
  EXPECT_THAT(Field(out, "findings"), HasSubstr("housing"));
}

TEST_F(RrctlWorkflowEndToEndTest, Statistics) {
  const v1::Household household = NewHousehold(4);
  ReportIllness(household.name(), "medical-stats-1");
  std::string out;
  ASSERT_EQ(Rrctl(County(), "stats --region 654201", &out), 0) << out;
  EXPECT_EQ(Field(out, "region"), "654201");
  EXPECT_EQ(Field(out, "as of"), Today());
  EXPECT_EQ(Field(out, "registered"), "1 households, 2 people");
  EXPECT_EQ(Field(out, "monitored (三类户)"), "0 households, 0 people");
  EXPECT_THAT(out, HasSubstr("HOUSEHOLDS BY STATUS"));
  EXPECT_THAT(out, HasSubstr("under_identification"));
  EXPECT_THAT(out, HasSubstr("OPEN CASES BY STEP"));
  EXPECT_THAT(out, HasSubstr("HOME_VERIFICATION"));
  EXPECT_THAT(out, HasSubstr("ELIMINATIONS"));

  ASSERT_EQ(Rrctl(County(), "--output json stats", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("\"monitored_measures\""));
}

TEST_F(RrctlWorkflowEndToEndTest, AlertsWatchPrintsSignalsUntilStopped) {
  const v1::Household household = NewHousehold(5);
  rrmon::testing::TempDir dir;
  const std::string watched = dir.File("watch.out");
  // The watch runs in the background; signals are reported until one shows up (the first
  // may come before the stream is open), then the watch is stopped with SIGTERM.
  const std::string report = absl::StrCat(
      Environment(Cadre()), " ", RRMON_RRCTL, " signal report ", household.name(),
      " --signal-id watch-$i --source cadre-visit --risk-type accident --evidence 车祸 "
      "--occurred-date ",
      Today(), " >/dev/null 2>&1");
  const std::string script = absl::StrCat(
      "(\n", Environment(County()), " ", RRMON_RRCTL, " alerts watch --region 654201 >'", watched,
      "' 2>&1 & watch=$!\n", "for i in $(seq 1 50); do\n", "  ", report, "\n",
      "  sleep 0.2; grep -q risk_signal '", watched, "' && break\n", "done\n",
      "kill -TERM $watch; wait $watch; echo \"watch exit $?\"\n)");
  std::string out;
  ASSERT_EQ(rrmon::testing::RunWithInput(script, "", &out), 0) << out;
  EXPECT_THAT(out, HasSubstr("watch exit 0"));
  std::string lines;
  ASSERT_EQ(rrmon::testing::RunWithInput(absl::StrCat("cat '", watched, "'"), "", &lines), 0);
  EXPECT_THAT(lines,
              HasSubstr("risk_signal  " + household.name() + " (654201001001)  signal watch-"))
      << lines;
}

}  // namespace
}  // namespace rrmon::monitoring::testing

#include "clients/rrctl/stats_commands.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_split.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Lines(const std::string& text) { return absl::StrSplit(text, '\n'); }

void SetCount(monitoring::HouseholdCount* count, int64_t households, int64_t people) {
  count->set_households(households);
  count->set_people(people);
}

// The Tacheng figures of 2022: 244 households, 748 people under assistance, 1,149 measures.
monitoring::MonitoringStatistics Tacheng() {
  monitoring::MonitoringStatistics statistics;
  statistics.set_region_prefix("6542");
  statistics.set_as_of_date("2022-12-31");
  SetCount(statistics.mutable_registered(), 30512, 101233);
  SetCount(statistics.mutable_monitored(), 244, 748);
  auto* unstable = statistics.add_monitored_by_category();
  unstable->set_category(monitoring::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED);
  SetCount(unstable->mutable_count(), 120, 371);
  auto* marginal = statistics.add_monitored_by_category();
  marginal->set_category(monitoring::MONITORING_CATEGORY_MARGINAL_AT_RISK);
  SetCount(marginal->mutable_count(), 124, 377);
  auto* monitored = statistics.add_by_status();
  monitored->set_status(monitoring::HOUSEHOLD_STATUS_MONITORED);
  SetCount(monitored->mutable_count(), 244, 748);
  auto* illness = statistics.add_monitored_by_primary_risk_type();
  illness->set_risk_type(monitoring::RISK_TYPE_ILLNESS);
  SetCount(illness->mutable_count(), 244, 748);
  statistics.set_monitored_measures(1149);
  auto* industry = statistics.add_measures_by_type();
  industry->set_type(monitoring::MEASURE_TYPE_INDUSTRY);
  industry->set_measures(1000);
  industry->set_funds_fen(1234567890);
  auto* medical = statistics.add_measures_by_type();
  medical->set_type(monitoring::MEASURE_TYPE_MEDICAL);
  medical->set_measures(149);
  medical->set_funds_fen(5);
  auto* in_effect = statistics.add_measures_by_status();
  in_effect->set_status(monitoring::MEASURE_STATUS_IN_EFFECT);
  in_effect->set_measures(1149);
  auto* home = statistics.add_open_cases_by_step();
  home->set_step(monitoring::CASE_STEP_HOME_VERIFICATION);
  home->set_cases(12);
  home->set_overdue(2);
  statistics.set_overdue_cases(2);
  statistics.set_eliminations(31);
  statistics.set_eliminations_this_year(7);
  return statistics;
}

TEST(StatisticsOutputTest, EverySectionInOrder) {
  EXPECT_THAT(
      Lines(FormatStatistics(Tacheng())),
      ElementsAre(
          "region:              6542", "as of:               2022-12-31",
          "registered:          30512 households, 101233 people",
          "monitored (三类户):  244 households, 748 people", "computed:            -", "",
          "MONITORED BY CATEGORY", "CATEGORY             HOUSEHOLDS  PEOPLE",
          "unstable_alleviated         120     371", "marginal_at_risk            124     377", "",
          "HOUSEHOLDS BY STATUS", "STATUS     HOUSEHOLDS  PEOPLE", "monitored         244     748",
          "", "MONITORED BY PRIMARY RISK TYPE", "RISK TYPE  HOUSEHOLDS  PEOPLE",
          "illness           244     748", "", "MEASURES",
          "of monitored households (一户一策):  1149", "", "MEASURES BY TYPE (cancelled excluded)",
          "TYPE      MEASURES  FUNDS (YUAN)", "industry      1000   12345678.90",
          "medical        149          0.05", "", "MEASURES BY STATUS", "STATUS     MEASURES",
          "in_effect      1149", "", "OPEN CASES BY STEP", "STEP               OPEN  OVERDUE",
          "HOME_VERIFICATION    12        2", "overdue cases:  2", "", "ELIMINATIONS (风险消除)",
          "total:      31", "this year:  7", ""));
}

TEST(StatisticsOutputTest, AreasOneLevelDownAfterTheTotals) {
  monitoring::MonitoringStatistics statistics = Tacheng();
  auto* tacheng = statistics.add_by_area();
  tacheng->set_region_prefix("654201");
  SetCount(tacheng->mutable_registered(), 10000, 33000);
  SetCount(tacheng->mutable_monitored(), 100, 300);
  tacheng->set_monitored_measures(470);
  tacheng->set_open_cases(5);
  tacheng->set_overdue_cases(1);
  tacheng->set_eliminations(12);
  auto* emin = statistics.add_by_area();
  emin->set_region_prefix("654221");
  SetCount(emin->mutable_monitored(), 144, 448);
  const std::string text = FormatStatistics(statistics);
  EXPECT_THAT(text, HasSubstr("this year:  7\n\nBY AREA\n"
                              "AREA    REGISTERED  MONITORED  PEOPLE  MEASURES  OPEN CASES  OVERDUE"
                              "  ELIMINATED\n"
                              "654201       10000        100     300       470           5        1"
                              "          12\n"
                              "654221           0        144     448         0           0        0"
                              "           0\n"));
}

TEST(StatisticsOutputTest, WithheldCellsSaySoRatherThanZero) {
  monitoring::MonitoringStatistics statistics;
  statistics.set_min_cell_size(5);
  statistics.mutable_monitored()->set_suppressed(true);
  auto* illness = statistics.add_monitored_by_primary_risk_type();
  illness->set_risk_type(monitoring::RISK_TYPE_ILLNESS);
  illness->mutable_count()->set_suppressed(true);
  const std::string text = FormatStatistics(statistics);
  EXPECT_THAT(text, HasSubstr("monitored (三类户):  withheld (too few households to show)\n"));
  EXPECT_THAT(text, HasSubstr("illness      withheld  withheld\n"));
}

TEST(StatisticsOutputTest, EmptySectionsSayNone) {
  monitoring::MonitoringStatistics empty;
  const std::string text = FormatStatistics(empty);
  EXPECT_THAT(text, HasSubstr("region:              - (your whole region)\n"));
  EXPECT_THAT(text, HasSubstr("MONITORED BY CATEGORY\n(none)\n"));
  EXPECT_THAT(text, HasSubstr("OPEN CASES BY STEP\n(none)\noverdue cases:  0\n"));
}

TEST(StatisticsRequestTest, RegionAndDay) {
  auto request = BuildGetMonitoringStatisticsRequest(" 6542 ", "2022-12-31");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->region_prefix(), "6542");
  EXPECT_EQ(request->as_of_date(), "2022-12-31");
  EXPECT_FALSE(BuildGetMonitoringStatisticsRequest("", "2022").ok());
}

}  // namespace
}  // namespace rrmon::rrctl

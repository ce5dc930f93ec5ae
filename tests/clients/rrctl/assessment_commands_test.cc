#include "clients/rrctl/assessment_commands.h"

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

void SetFactor(monitoring::IncomeFactor* factor, int64_t fen, monitoring::IncomeSource source) {
  factor->set_amount_fen(fen);
  factor->set_source(source);
}

monitoring::Assessment AtRisk() {
  monitoring::Assessment assessment;
  assessment.set_household("households/h1");
  assessment.set_as_of_date("2026-11-25");
  assessment.set_period_start_month("2025-11");
  assessment.set_period_end_month("2026-10");
  SetFactor(assessment.mutable_wage_income(), 1200000,
            monitoring::INCOME_SOURCE_EMPLOYMENT_SERVICE);
  SetFactor(assessment.mutable_operating_income(), 300050,
            monitoring::INCOME_SOURCE_COURTYARD_SERVICE);
  SetFactor(assessment.mutable_property_income(), 0, monitoring::INCOME_SOURCE_DECLARED);
  SetFactor(assessment.mutable_transfer_income(), 120000, monitoring::INCOME_SOURCE_DECLARED);
  SetFactor(assessment.mutable_operating_expenses(), 100000, monitoring::INCOME_SOURCE_DECLARED);
  SetFactor(assessment.mutable_unavoidable_spending(), 500000, monitoring::INCOME_SOURCE_DECLARED);
  assessment.set_household_size(3);
  assessment.set_per_capita_net_income_fen(340016);
  assessment.set_monitoring_line_fen(730000);
  assessment.set_monitoring_line_region("6542");
  assessment.set_monitoring_line_year(2026);
  assessment.set_at_risk(true);
  assessment.add_findings(monitoring::RISK_FINDING_INCOME_BELOW_LINE);
  assessment.add_findings(monitoring::RISK_FINDING_HOUSING);
  return assessment;
}

TEST(AssessmentOutputTest, FactorsWithSourcesThenIncomeAgainstTheLine) {
  EXPECT_THAT(Lines(FormatAssessment(AtRisk())),
              ElementsAre("household:  households/h1",
                          "as of:      2026-11-25 (income of 2025-11 to 2026-10)", "",
                          "FACTOR                             YUAN  SOURCE",
                          "wage income (工资性)           12000.00  employment service",
                          "operating income (生产经营性)   3000.50  courtyard service",
                          "property income (财产性)           0.00  declared",
                          "transfer income (转移性)        1200.00  declared",
                          "operating expenses (−)          1000.00  declared",
                          "unavoidable spending (−)        5000.00  declared", "",
                          "household size:         3",
                          "per-capita net income:  3400.16 yuan a year, BELOW the line",
                          "monitoring line:        7300.00 yuan (region 6542, 2026)",
                          "result:                 AT RISK",
                          "findings:               income_below_line, housing", ""));
}

TEST(AssessmentOutputTest, NotAtRisk) {
  monitoring::Assessment assessment = AtRisk();
  assessment.set_per_capita_net_income_fen(730000);
  assessment.set_at_risk(false);
  assessment.clear_findings();
  const std::string text = FormatAssessment(assessment);
  EXPECT_THAT(text,
              HasSubstr("per-capita net income:  7300.00 yuan a year, at or above the line\n"));
  EXPECT_THAT(text, HasSubstr("result:                 not at risk\n"));
  EXPECT_THAT(text, HasSubstr("findings:               -\n"));
}

TEST(AssessHouseholdRequestTest, NameAndOptionalDay) {
  auto request = BuildAssessHouseholdRequest("h1", "");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->name(), "households/h1");
  EXPECT_EQ(request->as_of_date(), "");
  EXPECT_EQ(BuildAssessHouseholdRequest("households/h1", "2026-06-30")->as_of_date(), "2026-06-30");
  EXPECT_THAT(std::string(BuildAssessHouseholdRequest("h1", "30/06/2026").status().message()),
              HasSubstr("--as-of"));
}

}  // namespace
}  // namespace rrmon::rrctl

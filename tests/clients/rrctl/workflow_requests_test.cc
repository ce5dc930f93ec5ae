// Flags -> requests of the signal, income and guarantee commands.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "clients/rrctl/guarantee_commands.h"
#include "clients/rrctl/income_commands.h"
#include "clients/rrctl/signal_commands.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

std::vector<std::string> Lines(const std::string& text) { return absl::StrSplit(text, '\n'); }

template <typename T>
std::string ErrorOf(const absl::StatusOr<T>& result) {
  EXPECT_FALSE(result.ok());
  if (result.ok()) return "";
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(result.status().message());
}

ReportSignalFlags Report() {
  ReportSignalFlags flags;
  flags.household = "h1";
  flags.signal_id = "medical-2026-001";
  flags.source = "department-alert";
  flags.source_detail = "塔城市医疗保障局";
  flags.risk_types = {"illness", "schooling_costs"};
  flags.evidence = "住院自付费用超过 3 万元";
  flags.occurred_date = "2026-11-20";
  return flags;
}

TEST(ReportSignalRequestTest, FromFlags) {
  auto request = BuildReportRiskSignalRequest(Report());
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->parent(), "households/h1");
  const monitoring::RiskSignal& signal = request->risk_signal();
  EXPECT_EQ(signal.signal_id(), "medical-2026-001");
  EXPECT_EQ(signal.source(), monitoring::SIGNAL_SOURCE_DEPARTMENT_ALERT);
  EXPECT_EQ(signal.source_detail(), "塔城市医疗保障局");
  EXPECT_THAT(signal.risk_types(),
              ElementsAre(monitoring::RISK_TYPE_ILLNESS, monitoring::RISK_TYPE_SCHOOLING_COSTS));
  EXPECT_EQ(signal.evidence(), "住院自付费用超过 3 万元");
  EXPECT_EQ(signal.occurred_date(), "2026-11-20");
}

TEST(ReportSignalRequestTest, LocalMistakes) {
  ReportSignalFlags flags = Report();
  flags.signal_id = " ";
  EXPECT_THAT(ErrorOf(BuildReportRiskSignalRequest(flags)), HasSubstr("--signal-id"));
  flags = Report();
  flags.source = "rumour";
  EXPECT_THAT(ErrorOf(BuildReportRiskSignalRequest(flags)),
              HasSubstr("allowed: self_report, cadre_visit, department_alert, peer_service"));
  flags = Report();
  flags.risk_types.clear();
  EXPECT_THAT(ErrorOf(BuildReportRiskSignalRequest(flags)), HasSubstr("--risk-type"));
  flags = Report();
  flags.occurred_date = "20.11.2026";
  EXPECT_THAT(ErrorOf(BuildReportRiskSignalRequest(flags)), HasSubstr("--occurred-date"));
}

TEST(ListSignalsRequestTest, EveryHouseholdOrOne) {
  ListOptions options;
  options.region = "654201";
  options.page_size = 20;
  options.page_token = "next";
  auto request = BuildListRiskSignalsRequest(options);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->parent(), "households/-");
  EXPECT_EQ(request->region_prefix(), "654201");
  EXPECT_EQ(request->page_size(), 20);
  EXPECT_EQ(request->page_token(), "next");
  options = {};
  options.household = "households/h1";
  EXPECT_EQ(BuildListRiskSignalsRequest(options)->parent(), "households/h1");
  options.household = "h1/members/m1";
  EXPECT_THAT(ErrorOf(BuildListRiskSignalsRequest(options)), HasSubstr("not a household name"));
}

TEST(SignalOutputTest, FieldsAndList) {
  monitoring::RiskSignal signal = BuildReportRiskSignalRequest(Report())->risk_signal();
  signal.set_name("households/h1/riskSignals/medical-2026-001");
  signal.set_case_("households/h1/cases/c1");
  signal.set_reporter("tc-0042");
  signal.mutable_create_time()->set_seconds(1795595400);  // 2026-11-25 08:30Z
  const std::string text = FormatRiskSignal(signal);
  EXPECT_THAT(text, HasSubstr("source:      department_alert (塔城市医疗保障局)\n"));
  EXPECT_THAT(text, HasSubstr("risk types:  illness, schooling_costs\n"));
  EXPECT_THAT(text, HasSubstr("case:        households/h1/cases/c1\n"));
  EXPECT_THAT(text, HasSubstr("reported:    2026-11-25 08:30Z\n"));

  monitoring::ListRiskSignalsResponse list;
  *list.add_risk_signals() = signal;
  EXPECT_THAT(Lines(FormatRiskSignalList(list)),
              ElementsAre("SIGNAL            HOUSEHOLD      SOURCE                               "
                          "RISK TYPES                OCCURRED    REPORTED           CASE",
                          "medical-2026-001  households/h1  department_alert (塔城市医疗保障局)  "
                          "illness, schooling_costs  2026-11-20  2026-11-25 08:30Z  "
                          "households/h1/cases/c1",
                          ""));
}

TEST(IncomeRequestTest, FiguresNotGivenAreZero) {
  SetIncomeFlags flags;
  flags.household = "h1";
  flags.month = "2026-10";
  flags.wage = "2500";
  flags.transfer = "310.5";
  flags.unavoidable_spending = "0.99";
  flags.note = "打零工";
  auto request = BuildSetIncomeRecordRequest(flags);
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->parent(), "households/h1");
  const monitoring::IncomeRecord& record = request->income_record();
  EXPECT_EQ(record.month(), "2026-10");
  EXPECT_EQ(record.wage_income_fen(), 250000);
  EXPECT_EQ(record.operating_income_fen(), 0);
  EXPECT_EQ(record.property_income_fen(), 0);
  EXPECT_EQ(record.transfer_income_fen(), 31050);
  EXPECT_EQ(record.operating_expenses_fen(), 0);
  EXPECT_EQ(record.unavoidable_spending_fen(), 99);
  EXPECT_EQ(record.note(), "打零工");

  flags.operating_expenses = "-5";
  EXPECT_THAT(ErrorOf(BuildSetIncomeRecordRequest(flags)),
              HasSubstr("--operating-expenses: \"-5\" must not be negative"));
  flags.operating_expenses.reset();
  flags.month = "2026-10-01";
  EXPECT_THAT(ErrorOf(BuildSetIncomeRecordRequest(flags)), HasSubstr("--month"));

  ListIncomeFlags list{"h1", "2025-11", ""};
  auto list_request = BuildListIncomeRecordsRequest(list);
  ASSERT_TRUE(list_request.ok()) << list_request.status();
  EXPECT_EQ(list_request->start_month(), "2025-11");
  EXPECT_EQ(list_request->end_month(), "");
  list.to_month = "2026";
  EXPECT_THAT(ErrorOf(BuildListIncomeRecordsRequest(list)), HasSubstr("--to"));
}

TEST(IncomeOutputTest, MonthsInYuan) {
  monitoring::ListIncomeRecordsResponse response;
  EXPECT_EQ(FormatIncomeRecordList(response), "no income records\n");
  monitoring::IncomeRecord& record = *response.add_income_records();
  record.set_month("2026-10");
  record.set_wage_income_fen(250000);
  record.set_transfer_income_fen(31050);
  record.set_etag("1");
  EXPECT_THAT(Lines(FormatIncomeRecordList(response)),
              ElementsAre("figures in yuan",
                          "MONTH       WAGE  OPERATING  PROPERTY  TRANSFER  OP. EXPENSES  "
                          "UNAVOIDABLE  ETAG  NOTE",
                          "2026-10  2500.00       0.00      0.00    310.50          0.00  "
                          "       0.00  1     -",
                          ""));
}

SetGuaranteesFlags Guarantees() {
  SetGuaranteesFlags flags;
  flags.household = "h1";
  flags.food = "yes";
  flags.clothing = "Yes";
  flags.schooling = "no";
  flags.medical = "yes";
  flags.water = "yes";
  flags.housing_grade = "C";
  flags.checked_date = "2026-11-20";
  flags.note_schooling = "次子辍学";
  flags.note_housing = "墙体开裂";
  flags.etag = "2";
  flags.reason = "年度排查";
  return flags;
}

TEST(GuaranteesRequestTest, WholeCheckWithTheGuaranteesName) {
  auto get = BuildGetGuaranteesRequest("h1");
  ASSERT_TRUE(get.ok()) << get.status();
  EXPECT_EQ(get->name(), "households/h1/guarantees");

  auto request = BuildUpdateGuaranteesRequest(Guarantees());
  ASSERT_TRUE(request.ok()) << request.status();
  const monitoring::Guarantees& guarantees = request->guarantees();
  EXPECT_EQ(guarantees.name(), "households/h1/guarantees");
  EXPECT_TRUE(guarantees.food().holds());
  EXPECT_TRUE(guarantees.clothing().holds());
  EXPECT_FALSE(guarantees.compulsory_schooling().holds());
  EXPECT_EQ(guarantees.compulsory_schooling().note(), "次子辍学");
  EXPECT_TRUE(guarantees.basic_medical().holds());
  EXPECT_TRUE(guarantees.drinking_water().holds());
  EXPECT_EQ(guarantees.housing_grade(), monitoring::HOUSING_SAFETY_GRADE_C);
  EXPECT_EQ(guarantees.housing_note(), "墙体开裂");
  EXPECT_EQ(guarantees.checked_date(), "2026-11-20");
  EXPECT_EQ(guarantees.etag(), "2");
  EXPECT_EQ(request->reason(), "年度排查");

  SetGuaranteesFlags flags = Guarantees();
  flags.water = "maybe";
  EXPECT_THAT(ErrorOf(BuildUpdateGuaranteesRequest(flags)),
              HasSubstr("--water: \"maybe\" is neither yes nor no"));
  flags = Guarantees();
  flags.housing_grade = "E";
  EXPECT_THAT(ErrorOf(BuildUpdateGuaranteesRequest(flags)), HasSubstr("allowed: a, b, c, d"));
}

TEST(GuaranteesOutputTest, OneRowPerGuarantee) {
  monitoring::Guarantees guarantees = BuildUpdateGuaranteesRequest(Guarantees())->guarantees();
  EXPECT_THAT(Lines(FormatGuarantees(guarantees)),
              ElementsAre("name:     households/h1/guarantees", "checked:  2026-11-20",
                          "etag:     2", "", "GUARANTEE                        HOLDS         NOTE",
                          "food (不愁吃)                    yes           -",
                          "clothing (不愁穿)                yes           -",
                          "compulsory schooling (义务教育)  NO            次子辍学",
                          "basic medical (基本医疗)         yes           -",
                          "safe housing (住房安全)          NO (grade C)  墙体开裂",
                          "drinking water (饮水安全)        yes           -", ""));
}

}  // namespace
}  // namespace rrmon::rrctl

#include "services/monitoring/domain/income_assessment.h"

#include <limits>
#include <string>

#include "common/status/status_details.h"
#include "common/validation/money.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace rrmon::monitoring {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

const absl::CivilDay kAsOf(2026, 11, 24);
const absl::Time kNow = absl::FromUnixSeconds(1795500000) + absl::Milliseconds(250);
const MonitoringLine kLine{"6542", 2026, 800000};  // 8,000 yuan

v1::HouseholdMember Member(v1::LabourCapacity capacity) {
  v1::HouseholdMember member;
  member.set_labour_capacity(capacity);
  return member;
}

// Three people share the household; a son working in Urumqi is registered but does not.
v1::Household Household() {
  v1::Household household;
  household.set_name("households/h1");
  household.set_region_code("654221100201");
  *household.add_members() = Member(v1::LABOUR_CAPACITY_ORDINARY);
  *household.add_members() = Member(v1::LABOUR_CAPACITY_WEAK_OR_PARTIAL);
  v1::HouseholdMember away = Member(v1::LABOUR_CAPACITY_SKILLED);
  away.set_shares_household(false);
  *household.add_members() = away;
  v1::HouseholdMember child = Member(v1::LABOUR_CAPACITY_NONE);
  child.set_shares_household(true);
  *household.add_members() = child;
  return household;
}

v1::IncomeRecord Record(const std::string& month, int64_t wage, int64_t operating = 0,
                        int64_t property = 0, int64_t transfer = 0, int64_t expenses = 0,
                        int64_t spending = 0) {
  v1::IncomeRecord record;
  record.set_month(month);
  record.set_wage_income_fen(wage);
  record.set_operating_income_fen(operating);
  record.set_property_income_fen(property);
  record.set_transfer_income_fen(transfer);
  record.set_operating_expenses_fen(expenses);
  record.set_unavoidable_spending_fen(spending);
  return record;
}

v1::GuaranteeCheck Holds(bool holds) {
  v1::GuaranteeCheck check;
  check.set_holds(holds);
  return check;
}

v1::Guarantees AllHold() {
  v1::Guarantees guarantees;
  *guarantees.mutable_food() = Holds(true);
  *guarantees.mutable_clothing() = Holds(true);
  *guarantees.mutable_compulsory_schooling() = Holds(true);
  *guarantees.mutable_basic_medical() = Holds(true);
  *guarantees.mutable_drinking_water() = Holds(true);
  guarantees.set_housing_grade(v1::HOUSING_SAFETY_GRADE_A);
  return guarantees;
}

std::vector<int> Findings(const v1::Assessment& assessment) {
  return {assessment.findings().begin(), assessment.findings().end()};
}

TEST(RollingYearTest, TwelveFullMonthsBeforeTheMonthOfAsOf) {
  const AssessmentPeriod period = RollingYearBefore(kAsOf);
  EXPECT_EQ(period.first, absl::CivilMonth(2025, 11));
  EXPECT_EQ(period.last, absl::CivilMonth(2026, 10));
  const AssessmentPeriod first_day = RollingYearBefore(absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(first_day.first, absl::CivilMonth(2025, 1));
  EXPECT_EQ(first_day.last, absl::CivilMonth(2025, 12));
  const AssessmentPeriod ending = RollingYearEndingWith(absl::CivilMonth(2026, 2));
  EXPECT_EQ(ending.first, absl::CivilMonth(2025, 3));
  EXPECT_EQ(ending.last, absl::CivilMonth(2026, 2));
}

TEST(MonthTest, ParsesAndFormatsStrictYearMonth) {
  absl::StatusOr<absl::CivilMonth> month = ParseMonth("2026-03", "month");
  ASSERT_TRUE(month.ok());
  EXPECT_EQ(*month, absl::CivilMonth(2026, 3));
  EXPECT_EQ(FormatMonth(absl::CivilMonth(2026, 3)), "2026-03");
  for (const char* bad : {"2026-3", "2026-13", "2026-00", "26-03", "2026/03", "2026-03-01",
                          "1899-12", "", "2026-0a"}) {
    EXPECT_EQ(ParseMonth(bad, "month").status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(HouseholdSizeTest, CountsMembersSharingTheHousehold) {
  EXPECT_EQ(AssessedHouseholdSize(Household()), 3);
  v1::Household stored = Household();
  stored.set_household_size(5);  // set by the registry: it wins
  EXPECT_EQ(AssessedHouseholdSize(stored), 5);
  EXPECT_EQ(AssessedHouseholdSize(v1::Household()), 1);
}

// Every component in play: two months in the period, one on each side of it.
TEST(AssessTest, WorkedExampleWithEveryComponent) {
  const std::vector<v1::IncomeRecord> declared = {
      Record("2025-10", 9'000'000, 9'000'000),  // before the period
      Record("2025-12", 1'200'000, 300'000, 50'000, 120'000, 100'000, 70'001),
      Record("2026-10", 600'000, 0, 0, 30'000, 0, 0),
      Record("2026-11", 9'000'000, 9'000'000),  // as_of's month: not complete, not counted
  };
  const v1::Assessment assessment =
      Assess(Household(), declared, PeerIncome{}, AllHold(), kLine, kAsOf, kNow);

  EXPECT_EQ(assessment.household(), "households/h1");
  EXPECT_EQ(assessment.as_of_date(), "2026-11-24");
  EXPECT_EQ(assessment.period_start_month(), "2025-11");
  EXPECT_EQ(assessment.period_end_month(), "2026-10");
  EXPECT_EQ(assessment.wage_income().amount_fen(), 1'800'000);
  EXPECT_EQ(assessment.operating_income().amount_fen(), 300'000);
  EXPECT_EQ(assessment.property_income().amount_fen(), 50'000);
  EXPECT_EQ(assessment.transfer_income().amount_fen(), 150'000);
  EXPECT_EQ(assessment.operating_expenses().amount_fen(), 100'000);
  EXPECT_EQ(assessment.unavoidable_spending().amount_fen(), 70'001);
  for (const v1::IncomeFactor& factor :
       {assessment.wage_income(), assessment.operating_income(), assessment.property_income(),
        assessment.transfer_income(), assessment.operating_expenses(),
        assessment.unavoidable_spending()}) {
    EXPECT_EQ(factor.source(), v1::INCOME_SOURCE_DECLARED);
  }
  EXPECT_EQ(assessment.household_size(), 3);
  // (1,800,000 + 300,000 + 50,000 + 150,000 − 100,000 − 70,001) / 3 = 709,999.67 → 709,999.
  EXPECT_EQ(assessment.per_capita_net_income_fen(), 709'999);
  EXPECT_EQ(assessment.monitoring_line_fen(), 800000);
  EXPECT_EQ(assessment.monitoring_line_region(), "6542");
  EXPECT_EQ(assessment.monitoring_line_year(), 2026);
  EXPECT_EQ(assessment.assess_time().seconds(), 1795500000);
  EXPECT_EQ(assessment.assess_time().nanos(), 250'000'000);
  EXPECT_THAT(Findings(assessment), ElementsAre(v1::RISK_FINDING_INCOME_BELOW_LINE));
  EXPECT_TRUE(assessment.at_risk());
}

TEST(AssessTest, PeriodBoundariesAreIncluded) {
  const std::vector<v1::IncomeRecord> declared = {Record("2025-10", 1), Record("2025-11", 10),
                                                  Record("2026-10", 100), Record("2026-11", 1000),
                                                  Record("bad", 10000)};
  const v1::Assessment assessment =
      Assess(Household(), declared, PeerIncome{}, AllHold(), kLine, kAsOf, kNow);
  EXPECT_EQ(assessment.wage_income().amount_fen(), 110);
}

TEST(AssessTest, NegativeNetIncomeRoundsDown) {
  // Operating expenses above income, no unavoidable spending: below the line, but no
  // spending finding.
  // 300 − 1,300 = −1,000 over 3 people: −333.33 rounds down to −334, not towards zero.
  const v1::Assessment assessment = Assess(Household(), {Record("2026-01", 300, 0, 0, 0, 1300)},
                                           PeerIncome{}, AllHold(), kLine, kAsOf, kNow);
  EXPECT_EQ(assessment.per_capita_net_income_fen(), -334);
  EXPECT_THAT(Findings(assessment), ElementsAre(v1::RISK_FINDING_INCOME_BELOW_LINE));
}

TEST(AssessTest, HouseholdWithoutSharingMembersDividesByOne) {
  v1::Household household;
  household.set_name("households/empty");
  const v1::Assessment assessment = Assess(household, {Record("2026-01", 1'000'001)}, PeerIncome{},
                                           AllHold(), kLine, kAsOf, kNow);
  EXPECT_EQ(assessment.household_size(), 1);
  EXPECT_EQ(assessment.per_capita_net_income_fen(), 1'000'001);
}

TEST(AssessTest, RegistrySizeIsTheDivisor) {
  v1::Household household = Household();
  household.set_household_size(4);
  const v1::Assessment assessment = Assess(household, {Record("2026-01", 4'000'003)}, PeerIncome{},
                                           AllHold(), kLine, kAsOf, kNow);
  EXPECT_EQ(assessment.household_size(), 4);
  EXPECT_EQ(assessment.per_capita_net_income_fen(), 1'000'000);
}

TEST(AssessTest, EmploymentServiceWageReplacesDeclaredWage) {
  PeerIncome peer;
  peer.wage_fen = 2'700'000;
  const v1::Assessment assessment = Assess(Household(), {Record("2026-01", 500'000, 30'000)}, peer,
                                           AllHold(), kLine, kAsOf, kNow);
  EXPECT_EQ(assessment.wage_income().amount_fen(), 2'700'000);
  EXPECT_EQ(assessment.wage_income().source(), v1::INCOME_SOURCE_EMPLOYMENT_SERVICE);
  EXPECT_EQ(assessment.operating_income().amount_fen(), 30'000);
  EXPECT_EQ(assessment.operating_income().source(), v1::INCOME_SOURCE_DECLARED);
  EXPECT_EQ(assessment.per_capita_net_income_fen(), 910'000);
  EXPECT_THAT(Findings(assessment), IsEmpty());
  EXPECT_FALSE(assessment.at_risk());
}

TEST(AssessTest, EmploymentServiceZeroStillReplaces) {
  PeerIncome peer;
  peer.wage_fen = 0;  // the service knows of no job in the period
  const v1::Assessment assessment =
      Assess(Household(), {Record("2026-01", 3'000'000)}, peer, AllHold(), kLine, kAsOf, kNow);
  EXPECT_EQ(assessment.wage_income().amount_fen(), 0);
  EXPECT_EQ(assessment.wage_income().source(), v1::INCOME_SOURCE_EMPLOYMENT_SERVICE);
}

TEST(AssessTest, AWageTheEmploymentServiceCouldNotGiveFallsBackToTheDeclaredOneFlagged) {
  PeerIncome peer;
  peer.wage_fallback = v1::INCOME_FALLBACK_PEER_UNAVAILABLE;
  v1::Assessment assessment =
      Assess(Household(), {Record("2026-01", 3'000'000)}, peer, AllHold(), kLine, kAsOf, kNow);
  EXPECT_EQ(assessment.wage_income().amount_fen(), 3'000'000);
  EXPECT_EQ(assessment.wage_income().source(), v1::INCOME_SOURCE_DECLARED);
  EXPECT_EQ(assessment.wage_income().fallback(), v1::INCOME_FALLBACK_PEER_UNAVAILABLE);
  EXPECT_EQ(assessment.operating_income().fallback(), v1::INCOME_FALLBACK_UNSPECIFIED);
  peer.wage_fallback = v1::INCOME_FALLBACK_PEER_HAS_NO_RECORD;
  assessment =
      Assess(Household(), {Record("2026-01", 3'000'000)}, peer, AllHold(), kLine, kAsOf, kNow);
  EXPECT_EQ(assessment.wage_income().fallback(), v1::INCOME_FALLBACK_PEER_HAS_NO_RECORD);
  // A figure given is used whatever else the peer said.
  peer.wage_fen = 100;
  assessment =
      Assess(Household(), {Record("2026-01", 3'000'000)}, peer, AllHold(), kLine, kAsOf, kNow);
  EXPECT_EQ(assessment.wage_income().source(), v1::INCOME_SOURCE_EMPLOYMENT_SERVICE);
  EXPECT_EQ(assessment.wage_income().fallback(), v1::INCOME_FALLBACK_UNSPECIFIED);
}

TEST(AssessTest, CourtyardIncomeIsAddedToDeclaredOperatingIncome) {
  PeerIncome peer;
  peer.courtyard_operating_fen = 150'000;
  const v1::Assessment assessment = Assess(Household(), {Record("2026-01", 2'400'000, 200'000)},
                                           peer, AllHold(), kLine, kAsOf, kNow);
  EXPECT_EQ(assessment.operating_income().amount_fen(), 350'000);
  EXPECT_EQ(assessment.operating_income().source(), v1::INCOME_SOURCE_COURTYARD_SERVICE);
  EXPECT_EQ(assessment.wage_income().amount_fen(), 2'400'000);
  EXPECT_EQ(assessment.wage_income().source(), v1::INCOME_SOURCE_DECLARED);
  EXPECT_EQ(assessment.per_capita_net_income_fen(), 916'666);
}

TEST(AssessTest, HugeStoredAmountsSaturateInsteadOfOverflowing) {
  constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
  const v1::Assessment assessment =
      Assess(Household(), {Record("2026-01", kMax), Record("2026-02", kMax)}, PeerIncome{},
             AllHold(), kLine, kAsOf, kNow);
  EXPECT_EQ(assessment.wage_income().amount_fen(), kMax);
  EXPECT_EQ(assessment.per_capita_net_income_fen(), kMax / 3);
}

// Comfortably above the line with every guarantee holding, so each case below changes one
// thing and must find exactly one reason.
class AssessFindingTest : public ::testing::Test {
 protected:
  v1::Assessment Run() const {
    return Assess(Household(), declared_, PeerIncome{}, guarantees_, kLine, kAsOf, kNow);
  }
  std::vector<v1::IncomeRecord> declared_ = {Record("2026-05", 3'000'000)};
  v1::Guarantees guarantees_ = AllHold();
};

TEST_F(AssessFindingTest, NoFindingWhenAllIsWell) {
  const v1::Assessment assessment = Run();
  EXPECT_THAT(Findings(assessment), IsEmpty());
  EXPECT_FALSE(assessment.at_risk());
}

TEST_F(AssessFindingTest, IncomeOneFenBelowTheLine) {
  declared_ = {Record("2026-05", 3 * 800000 - 1)};  // per capita 799,999.67 → 799,999
  EXPECT_THAT(Findings(Run()), ElementsAre(v1::RISK_FINDING_INCOME_BELOW_LINE));
  declared_ = {Record("2026-05", 3 * 800000)};  // exactly on the line is not below it
  EXPECT_THAT(Findings(Run()), IsEmpty());
}

TEST_F(AssessFindingTest, SpendingExceedingIncome) {
  // Income before spending 3,000,000 fen; spending beyond it makes net income negative, so the
  // household is below any positive line as well.
  declared_ = {Record("2026-05", 3'000'000, 0, 0, 0, 0, 3'000'001)};
  EXPECT_THAT(Findings(Run()), ElementsAre(v1::RISK_FINDING_INCOME_BELOW_LINE,
                                           v1::RISK_FINDING_SPENDING_EXCEEDS_INCOME));
  // Spending equal to income does not exceed it.
  declared_ = {Record("2026-05", 3'000'000, 0, 0, 0, 0, 3'000'000)};
  EXPECT_THAT(Findings(Run()), ElementsAre(v1::RISK_FINDING_INCOME_BELOW_LINE));
  // Against a line below the resulting −1 fen per person, only the spending finding remains.
  declared_ = {Record("2026-05", 3'000'000, 0, 0, 0, 0, 3'000'001)};
  const MonitoringLine negative{"6542", 2026, -1};
  EXPECT_THAT(
      Findings(Assess(Household(), declared_, PeerIncome{}, guarantees_, negative, kAsOf, kNow)),
      ElementsAre(v1::RISK_FINDING_SPENDING_EXCEEDS_INCOME));
}

TEST_F(AssessFindingTest, SpendingComparedWithIncomeNetOfOperatingExpenses) {
  // Income 3,000,000 − expenses 2,000,000 = 1,000,000 < spending 1,000,001.
  declared_ = {Record("2026-05", 3'000'000, 0, 0, 0, 2'000'000, 1'000'001)};
  const MonitoringLine negative{"6542", 2026, -1};
  EXPECT_THAT(
      Findings(Assess(Household(), declared_, PeerIncome{}, guarantees_, negative, kAsOf, kNow)),
      ElementsAre(v1::RISK_FINDING_SPENDING_EXCEEDS_INCOME));
}

TEST_F(AssessFindingTest, Food) {
  guarantees_.mutable_food()->set_holds(false);
  EXPECT_THAT(Findings(Run()), ElementsAre(v1::RISK_FINDING_FOOD));
}

TEST_F(AssessFindingTest, Clothing) {
  guarantees_.mutable_clothing()->set_holds(false);
  EXPECT_THAT(Findings(Run()), ElementsAre(v1::RISK_FINDING_CLOTHING));
}

TEST_F(AssessFindingTest, CompulsorySchooling) {
  guarantees_.mutable_compulsory_schooling()->set_holds(false);
  EXPECT_THAT(Findings(Run()), ElementsAre(v1::RISK_FINDING_COMPULSORY_SCHOOLING));
}

TEST_F(AssessFindingTest, BasicMedical) {
  guarantees_.mutable_basic_medical()->set_holds(false);
  EXPECT_THAT(Findings(Run()), ElementsAre(v1::RISK_FINDING_BASIC_MEDICAL));
}

TEST_F(AssessFindingTest, DrinkingWater) {
  guarantees_.mutable_drinking_water()->set_holds(false);
  EXPECT_THAT(Findings(Run()), ElementsAre(v1::RISK_FINDING_DRINKING_WATER));
}

TEST_F(AssessFindingTest, HousingUnsafeOrNotAppraised) {
  for (v1::HousingSafetyGrade grade : {v1::HOUSING_SAFETY_GRADE_C, v1::HOUSING_SAFETY_GRADE_D,
                                       v1::HOUSING_SAFETY_GRADE_UNSPECIFIED}) {
    guarantees_.set_housing_grade(grade);
    EXPECT_THAT(Findings(Run()), ElementsAre(v1::RISK_FINDING_HOUSING))
        << v1::HousingSafetyGrade_Name(grade);
  }
  guarantees_.set_housing_grade(v1::HOUSING_SAFETY_GRADE_B);
  EXPECT_THAT(Findings(Run()), IsEmpty());
}

TEST_F(AssessFindingTest, GuaranteesNeverCheckedAllFail) {
  guarantees_ = v1::Guarantees();
  EXPECT_THAT(
      Findings(Run()),
      UnorderedElementsAre(v1::RISK_FINDING_FOOD, v1::RISK_FINDING_CLOTHING,
                           v1::RISK_FINDING_COMPULSORY_SCHOOLING, v1::RISK_FINDING_BASIC_MEDICAL,
                           v1::RISK_FINDING_HOUSING, v1::RISK_FINDING_DRINKING_WATER));
}

TEST(PerCapitaForMonthEndTest, UsesTheTwelveMonthsEndingWithTheMonth) {
  const std::vector<v1::IncomeRecord> declared = {Record("2025-03", 3), Record("2025-04", 30),
                                                  Record("2026-03", 300), Record("2026-04", 3000)};
  // Window 2025-04 .. 2026-03.
  EXPECT_EQ(PerCapitaForMonthEnd(Household(), declared, PeerIncome{}, absl::CivilMonth(2026, 3)),
            110);
  // Window 2025-05 .. 2026-04.
  EXPECT_EQ(PerCapitaForMonthEnd(Household(), declared, PeerIncome{}, absl::CivilMonth(2026, 4)),
            1100);
  PeerIncome peer;
  peer.wage_fen = 30;
  peer.courtyard_operating_fen = 3;
  EXPECT_EQ(PerCapitaForMonthEnd(Household(), declared, peer, absl::CivilMonth(2026, 4)), 11);
}

std::vector<std::string> Fields(const absl::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad_request = GetBadRequest(status);
  for (const auto& violation : bad_request.field_violations()) {
    fields.push_back(violation.field());
  }
  return fields;
}

TEST(ValidateIncomeRecordTest, AcceptsAValidRecord) {
  v1::IncomeRecord record = Record("2026-10", 1, 2, 3, 4, 5, 6);
  record.set_note(std::string(500, 'x'));
  EXPECT_TRUE(ValidateIncomeRecord(record, "income_record").ok());
  record.set_wage_income_fen(validation::kMaxHouseholdAmountFen);
  EXPECT_TRUE(ValidateIncomeRecord(record, "income_record").ok());
  record.set_note("阿依古丽·买买提：卖了三只羊。");
  EXPECT_TRUE(ValidateIncomeRecord(record, "").ok());
  EXPECT_TRUE(ValidateIncomeRecord(Record("2026-10", 0), "").ok());
}

TEST(ValidateIncomeRecordTest, NamesTheMonth) {
  for (const char* month : {"", "2026-13", "2026-2", "2026-02-01"}) {
    const absl::Status status = ValidateIncomeRecord(Record(month, 1), "income_record");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << month;
    EXPECT_THAT(Fields(status), ElementsAre("income_record.month")) << month;
  }
}

TEST(ValidateIncomeRecordTest, NamesEachAmountOutOfRange) {
  const int64_t over = validation::kMaxHouseholdAmountFen + 1;
  EXPECT_THAT(Fields(ValidateIncomeRecord(Record("2026-10", -1), "r")),
              ElementsAre("r.wage_income_fen"));
  EXPECT_THAT(Fields(ValidateIncomeRecord(Record("2026-10", 0, over), "r")),
              ElementsAre("r.operating_income_fen"));
  EXPECT_THAT(Fields(ValidateIncomeRecord(Record("2026-10", 0, 0, -5), "r")),
              ElementsAre("r.property_income_fen"));
  EXPECT_THAT(Fields(ValidateIncomeRecord(Record("2026-10", 0, 0, 0, over), "r")),
              ElementsAre("r.transfer_income_fen"));
  EXPECT_THAT(Fields(ValidateIncomeRecord(Record("2026-10", 0, 0, 0, 0, -1), "r")),
              ElementsAre("r.operating_expenses_fen"));
  EXPECT_THAT(Fields(ValidateIncomeRecord(Record("2026-10", 0, 0, 0, 0, 0, over), "r")),
              ElementsAre("r.unavoidable_spending_fen"));
}

TEST(ValidateIncomeRecordTest, NoteAtMost500Characters) {
  v1::IncomeRecord record = Record("2026-10", 1);
  record.set_note(std::string(501, 'x'));
  EXPECT_THAT(Fields(ValidateIncomeRecord(record, "")), ElementsAre("note"));
}

TEST(ValidateIncomeRecordTest, ReportsEveryBadFieldAtOnce) {
  v1::IncomeRecord record = Record("2026-00", -1, 0, 0, 0, 0, -1);
  record.set_note(std::string(501, 'x'));
  EXPECT_THAT(
      Fields(ValidateIncomeRecord(record, "r")),
      UnorderedElementsAre("r.month", "r.wage_income_fen", "r.unavoidable_spending_fen", "r.note"));
}

}  // namespace
}  // namespace rrmon::monitoring

// Wage income over real gRPC, and monitoring's assessment using it through its peer
// client: the figure follows the spells, and falls back to the declared wage, flagged,
// when employment knows nothing of the household or is stopped.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/services/employment/employment_test_env.h"

namespace rrmon::employment::testing {
namespace {

using monitoring::testing::ViolatedFields;
using ::testing::ElementsAre;

constexpr char kVillage[] = "654201001001";

class WageIncomeApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = EmploymentTestEnv::Start();
    household_ = env_->RegisterHousehold(21);
    // The household declares 10,000 yuan of wages for January.
    monitoring::v1::SetIncomeRecordRequest income;
    income.set_parent(household_.name());
    income.mutable_income_record()->set_month("2026-01");
    income.mutable_income_record()->set_wage_income_fen(1'000'000);
    monitoring::v1::IncomeRecord stored;
    ASSERT_TRUE(
        env_->monitoring()
            .stub()
            .SetIncomeRecord(env_->monitoring().Context(Role::ROLE_VILLAGE_CADRE, kVillage).get(),
                             income, &stored)
            .ok());
  }

  monitoring::v1::IncomeFactor AssessedWage() {
    monitoring::v1::AssessHouseholdRequest request;
    request.set_name(household_.name());
    monitoring::v1::Assessment assessment;
    const grpc::Status status = env_->monitoring().stub().AssessHousehold(
        env_->monitoring().Context(Role::ROLE_VILLAGE_CADRE, kVillage).get(), request, &assessment);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return assessment.wage_income();
  }

  v1::Labourer AddLabourer() {
    v1::CreateLabourerRequest request;
    *request.mutable_labourer() = SampleLabourer(household_.members(0).id_number());
    v1::Labourer labourer;
    EXPECT_TRUE(env_->stub()
                    .CreateLabourer(env_->Context(Role::ROLE_VILLAGE_CADRE, kVillage).get(),
                                    request, &labourer)
                    .ok());
    return labourer;
  }

  void AddSpell(const v1::Labourer& labourer, const v1::JobSpell& spell) {
    v1::CreateJobSpellRequest request;
    request.set_parent(labourer.name());
    *request.mutable_spell() = spell;
    v1::JobSpell stored;
    ASSERT_TRUE(env_->stub()
                    .CreateJobSpell(env_->Context(Role::ROLE_VILLAGE_CADRE, kVillage).get(),
                                    request, &stored)
                    .ok());
  }

  std::unique_ptr<EmploymentTestEnv> env_;
  monitoring::v1::Household household_;
};

TEST_F(WageIncomeApiTest, TheAssessmentFollowsTheSpellsAndFallsBackFlagged) {
  // Employment knows nobody of the household: the declared wage, and why.
  monitoring::v1::IncomeFactor wage = AssessedWage();
  EXPECT_EQ(wage.source(), monitoring::v1::INCOME_SOURCE_DECLARED);
  EXPECT_EQ(wage.fallback(), monitoring::v1::INCOME_FALLBACK_PEER_HAS_NO_RECORD);
  EXPECT_EQ(wage.amount_fen(), 1'000'000);

  // A labourer of the household without a job in the period earned nothing.
  const v1::Labourer labourer = AddLabourer();
  wage = AssessedWage();
  EXPECT_EQ(wage.source(), monitoring::v1::INCOME_SOURCE_EMPLOYMENT_SERVICE);
  EXPECT_EQ(wage.fallback(), monitoring::v1::INCOME_FALLBACK_UNSPECIFIED);
  EXPECT_EQ(wage.amount_fen(), 0);

  // A job from January: the period (2025-06 .. 2026-05, as of 2026-06-15) holds five of
  // its months at 5,200 yuan.
  AddSpell(labourer, SampleSpell("2026-01-01"));
  wage = AssessedWage();
  EXPECT_EQ(wage.source(), monitoring::v1::INCOME_SOURCE_EMPLOYMENT_SERVICE);
  EXPECT_EQ(wage.amount_fen(), 5 * 520'000);

  // Employment stopped: the declared wage again, flagged, and the assessment still answers.
  env_->server().Shutdown();
  wage = AssessedWage();
  EXPECT_EQ(wage.source(), monitoring::v1::INCOME_SOURCE_DECLARED);
  EXPECT_EQ(wage.fallback(), monitoring::v1::INCOME_FALLBACK_PEER_UNAVAILABLE);
  EXPECT_EQ(wage.amount_fen(), 1'000'000);
}

TEST_F(WageIncomeApiTest, TheServiceAnswersPeersAndOfficersOnly) {
  AddSpell(AddLabourer(), SampleSpell("2026-03-16", "2026-04-30"));
  v1::GetHouseholdWageIncomeRequest request;
  request.set_household(household_.name());
  request.set_start_month("2026-01");
  request.set_end_month("2026-12");
  v1::HouseholdWageIncome income;
  ASSERT_TRUE(
      env_->stub()
          .GetHouseholdWageIncome(env_->Context(Role::ROLE_SERVICE, "65").get(), request, &income)
          .ok());
  EXPECT_EQ(income.labourers(), 1);
  EXPECT_EQ(income.spells(), 1);
  EXPECT_EQ(income.wage_fen(), 520'000 * 16 / 31 + 520'000);

  const grpc::Status cadre = env_->stub().GetHouseholdWageIncome(
      env_->Context(Role::ROLE_VILLAGE_CADRE, kVillage).get(), request, &income);
  EXPECT_EQ(cadre.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Another county's officer knows of no labourer there.
  const grpc::Status elsewhere = env_->stub().GetHouseholdWageIncome(
      env_->Context(Role::ROLE_COUNTY_OFFICER, "654202").get(), request, &income);
  EXPECT_EQ(elsewhere.error_code(), grpc::StatusCode::NOT_FOUND);

  request.set_start_month("2026-13");
  request.set_end_month("2023-01");
  const grpc::Status bad = env_->stub().GetHouseholdWageIncome(
      env_->Context(Role::ROLE_SERVICE, "65").get(), request, &income);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(bad), ElementsAre("start_month"));
}

}  // namespace
}  // namespace rrmon::employment::testing

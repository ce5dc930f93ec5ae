// Targets and progress over real gRPC, SQLite and Redis, with labourers linked through a
// real monitoring server: who counts as employed, people against person-times, the
// breakdowns, the monthly trend, the cache following every change, the errors.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/services/employment/employment_test_env.h"
#include "tests/support/id_numbers.h"

namespace rrmon::employment::testing {
namespace {

using monitoring::testing::ViolatedFields;
using ::testing::ElementsAre;

constexpr char kVillageA[] = "654201001001";  // county 654201
constexpr char kVillageB[] = "654202001001";  // county 654202

class ProgressApiTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = EmploymentTestEnv::Start(); }

  v1::Labourer AddLabourer(const std::string& id_number, const std::string& village) {
    v1::CreateLabourerRequest request;
    *request.mutable_labourer() = SampleLabourer(id_number, village);
    v1::Labourer labourer;
    const grpc::Status status = env_->stub().CreateLabourer(
        env_->Context(Role::ROLE_VILLAGE_CADRE, village).get(), request, &labourer);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return labourer;
  }

  // A poverty-alleviated labourer: a member of a 脱贫户 registered at monitoring.
  v1::Labourer AddAlleviated(int seed, const std::string& village) {
    const monitoring::v1::Household household = env_->RegisterHousehold(seed, village);
    v1::Labourer labourer = AddLabourer(household.members(0).id_number(), village);
    EXPECT_TRUE(labourer.poverty_alleviated_labour());
    return labourer;
  }

  v1::JobSpell AddSpell(const v1::Labourer& labourer, const std::string& start,
                        const std::string& end, v1::PlaceTier tier, v1::JobForm form) {
    const std::string& home = labourer.region_code();
    const v1::JobSpell spell = SpellAtTier(home, tier, start, end, form);
    v1::CreateJobSpellRequest request;
    request.set_parent(labourer.name());
    *request.mutable_spell() = spell;
    v1::JobSpell stored;
    const grpc::Status status = env_->stub().CreateJobSpell(
        env_->Context(Role::ROLE_VILLAGE_CADRE, home).get(), request, &stored);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return stored;
  }

  v1::Business AddBusiness(const v1::Labourer& labourer, const std::string& start,
                           int32_t employees) {
    v1::CreateBusinessRequest request;
    request.set_parent(labourer.name());
    request.mutable_business()->set_display_name("农家乐");
    request.mutable_business()->set_sector("餐饮");
    request.mutable_business()->set_start_date(start);
    request.mutable_business()->set_employees(employees);
    v1::Business stored;
    const grpc::Status status = env_->stub().CreateBusiness(
        env_->Context(Role::ROLE_VILLAGE_CADRE, labourer.region_code()).get(), request, &stored);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return stored;
  }

  grpc::Status SetTarget(const std::string& region, int year, int64_t people,
                         v1::EmploymentTarget& stored, const std::string& etag = "",
                         Role role = Role::ROLE_COUNTY_OFFICER) {
    v1::SetEmploymentTargetRequest request;
    request.mutable_target()->set_region_prefix(region);
    request.mutable_target()->set_year(year);
    request.mutable_target()->set_people(people);
    request.mutable_target()->set_etag(etag);
    return env_->stub().SetEmploymentTarget(env_->Context(role, "6542").get(), request, &stored);
  }

  grpc::Status Progress(const std::string& region, int year, const std::string& as_of,
                        v1::EmploymentProgress& progress, Role role = Role::ROLE_COUNTY_OFFICER,
                        const std::string& caller_region = "6542") {
    v1::GetEmploymentProgressRequest request;
    request.set_region_prefix(region);
    request.set_year(year);
    request.set_as_of_date(as_of);
    return env_->stub().GetEmploymentProgress(env_->Context(role, caller_region).get(), request,
                                              &progress);
  }

  std::unique_ptr<EmploymentTestEnv> env_;
};

TEST_F(ProgressApiTest, PeopleEmployedAgainstTheTargetWithBreakdownsAndTrend) {
  // County 654201: three poverty-alleviated labourers and one other rural labourer.
  const v1::Labourer a1 = AddAlleviated(301, kVillageA);
  const v1::Labourer a2 = AddAlleviated(302, kVillageA);
  const v1::Labourer a3 = AddAlleviated(303, kVillageA);
  const v1::Labourer other =
      AddLabourer(rrmon::testing::MakeIdNumber("654201", "19930101", 77), kVillageA);
  // a1: two spells away from the county (two person-times), employed from 30 January.
  AddSpell(a1, "2026-01-01", "2026-02-28", v1::PLACE_TIER_IN_PROVINCE, v1::JOB_FORM_ENTERPRISE);
  AddSpell(a1, "2026-03-01", "", v1::PLACE_TIER_OUT_OF_PROVINCE, v1::JOB_FORM_ENTERPRISE);
  // a2: a public-welfare job in the township from 1 April: employed from 30 April.
  AddSpell(a2, "2026-04-01", "", v1::PLACE_TIER_IN_TOWNSHIP, v1::JOB_FORM_PUBLIC_WELFARE);
  // a3: ten days only: not employed in the year (less than a month).
  AddSpell(a3, "2026-05-01", "2026-05-10", v1::PLACE_TIER_IN_PROVINCE, v1::JOB_FORM_FLEXIBLE);
  // The other labourer works out of province: a person-time, not poverty-alleviated.
  AddSpell(other, "2026-02-01", "", v1::PLACE_TIER_OUT_OF_PROVINCE, v1::JOB_FORM_ENTERPRISE);
  // A spell of last year is last year's.
  AddSpell(a3, "2025-03-01", "2025-08-31", v1::PLACE_TIER_IN_PROVINCE, v1::JOB_FORM_ENTERPRISE);
  // County 654202: one poverty-alleviated labourer, and a business with three jobs.
  const v1::Labourer b1 = AddAlleviated(304, kVillageB);
  AddSpell(b1, "2026-02-10", "", v1::PLACE_TIER_IN_COUNTY, v1::JOB_FORM_ASSISTANCE_WORKSHOP);
  AddBusiness(b1, "2026-05-20", 3);
  AddBusiness(other, "2025-11-01", 5);  // last year's business

  v1::EmploymentTarget target;
  ASSERT_TRUE(SetTarget("6542", 2026, 4, target).ok());
  ASSERT_TRUE(SetTarget("654201", 2026, 3, target).ok());

  v1::EmploymentProgress progress;
  const grpc::Status status = Progress("6542", 2026, "2026-06-15", progress);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(progress.figures().poverty_alleviated_employed(), 3);  // a1, a2, b1
  EXPECT_EQ(progress.figures().rural_labour_employed(), 4);        // and the other
  EXPECT_EQ(progress.figures().out_of_county_person_times(), 4);   // a1 ×2, a3, other
  EXPECT_EQ(progress.figures().new_businesses(), 1);
  EXPECT_EQ(progress.figures().business_jobs(), 3);
  EXPECT_TRUE(progress.target_set());
  EXPECT_EQ(progress.target(), 4);
  EXPECT_EQ(progress.completion_basis_points(), 7500);
  EXPECT_EQ(progress.completion_percent(), "75.00");
  EXPECT_EQ(progress.employed_min_days(), 30);

  ASSERT_EQ(progress.areas_size(), 2);
  EXPECT_EQ(progress.areas(0).region_prefix(), "654201");
  EXPECT_EQ(progress.areas(0).figures().poverty_alleviated_employed(), 2);
  EXPECT_EQ(progress.areas(0).completion_percent(), "66.67");  // 2 ÷ 3
  EXPECT_EQ(progress.areas(1).region_prefix(), "654202");
  EXPECT_FALSE(progress.areas(1).target_set());
  EXPECT_EQ(progress.areas(1).figures().business_jobs(), 3);

  // Each person under the form and tier of their main job: a1's out-of-province spell
  // (more days than the first), a2's public-welfare job, b1's workshop.
  std::vector<std::pair<int, int64_t>> forms;
  for (const auto& form : progress.forms()) {
    forms.emplace_back(form.form(), form.figures().poverty_alleviated_employed());
  }
  EXPECT_THAT(forms, ElementsAre(std::pair<int, int64_t>{v1::JOB_FORM_ENTERPRISE, 1},
                                 std::pair<int, int64_t>{v1::JOB_FORM_PUBLIC_WELFARE, 1},
                                 std::pair<int, int64_t>{v1::JOB_FORM_ASSISTANCE_WORKSHOP, 1},
                                 std::pair<int, int64_t>{v1::JOB_FORM_FLEXIBLE, 0}));
  std::vector<std::pair<int, int64_t>> tiers;
  for (const auto& tier : progress.tiers()) {
    tiers.emplace_back(tier.tier(), tier.figures().out_of_county_person_times());
  }
  EXPECT_THAT(tiers, ElementsAre(std::pair<int, int64_t>{v1::PLACE_TIER_IN_TOWNSHIP, 0},
                                 std::pair<int, int64_t>{v1::PLACE_TIER_IN_COUNTY, 0},
                                 std::pair<int, int64_t>{v1::PLACE_TIER_IN_PROVINCE, 2},
                                 std::pair<int, int64_t>{v1::PLACE_TIER_OUT_OF_PROVINCE, 2}));

  // The trend: reached by the end of each month, January to June.
  std::vector<int64_t> employed;
  for (const auto& month : progress.months()) {
    employed.push_back(month.figures().poverty_alleviated_employed());
  }
  EXPECT_THAT(employed, ElementsAre(1, 1, 2, 3, 3, 3));  // a1 Jan 30, b1 Mar 11, a2 Apr 30
  EXPECT_EQ(progress.months(0).month(), "2026-01");

  // As of an earlier day, only what was reached by then.
  v1::EmploymentProgress earlier;
  ASSERT_TRUE(Progress("6542", 2026, "2026-04-29", earlier).ok());
  EXPECT_EQ(earlier.figures().poverty_alleviated_employed(), 2);
  EXPECT_EQ(earlier.months_size(), 4);
  // Last year: a3 and last year's business.
  v1::EmploymentProgress last_year;
  ASSERT_TRUE(Progress("6542", 2025, "", last_year).ok());
  EXPECT_EQ(last_year.as_of_date(), "2025-12-31");
  EXPECT_EQ(last_year.figures().poverty_alleviated_employed(), 1);
  EXPECT_EQ(last_year.figures().business_jobs(), 5);
  EXPECT_FALSE(last_year.target_set());
}

TEST_F(ProgressApiTest, EveryChangeReachesTheCachedFigures) {
  const v1::Labourer a1 = AddAlleviated(311, kVillageA);
  v1::EmploymentProgress before;
  ASSERT_TRUE(Progress("654201", 2026, "2026-06-15", before).ok());
  EXPECT_EQ(before.figures().poverty_alleviated_employed(), 0);
  const v1::JobSpell spell =
      AddSpell(a1, "2026-02-01", "", v1::PLACE_TIER_IN_PROVINCE, v1::JOB_FORM_ENTERPRISE);
  v1::EmploymentProgress after;
  ASSERT_TRUE(Progress("654201", 2026, "2026-06-15", after).ok());
  EXPECT_EQ(after.figures().poverty_alleviated_employed(), 1);
  EXPECT_EQ(after.figures().out_of_county_person_times(), 1);

  // Ending it ten days in: no longer a month's work in the year.
  v1::EndJobSpellRequest end;
  end.set_name(spell.name());
  end.set_end_date("2026-02-10");
  end.set_end_reason("返乡");
  v1::JobSpell ended;
  ASSERT_TRUE(
      env_->stub()
          .EndJobSpell(env_->Context(Role::ROLE_VILLAGE_CADRE, kVillageA).get(), end, &ended)
          .ok());
  v1::EmploymentProgress ended_progress;
  ASSERT_TRUE(Progress("654201", 2026, "2026-06-15", ended_progress).ok());
  EXPECT_EQ(ended_progress.figures().poverty_alleviated_employed(), 0);
  EXPECT_EQ(ended_progress.figures().out_of_county_person_times(), 1);

  // A target set later shows at once.
  v1::EmploymentTarget target;
  ASSERT_TRUE(SetTarget("654201", 2026, 10, target).ok());
  v1::EmploymentProgress targeted;
  ASSERT_TRUE(Progress("654201", 2026, "2026-06-15", targeted).ok());
  EXPECT_EQ(targeted.target(), 10);
  EXPECT_EQ(targeted.completion_percent(), "0.00");
}

TEST_F(ProgressApiTest, TargetsAreSetByCountyOfficersUnderEtags) {
  v1::EmploymentTarget first;
  ASSERT_TRUE(SetTarget("6542", 2026, 16500, first).ok());
  EXPECT_EQ(first.name(), "regions/6542/employmentTargets/2026");
  // Changing it with a stale etag clashes; with the current one it works.
  v1::EmploymentTarget second;
  ASSERT_TRUE(SetTarget("6542", 2026, 16600, second, first.etag()).ok());
  v1::EmploymentTarget stale;
  EXPECT_EQ(SetTarget("6542", 2026, 1, stale, first.etag()).error_code(),
            grpc::StatusCode::ABORTED);
  v1::GetEmploymentTargetRequest get;
  get.set_name(first.name());
  v1::EmploymentTarget read;
  ASSERT_TRUE(env_->stub()
                  .GetEmploymentTarget(env_->Context(Role::ROLE_ANALYST, "6542").get(), get, &read)
                  .ok());
  EXPECT_EQ(read.people(), 16600);

  v1::EmploymentTarget refused;
  EXPECT_EQ(SetTarget("6542", 2026, 1, refused, "", Role::ROLE_VILLAGE_CADRE).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status bad = SetTarget("654200", 2015, -1, refused);
  EXPECT_EQ(bad.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(bad),
              ElementsAre("target.region_prefix", "target.year", "target.people"));
  EXPECT_THAT(ViolatedFields(SetTarget("6542", 2015, 1, refused)), ElementsAre("target.year"));
  EXPECT_THAT(ViolatedFields(SetTarget("6542", 2026, -1, refused)), ElementsAre("target.people"));
  // Outside the officer's region.
  EXPECT_EQ(SetTarget("6543", 2026, 1, refused).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(ProgressApiTest, BadRequestsNameTheirField) {
  v1::EmploymentProgress progress;
  EXPECT_THAT(ViolatedFields(Progress("6542", 2027, "", progress)), ElementsAre("year"));
  EXPECT_THAT(ViolatedFields(Progress("6542", 2026, "2025-12-31", progress)),
              ElementsAre("as_of_date"));
  EXPECT_THAT(ViolatedFields(Progress("6542", 2026, "2026-06-16", progress)),
              ElementsAre("as_of_date"));  // tomorrow
  EXPECT_THAT(ViolatedFields(Progress("65420", 2026, "", progress)), ElementsAre("region_prefix"));
  EXPECT_EQ(Progress("6543", 2026, "", progress).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // Analysts and cadres read progress; a peer service does not.
  EXPECT_TRUE(Progress("6542", 2026, "", progress, Role::ROLE_ANALYST).ok());
  EXPECT_TRUE(
      Progress("654201001001", 2026, "", progress, Role::ROLE_VILLAGE_CADRE, kVillageA).ok());
  EXPECT_TRUE(progress.areas().empty());  // a village has no areas below it
  EXPECT_EQ(Progress("6542", 2026, "", progress, Role::ROLE_SERVICE).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(ViolatedFields(Progress("6542", 2026, "2026-13-01", progress)),
              ElementsAre("as_of_date"));
}

}  // namespace
}  // namespace rrmon::employment::testing

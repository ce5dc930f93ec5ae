// The seed fixture: the prefecture's 2022 employment figures from the work report in
// ../shared/seed (16,500 poverty-alleviated labourers to employ, 16,989 employed, 102.96 %;
// 78,400 person-times of migrant work; 4,665 new businesses creating 6,884 jobs), built
// through the API (households at a real monitoring server, labourers, spells and
// businesses through ImportLabour, the target through SetEmploymentTarget) and read back
// exactly through GetEmploymentProgress.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "tests/services/employment/employment_test_env.h"
#include "tests/support/id_numbers.h"

namespace rrmon::employment::testing {
namespace {

constexpr int kTarget = 16500;
constexpr int kAlleviatedEmployed = 16989;
constexpr int kPersonTimes = 78400;
constexpr int kBusinesses = 4665;
constexpr int kJobs = 6884;
constexpr int kMembersPerHousehold = 6;
// Tacheng's seven counties.
const char* const kCounties[] = {"654201", "654202", "654203", "654221",
                                 "654224", "654225", "654226"};

std::string VillageOf(int person) { return absl::StrCat(kCounties[person % 7], "001001"); }

// The ID number of person `p` (unique: 1,000 per birth day).
std::string IdNumberOf(int p, const std::string& area) {
  const absl::CivilDay birth = absl::CivilDay(1975, 1, 1) + p / 1000;
  return rrmon::testing::MakeIdNumber(
      area, absl::StrFormat("%04d%02d%02d", birth.year(), birth.month(), birth.day()), p);
}

class SeedFixtureTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = EmploymentTestEnv::Start(); }

  // The 脱贫户 whose members are the poverty-alleviated labourers, at monitoring.
  void RegisterHouseholds() {
    const int households = (kAlleviatedEmployed + kMembersPerHousehold - 1) / kMembersPerHousehold;
    std::atomic<int> next{0};
    std::atomic<int> failures{0};
    auto worker = [&] {
      for (int h = next++; h < households; h = next++) {
        const int first = h * kMembersPerHousehold;
        monitoring::v1::CreateHouseholdRequest request;
        *request.mutable_household() = monitoring::testing::SampleHousehold(h, VillageOf(first));
        monitoring::v1::Household& household = *request.mutable_household();
        const monitoring::v1::HouseholdMember spouse = household.members(1);
        household.clear_members();
        for (int m = 0; m < kMembersPerHousehold; ++m) {
          monitoring::v1::HouseholdMember& member = *household.add_members();
          member = spouse;
          member.set_relation_to_head(m == 0   ? monitoring::v1::RELATION_HEAD
                                      : m == 1 ? monitoring::v1::RELATION_SPOUSE
                                               : monitoring::v1::RELATION_CHILD);
          member.set_id_number(IdNumberOf(first + m, "654201"));
        }
        monitoring::v1::Household stored;
        const grpc::Status status = env_->monitoring().stub().CreateHousehold(
            env_->monitoring().Context(Role::ROLE_VILLAGE_CADRE, VillageOf(first)).get(), request,
            &stored);
        if (!status.ok()) {
          if (failures++ == 0) ADD_FAILURE() << status.error_message();
        }
      }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) threads.emplace_back(worker);
    for (auto& thread : threads) thread.join();
    ASSERT_EQ(failures.load(), 0);
  }

  // The upload: labourers first, then their spells, then the businesses.
  std::vector<v1::ImportRow> Rows() {
    std::vector<v1::ImportRow> rows;
    auto add = [&rows]() -> v1::ImportRow& {
      v1::ImportRow& row = rows.emplace_back();
      row.set_row_id(absl::StrCat("seed-", rows.size()));
      row.set_line(static_cast<int64_t>(rows.size()));
      return row;
    };
    // Other rural labour: twelve monthly spells outside the county each, for the
    // person-times the poverty-alleviated labourers' own spells leave.
    const int alleviated_away = kAlleviatedEmployed / 2;  // tiers alternate in and out
    const int others_times = kPersonTimes - alleviated_away;
    const int others = (others_times + 11) / 12;
    std::vector<std::string> people;
    for (int p = 0; p < kAlleviatedEmployed + others; ++p) {
      const bool alleviated = p < kAlleviatedEmployed;
      const std::string id = alleviated ? IdNumberOf(p, "654201") : IdNumberOf(p, "654202");
      people.push_back(id);
      v1::ImportRow& row = add();
      *row.mutable_labourer() =
          SampleLabourer(id, VillageOf(alleviated ? p - p % kMembersPerHousehold : p));
    }
    for (int p = 0; p < kAlleviatedEmployed; ++p) {
      // Half in the township or county, half away from it.
      const v1::PlaceTier tier = p % 2 == 0 ? v1::PLACE_TIER_IN_COUNTY : v1::PLACE_TIER_IN_PROVINCE;
      v1::ImportRow& row = add();
      row.mutable_spell()->set_labourer_id_number(people[p]);
      *row.mutable_spell()->mutable_spell() =
          SpellAtTier(rows[p].labourer().region_code(), tier, "2022-03-01", "2022-06-30");
    }
    int times = 0;
    for (int o = 0; o < others && times < others_times; ++o) {
      const int p = kAlleviatedEmployed + o;
      for (int month = 1; month <= 12 && times < others_times; ++month, ++times) {
        v1::ImportRow& row = add();
        row.mutable_spell()->set_labourer_id_number(people[p]);
        *row.mutable_spell()->mutable_spell() = SpellAtTier(
            rows[p].labourer().region_code(),
            month % 2 == 0 ? v1::PLACE_TIER_OUT_OF_PROVINCE : v1::PLACE_TIER_IN_PROVINCE,
            absl::StrFormat("2022-%02d-01", month), absl::StrFormat("2022-%02d-28", month));
      }
    }
    // 4,665 businesses: 2,219 employ two people, the rest one.
    for (int b = 0; b < kBusinesses; ++b) {
      v1::ImportRow& row = add();
      row.mutable_business()->set_labourer_id_number(people[(b * 7) % people.size()]);
      v1::Business& business = *row.mutable_business()->mutable_business();
      business.set_display_name(absl::StrCat("合作社 ", b));
      business.set_sector("农产品加工");
      business.set_start_date("2022-05-01");
      business.set_employees(b < kJobs - kBusinesses ? 2 : 1);
    }
    return rows;
  }

  v1::ImportLabourResponse Import(const std::vector<v1::ImportRow>& rows) {
    v1::ImportLabourResponse response;
    auto context = env_->Context(Role::ROLE_COUNTY_OFFICER, "6542");
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
    auto writer = env_->stub().ImportLabour(context.get(), &response);
    for (size_t start = 0; start < rows.size(); start += 1000) {
      v1::ImportLabourRequest message;
      for (size_t i = start; i < std::min(rows.size(), start + 1000); ++i) {
        *message.add_rows() = rows[i];
      }
      if (!writer->Write(message)) break;
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::unique_ptr<EmploymentTestEnv> env_;
};

TEST_F(SeedFixtureTest, TheWorkReportsFiguresComeBackExactly) {
  const auto started = std::chrono::steady_clock::now();
  RegisterHouseholds();
  const auto registered = std::chrono::steady_clock::now();
  const std::vector<v1::ImportRow> rows = Rows();
  // Two uploads, the labourers (each looked up at monitoring) and then the rest, so the
  // log shows both rates.
  const auto first_spell = std::find_if(rows.begin(), rows.end(), [](const v1::ImportRow& row) {
    return row.record_case() != v1::ImportRow::kLabourer;
  });
  const std::vector<v1::ImportRow> labourers(rows.begin(), first_spell);
  const std::vector<v1::ImportRow> rest(first_spell, rows.end());
  const v1::ImportLabourResponse people = Import(labourers);
  const auto linked = std::chrono::steady_clock::now();
  const v1::ImportLabourResponse work = Import(rest);
  const auto done = std::chrono::steady_clock::now();
  EXPECT_EQ(people.stored() + work.stored(), static_cast<int64_t>(rows.size()));
  ASSERT_TRUE(people.results().empty()) << people.results(0).DebugString();
  ASSERT_TRUE(work.results().empty()) << work.results(0).DebugString();
  const auto seconds = [](auto from, auto to) {
    return std::chrono::duration<double>(to - from).count();
  };
  std::printf(
      "seed fixture: %d households in %.1f s; %zu labourers in %.1f s (%.0f rows/s); %zu spells "
      "and businesses in %.1f s (%.0f rows/s)\n",
      (kAlleviatedEmployed + kMembersPerHousehold - 1) / kMembersPerHousehold,
      seconds(started, registered), labourers.size(), seconds(registered, linked),
      static_cast<double>(labourers.size()) / seconds(registered, linked), rest.size(),
      seconds(linked, done), static_cast<double>(rest.size()) / seconds(linked, done));

  v1::SetEmploymentTargetRequest target;
  target.mutable_target()->set_region_prefix("6542");
  target.mutable_target()->set_year(2022);
  target.mutable_target()->set_people(kTarget);
  v1::EmploymentTarget stored_target;
  ASSERT_TRUE(env_->stub()
                  .SetEmploymentTarget(env_->Context(Role::ROLE_COUNTY_OFFICER, "6542").get(),
                                       target, &stored_target)
                  .ok());

  v1::GetEmploymentProgressRequest request;
  request.set_region_prefix("6542");
  request.set_year(2022);
  v1::EmploymentProgress progress;
  ASSERT_TRUE(env_->stub()
                  .GetEmploymentProgress(env_->Context(Role::ROLE_COUNTY_OFFICER, "6542").get(),
                                         request, &progress)
                  .ok());
  EXPECT_EQ(progress.target(), kTarget);
  EXPECT_EQ(progress.figures().poverty_alleviated_employed(), kAlleviatedEmployed);
  EXPECT_EQ(progress.completion_percent(), "102.96");
  EXPECT_EQ(progress.figures().out_of_county_person_times(), kPersonTimes);
  EXPECT_EQ(progress.figures().new_businesses(), kBusinesses);
  EXPECT_EQ(progress.figures().business_jobs(), kJobs);
  // The counties add up to the prefecture.
  int64_t by_county = 0;
  for (const auto& area : progress.areas())
    by_county += area.figures().poverty_alleviated_employed();
  EXPECT_EQ(progress.areas_size(), 7);
  EXPECT_EQ(by_county, kAlleviatedEmployed);
  EXPECT_EQ(progress.months(11).figures().poverty_alleviated_employed(), kAlleviatedEmployed);
  EXPECT_EQ(progress.months(1).figures().poverty_alleviated_employed(), 0);  // none by February
}

}  // namespace
}  // namespace rrmon::employment::testing

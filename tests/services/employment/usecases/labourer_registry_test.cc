#include "services/employment/usecases/labourer_registry.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>

#include "common/api/etag.h"
#include "common/status/status_details.h"
#include "common/storage/sqlite_database.h"
#include "services/employment/storage/sqlite_labourer_repository.h"
#include "services/employment/storage/sqlite_schema.h"
#include "tests/support/id_numbers.h"
#include "tests/support/temp_dir.h"

namespace rrmon::employment {
namespace {

using rrmon::common::v1::Role;
using ::testing::HasSubstr;

// Monitoring's answers, set by the test; down: every lookup is UNAVAILABLE.
class FakeDirectory final : public HouseholdDirectory {
 public:
  absl::StatusOr<v1::HouseholdLink> Lookup(const std::string& id_number) override {
    ++lookups;
    if (down) return absl::UnavailableError("monitoring is down");
    auto it = people.find(id_number);
    if (it != people.end()) return it->second;
    v1::HouseholdLink none;
    none.set_state(v1::HOUSEHOLD_LINK_STATE_NOT_REGISTERED);
    return none;
  }

  void Register(const std::string& id_number, bool alleviated, bool monitored = false) {
    v1::HouseholdLink link;
    link.set_state(v1::HOUSEHOLD_LINK_STATE_LINKED);
    link.set_household("households/h-" + id_number.substr(14));
    link.set_member(link.household() + "/members/m1");
    link.set_poverty_alleviated(alleviated);
    link.set_monitored(monitored);
    people[id_number] = link;
  }

  std::map<std::string, v1::HouseholdLink> people;
  bool down = false;
  int lookups = 0;
};

std::string IdNumber(int seed) { return rrmon::testing::MakeIdNumber("654201", "19900412", seed); }

class LabourerRegistryTest : public ::testing::Test {
 protected:
  LabourerRegistryTest()
      : clock_(absl::FromCivil(absl::CivilSecond(2026, 6, 15, 9, 0, 0), absl::UTCTimeZone())) {
    database_ = SqliteDatabase::Open(SqliteOptions{.path = dir_.File("employment.db")},
                                     EmploymentSqliteMigrations())
                    .value();
    repository_ = std::make_unique<SqliteLabourerRepository>(*database_, EmployedRule{30});
    registry_ = std::make_unique<LabourerRegistry>(*repository_, directory_, clock_);
  }

  static auth::Principal Caller(Role role = Role::ROLE_VILLAGE_CADRE,
                                const std::string& region = "654201001001") {
    return auth::Principal{"cadre-1", role, region, absl::InfiniteFuture(), "employment"};
  }

  static v1::CreateLabourerRequest NewLabourer(int seed,
                                               const std::string& village = "654201001001") {
    v1::CreateLabourerRequest request;
    request.mutable_labourer()->set_full_name("努尔兰");
    request.mutable_labourer()->set_id_number(IdNumber(seed));
    request.mutable_labourer()->set_region_code(village);
    return request;
  }

  static v1::CreateJobSpellRequest NewSpell(const v1::Labourer& labourer, const std::string& start,
                                            bool second_job = false) {
    v1::CreateJobSpellRequest request;
    request.set_parent(labourer.name());
    v1::JobSpell& spell = *request.mutable_spell();
    spell.set_form(v1::JOB_FORM_ENTERPRISE);
    spell.set_place_tier(v1::PLACE_TIER_IN_PROVINCE);
    spell.set_destination_region_code("650102");
    spell.set_employer("乌鲁木齐某建筑公司");
    spell.set_start_date(start);
    spell.set_monthly_income_fen(500000);
    spell.set_second_job(second_job);
    return request;
  }

  rrmon::testing::TempDir dir_;
  FakeClock clock_;
  FakeDirectory directory_;
  std::unique_ptr<SqliteDatabase> database_;
  std::unique_ptr<SqliteLabourerRepository> repository_;
  std::unique_ptr<LabourerRegistry> registry_;
};

TEST_F(LabourerRegistryTest, AMemberOfAnAlleviatedHouseholdIsLinkedAsPovertyAlleviatedLabour) {
  directory_.Register(IdNumber(1), /*alleviated=*/true);
  absl::StatusOr<v1::Labourer> labourer = registry_->Create(Caller(), NewLabourer(1));
  ASSERT_TRUE(labourer.ok()) << labourer.status();
  EXPECT_EQ(labourer->household_link().state(), v1::HOUSEHOLD_LINK_STATE_LINKED);
  EXPECT_TRUE(labourer->household_link().has_check_time());
  EXPECT_TRUE(labourer->poverty_alleviated_labour());
  EXPECT_EQ(labourer->etag(), EtagOf(1));
  EXPECT_EQ(registry_->Get(Caller(), labourer->name())->SerializeAsString(),
            labourer->SerializeAsString());
}

TEST_F(LabourerRegistryTest, APersonMonitoringDoesNotKnowIsOtherRuralLabour) {
  absl::StatusOr<v1::Labourer> labourer = registry_->Create(Caller(), NewLabourer(2));
  ASSERT_TRUE(labourer.ok()) << labourer.status();
  EXPECT_EQ(labourer->household_link().state(), v1::HOUSEHOLD_LINK_STATE_NOT_REGISTERED);
  EXPECT_FALSE(labourer->poverty_alleviated_labour());
}

TEST_F(LabourerRegistryTest, MonitoringDownStoresUncheckedAndARefreshLinksLater) {
  directory_.down = true;
  directory_.Register(IdNumber(3), /*alleviated=*/false, /*monitored=*/true);
  absl::StatusOr<v1::Labourer> labourer = registry_->Create(Caller(), NewLabourer(3));
  ASSERT_TRUE(labourer.ok()) << labourer.status();
  EXPECT_EQ(labourer->household_link().state(), v1::HOUSEHOLD_LINK_STATE_UNCHECKED);
  EXPECT_FALSE(labourer->poverty_alleviated_labour());

  // Still down: the refresh says so and writes nothing.
  const absl::Status refused = registry_->RefreshHouseholdLink(Caller(), labourer->name()).status();
  EXPECT_EQ(refused.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(registry_->Get(Caller(), labourer->name())->etag(), EtagOf(1));

  directory_.down = false;
  absl::StatusOr<v1::Labourer> linked = registry_->RefreshHouseholdLink(Caller(), labourer->name());
  ASSERT_TRUE(linked.ok()) << linked.status();
  EXPECT_EQ(linked->household_link().state(), v1::HOUSEHOLD_LINK_STATE_LINKED);
  EXPECT_TRUE(linked->poverty_alleviated_labour());
  EXPECT_EQ(linked->etag(), EtagOf(2));
}

TEST_F(LabourerRegistryTest, BadInputAndOtherRegionsStoreNothing) {
  v1::CreateLabourerRequest bad = NewLabourer(4);
  bad.mutable_labourer()->set_region_code("6542");
  EXPECT_EQ(registry_->Create(Caller(), bad).status().code(), absl::StatusCode::kInvalidArgument);
  const absl::Status elsewhere =
      registry_->Create(Caller(), NewLabourer(4, "654202001001")).status();
  EXPECT_EQ(elsewhere.code(), absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(directory_.lookups, 0);  // refused before monitoring is asked
  // The ID number is still free.
  EXPECT_TRUE(registry_->Create(Caller(), NewLabourer(4)).ok());
}

TEST_F(LabourerRegistryTest, ARetriedCreateReturnsTheFirstLabourer) {
  v1::CreateLabourerRequest request = NewLabourer(5);
  request.set_request_id("8c1e7f3a-1d2b-4c5e-9f60-7a8b9c0d1e2f");
  const v1::Labourer first = registry_->Create(Caller(), request).value();
  const v1::Labourer again = registry_->Create(Caller(), request).value();
  EXPECT_EQ(again.name(), first.name());
  // A second person with the same ID number is refused.
  const absl::Status duplicate = registry_->Create(Caller(), NewLabourer(5)).status();
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kAlreadyExists);
}

TEST_F(LabourerRegistryTest, OverlappingMainJobsAreRefusedASecondJobIsNot) {
  const v1::Labourer labourer = registry_->Create(Caller(), NewLabourer(6)).value();
  const v1::JobSpell first =
      registry_->CreateSpell(Caller(), NewSpell(labourer, "2026-02-01")).value();
  EXPECT_EQ(first.etag(), EtagOf(1));
  const absl::Status overlap =
      registry_->CreateSpell(Caller(), NewSpell(labourer, "2026-04-01")).status();
  EXPECT_EQ(overlap.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(GetErrorReason(overlap), "SPELL_OVERLAP");
  EXPECT_THAT(std::string(overlap.message()), HasSubstr(first.name()));
  EXPECT_TRUE(registry_->CreateSpell(Caller(), NewSpell(labourer, "2026-04-01", true)).ok());
  // Each spell moved the labourer's revision on.
  EXPECT_EQ(registry_->Get(Caller(), labourer.name())->etag(), EtagOf(3));
}

TEST_F(LabourerRegistryTest, AStaleLabourerEtagAbortsTheSpell) {
  const v1::Labourer labourer = registry_->Create(Caller(), NewLabourer(7)).value();
  ASSERT_TRUE(registry_->CreateSpell(Caller(), NewSpell(labourer, "2025-01-01")).ok());
  v1::CreateJobSpellRequest stale = NewSpell(labourer, "2026-02-01");
  stale.set_labourer_etag(labourer.etag());
  EXPECT_EQ(registry_->CreateSpell(Caller(), stale).status().code(), absl::StatusCode::kAborted);
}

TEST_F(LabourerRegistryTest, EndingASpellOnceThenAgain) {
  const v1::Labourer labourer = registry_->Create(Caller(), NewLabourer(8)).value();
  const v1::JobSpell spell =
      registry_->CreateSpell(Caller(), NewSpell(labourer, "2026-02-01")).value();
  v1::EndJobSpellRequest end;
  end.set_name(spell.name());
  end.set_end_date("2026-05-31");
  end.set_end_reason("企业裁员");
  end.set_etag(EtagOf(9));
  EXPECT_EQ(registry_->EndSpell(Caller(), end).status().code(), absl::StatusCode::kAborted);
  end.set_etag(spell.etag());
  absl::StatusOr<v1::JobSpell> ended = registry_->EndSpell(Caller(), end);
  ASSERT_TRUE(ended.ok()) << ended.status();
  EXPECT_EQ(ended->end_date(), "2026-05-31");
  EXPECT_EQ(ended->etag(), EtagOf(2));
  EXPECT_EQ(registry_->GetSpell(Caller(), spell.name())->end_date(), "2026-05-31");
  end.clear_etag();
  EXPECT_EQ(GetErrorReason(registry_->EndSpell(Caller(), end).status()), "SPELL_ALREADY_ENDED");
  // The days after the end are free for the next job.
  EXPECT_TRUE(registry_->CreateSpell(Caller(), NewSpell(labourer, "2026-06-01")).ok());
}

TEST_F(LabourerRegistryTest, ANewIdNumberIsLookedUpAgain) {
  const v1::Labourer labourer = registry_->Create(Caller(), NewLabourer(9)).value();
  EXPECT_FALSE(labourer.poverty_alleviated_labour());
  directory_.Register(IdNumber(10), /*alleviated=*/true);
  v1::UpdateLabourerRequest update;
  *update.mutable_labourer() = labourer;
  update.mutable_labourer()->set_id_number(IdNumber(10));
  update.mutable_update_mask()->add_paths("id_number");
  update.set_reason("身份证号录入错误");
  absl::StatusOr<v1::Labourer> updated = registry_->Update(Caller(), update);
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_TRUE(updated->poverty_alleviated_labour());
  EXPECT_EQ(updated->etag(), EtagOf(2));
  // The etag read before is stale now.
  EXPECT_EQ(registry_->Update(Caller(), update).status().code(), absl::StatusCode::kAborted);
}

TEST_F(LabourerRegistryTest, ACallerSeesOnlyTheirRegion) {
  const v1::Labourer labourer = registry_->Create(Caller(), NewLabourer(11)).value();
  const auth::Principal other = Caller(Role::ROLE_VILLAGE_CADRE, "654201001002");
  EXPECT_EQ(registry_->Get(other, labourer.name()).status().code(), absl::StatusCode::kNotFound);
  v1::ListLabourersRequest list;
  EXPECT_EQ(registry_->List(other, list)->labourers_size(), 0);
  EXPECT_EQ(registry_->List(Caller(), list)->labourers_size(), 1);
  list.set_region_prefix("6542");  // wider than the caller's region
  EXPECT_EQ(registry_->List(Caller(), list).status().code(), absl::StatusCode::kPermissionDenied);
}

}  // namespace
}  // namespace rrmon::employment

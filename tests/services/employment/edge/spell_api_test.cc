// Job spells over real gRPC: the overlap rule, ending, lists, idempotent creates.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/api/etag.h"
#include "tests/services/employment/employment_test_env.h"
#include "tests/support/id_numbers.h"

namespace rrmon::employment::testing {
namespace {

using monitoring::testing::ErrorReasonOf;
using monitoring::testing::PreconditionSubjects;
using monitoring::testing::ViolatedFields;
using ::testing::ElementsAre;

constexpr char kVillage[] = "654201001001";

class SpellApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = EmploymentTestEnv::Start();
    v1::CreateLabourerRequest request;
    *request.mutable_labourer() =
        SampleLabourer(rrmon::testing::MakeIdNumber("654201", "19920505", 51));
    ASSERT_TRUE(env_->stub().CreateLabourer(Context().get(), request, &labourer_).ok());
  }

  std::unique_ptr<grpc::ClientContext> Context(Role role = Role::ROLE_VILLAGE_CADRE,
                                               const std::string& region = kVillage) {
    return env_->Context(role, region);
  }

  grpc::Status Add(const v1::JobSpell& spell, v1::JobSpell& stored,
                   const std::string& request_id = "") {
    v1::CreateJobSpellRequest request;
    request.set_parent(labourer_.name());
    *request.mutable_spell() = spell;
    request.set_request_id(request_id);
    return env_->stub().CreateJobSpell(Context().get(), request, &stored);
  }

  std::unique_ptr<EmploymentTestEnv> env_;
  v1::Labourer labourer_;
};

TEST_F(SpellApiTest, ASpellIsStoredUnderItsLabourer) {
  v1::JobSpell stored;
  ASSERT_TRUE(Add(SampleSpell("2026-02-01"), stored).ok());
  EXPECT_EQ(stored.name().rfind(labourer_.name() + "/spells/", 0), 0u) << stored.name();
  EXPECT_EQ(stored.etag(), EtagOf(1));
  EXPECT_EQ(stored.monthly_income_fen(), 520000);
  v1::GetJobSpellRequest get;
  get.set_name(stored.name());
  v1::JobSpell read;
  ASSERT_TRUE(env_->stub().GetJobSpell(Context().get(), get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), stored.SerializeAsString());
}

TEST_F(SpellApiTest, AnOverlappingMainJobIsRefusedNamingTheOther) {
  v1::JobSpell first;
  ASSERT_TRUE(Add(SampleSpell("2026-02-01"), first).ok());
  v1::JobSpell second;
  const grpc::Status overlap = Add(SampleSpell("2025-12-01", "2026-02-01"), second);
  EXPECT_EQ(overlap.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReasonOf(overlap), "SPELL_OVERLAP");
  EXPECT_THAT(PreconditionSubjects(overlap), ElementsAre(first.name()));
  // A day earlier it fits; as a second job it may overlap.
  ASSERT_TRUE(Add(SampleSpell("2025-12-01", "2026-01-31"), second).ok());
  v1::JobSpell side = SampleSpell("2026-03-01");
  side.set_second_job(true);
  side.set_form(v1::JOB_FORM_FLEXIBLE);
  side.clear_employer();
  EXPECT_TRUE(Add(side, second).ok());
}

TEST_F(SpellApiTest, BadFieldsAreNamedAndNothingIsStored) {
  v1::JobSpell bad = SampleSpell("2026-02-01");
  bad.set_place_tier(v1::PLACE_TIER_IN_TOWNSHIP);  // but Ürümqi is far outside the township
  bad.set_monthly_income_fen(-5);
  v1::JobSpell stored;
  const grpc::Status status = Add(bad, stored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("spell.destination_region_code", "spell.monthly_income_fen"));
  v1::ListJobSpellsRequest list;
  list.set_parent(labourer_.name());
  v1::ListJobSpellsResponse spells;
  ASSERT_TRUE(env_->stub().ListJobSpells(Context().get(), list, &spells).ok());
  EXPECT_EQ(spells.spells_size(), 0);
}

TEST_F(SpellApiTest, EndingASpellRecordsTheDayAndIsRefusedTwice) {
  v1::JobSpell spell;
  ASSERT_TRUE(Add(SampleSpell("2026-02-01"), spell).ok());
  v1::EndJobSpellRequest end;
  end.set_name(spell.name());
  end.set_end_date("2026-05-31");
  end.set_end_reason("企业裁员");
  end.set_etag(spell.etag());
  v1::JobSpell ended;
  ASSERT_TRUE(env_->stub().EndJobSpell(Context().get(), end, &ended).ok());
  EXPECT_EQ(ended.end_date(), "2026-05-31");
  EXPECT_EQ(ended.end_reason(), "企业裁员");
  EXPECT_EQ(ended.etag(), EtagOf(2));
  const grpc::Status again = env_->stub().EndJobSpell(Context().get(), end, &ended);
  EXPECT_EQ(again.error_code(), grpc::StatusCode::ABORTED);  // the etag read before is stale
  end.clear_etag();
  const grpc::Status twice = env_->stub().EndJobSpell(Context().get(), end, &ended);
  EXPECT_EQ(twice.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReasonOf(twice), "SPELL_ALREADY_ENDED");
}

TEST_F(SpellApiTest, ARetriedCreateStoresOneSpell) {
  v1::JobSpell first;
  v1::JobSpell again;
  const std::string id = "0b5a7c9e-2f41-4d3b-8e6a-1c2d3e4f5a6b";
  ASSERT_TRUE(Add(SampleSpell("2026-02-01"), first, id).ok());
  ASSERT_TRUE(Add(SampleSpell("2026-02-01"), again, id).ok());
  EXPECT_EQ(again.name(), first.name());
  v1::ListJobSpellsRequest list;
  list.set_parent(labourer_.name());
  v1::ListJobSpellsResponse spells;
  ASSERT_TRUE(env_->stub().ListJobSpells(Context().get(), list, &spells).ok());
  EXPECT_EQ(spells.spells_size(), 1);
}

TEST_F(SpellApiTest, ARegionListsItsLabourersSpellsAndOngoingOnesAlone) {
  v1::JobSpell past;
  v1::JobSpell current;
  ASSERT_TRUE(Add(SampleSpell("2025-03-01", "2025-10-31"), past).ok());
  ASSERT_TRUE(Add(SampleSpell("2026-02-01"), current).ok());
  v1::ListJobSpellsRequest list;
  list.set_parent("labourers/-");
  list.set_region_prefix("654201");
  v1::ListJobSpellsResponse spells;
  ASSERT_TRUE(env_->stub()
                  .ListJobSpells(Context(Role::ROLE_COUNTY_OFFICER, "654201").get(), list, &spells)
                  .ok());
  ASSERT_EQ(spells.spells_size(), 2);
  EXPECT_EQ(spells.spells(0).name(), past.name());
  list.set_ongoing_only(true);
  ASSERT_TRUE(env_->stub()
                  .ListJobSpells(Context(Role::ROLE_COUNTY_OFFICER, "654201").get(), list, &spells)
                  .ok());
  ASSERT_EQ(spells.spells_size(), 1);
  EXPECT_EQ(spells.spells(0).name(), current.name());
  // Another county sees none of them, and may not ask for this one.
  const grpc::Status other =
      env_->stub().ListJobSpells(Context(Role::ROLE_COUNTY_OFFICER, "654202").get(), list, &spells);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace rrmon::employment::testing

// The household registry end to end: real gRPC over loopback, a real SQLite file and
// a real Redis, through the same MonitoringServer that main() runs.

#include <sqlite3.h>

#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/status/grpc_status.h"
#include "common/status/status_details.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/monitoring/monitoring_test_env.h"
#include "tests/support/http_get.h"
#include "tests/support/id_numbers.h"

namespace rrmon::monitoring::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kVillage[] = "654201001001";  // a village of 塔城市
constexpr char kCounty[] = "654201";
constexpr char kOtherCounty[] = "654202";  // 乌苏市

// The field named by the first BadRequest violation of a gRPC error.
std::string ViolatedField(const grpc::Status& status) {
  auto bad_request = GetBadRequest(FromGrpcStatus(status));
  return bad_request.field_violations().empty() ? "" : bad_request.field_violations(0).field();
}

// A schoolchild to add to a household, with an ID number unique per `sequence`.
v1::HouseholdMember Child(const std::string& full_name, int sequence) {
  v1::HouseholdMember child;
  child.set_full_name(full_name);
  child.set_id_number(rrmon::testing::MakeIdNumber("654201", "20150601", sequence));
  child.set_relation_to_head(v1::RELATION_CHILD);
  child.set_health(v1::HEALTH_STATUS_HEALTHY);
  child.set_labour_capacity(v1::LABOUR_CAPACITY_NONE);
  child.set_schooling_stage(v1::SCHOOLING_STAGE_PRIMARY);
  return child;
}

class HouseholdApiTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = MonitoringTestEnv::Start(); }

  grpc::Status Create(const v1::Household& household, v1::Household* created,
                      const std::string& request_id = "", Role role = Role::ROLE_VILLAGE_CADRE,
                      const std::string& region = kCounty) {
    v1::CreateHouseholdRequest request;
    *request.mutable_household() = household;
    request.set_request_id(request_id);
    return env_->stub().CreateHousehold(env_->Context(role, region).get(), request, created);
  }

  grpc::Status Get(const std::string& name, v1::Household* household,
                   Role role = Role::ROLE_TOWNSHIP_OFFICER, const std::string& region = kCounty) {
    v1::GetHouseholdRequest request;
    request.set_name(name);
    return env_->stub().GetHousehold(env_->Context(role, region).get(), request, household);
  }

  std::vector<v1::Household> ListAll(v1::ListHouseholdsRequest request,
                                     const std::string& region = "6542") {
    std::vector<v1::Household> all;
    while (true) {
      v1::ListHouseholdsResponse response;
      const grpc::Status status = env_->stub().ListHouseholds(
          env_->Context(Role::ROLE_COUNTY_OFFICER, region).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) return all;
      for (const auto& household : response.households()) all.push_back(household);
      if (response.next_page_token().empty()) return all;
      request.set_page_token(response.next_page_token());
    }
  }

  int64_t AuditRows(const std::string& resource) {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open_v2(env_->database_path().c_str(), &db, SQLITE_OPEN_READONLY, nullptr),
              SQLITE_OK);
    sqlite3_stmt* statement = nullptr;
    sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM audit_log WHERE resource LIKE ?1 || '%'", -1,
                       &statement, nullptr);
    sqlite3_bind_text(statement, 1, resource.c_str(), -1, SQLITE_TRANSIENT);
    int64_t count = -1;
    if (sqlite3_step(statement) == SQLITE_ROW) count = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return count;
  }

  std::unique_ptr<MonitoringTestEnv> env_;
};

// What a write answers, role by role: the roles that may write see in full what they
// wrote (they may read it all); the roles that may not write get nothing back at all,
// not even a masked copy, and nothing is stored.
TEST_F(HouseholdApiTest, WriteResponsesHoldExactlyWhatTheCallerMaySee) {
  int seed = 40;
  for (Role writer :
       {Role::ROLE_VILLAGE_CADRE, Role::ROLE_TOWNSHIP_OFFICER, Role::ROLE_COUNTY_OFFICER}) {
    SCOPED_TRACE(rrmon::common::v1::Role_Name(writer));
    const v1::Household sent = SampleHousehold(++seed);
    v1::Household created;
    ASSERT_TRUE(Create(sent, &created, "", writer, kCounty).ok());
    ASSERT_EQ(created.members_size(), sent.members_size());
    EXPECT_EQ(created.members(0).id_number(), sent.members(0).id_number());
    EXPECT_EQ(created.members(0).health(), sent.members(0).health());
    EXPECT_EQ(created.members(0).full_name(), sent.members(0).full_name());

    v1::UpdateHouseholdRequest update;
    *update.mutable_household() = created;
    update.mutable_household()->set_address("塔城市 新地址 9 号");
    update.mutable_update_mask()->add_paths("address");
    update.set_reason("moved house");
    v1::Household updated;
    ASSERT_TRUE(
        env_->stub().UpdateHousehold(env_->Context(writer, kCounty).get(), update, &updated).ok());
    EXPECT_EQ(updated.members(0).id_number(), sent.members(0).id_number());
    EXPECT_EQ(updated.members(0).birth_date(), created.members(0).birth_date());

    v1::CreateHouseholdMemberRequest add;
    add.set_parent(created.name());
    *add.mutable_member() = Child("米娜·阿卜杜拉", 200 + seed);
    v1::HouseholdMember added;
    ASSERT_TRUE(
        env_->stub().CreateHouseholdMember(env_->Context(writer, kCounty).get(), add, &added).ok());
    EXPECT_EQ(added.id_number(), add.member().id_number());
    EXPECT_EQ(added.schooling_stage(), v1::SCHOOLING_STAGE_PRIMARY);
  }

  for (Role reader : {Role::ROLE_ANALYST, Role::ROLE_SERVICE}) {
    SCOPED_TRACE(rrmon::common::v1::Role_Name(reader));
    v1::Household created;
    const grpc::Status refused = Create(SampleHousehold(++seed), &created, "", reader, "6542");
    EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_EQ(created.ByteSizeLong(), 0u) << "a refused write answers nothing";
  }
  EXPECT_EQ(ListAll({}).size(), 3u) << "only the writers' households were stored";
}

TEST_F(HouseholdApiTest, FullLifecycle) {
  v1::Household created;
  ASSERT_TRUE(Create(SampleHousehold(1), &created).ok());
  EXPECT_TRUE(absl::StartsWith(created.name(), "households/"));
  EXPECT_EQ(created.etag(), "1");
  EXPECT_EQ(created.status(), v1::HOUSEHOLD_STATUS_REGISTERED);
  EXPECT_EQ(created.household_size(), 2);
  ASSERT_THAT(created.members(), SizeIs(2));
  EXPECT_EQ(created.members(0).full_name(), "阿依古丽·买买提");
  EXPECT_EQ(created.members(0).birth_date(), "1980-03-07");
  EXPECT_NE(created.members(0).sex(), v1::SEX_UNSPECIFIED);
  EXPECT_TRUE(created.has_create_time());

  v1::Household fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_EQ(fetched.SerializeAsString(), created.SerializeAsString());

  // Update with the etag read: accepted, revision moves on.
  v1::UpdateHouseholdRequest update;
  update.mutable_household()->set_name(created.name());
  update.mutable_household()->set_etag(created.etag());
  update.mutable_household()->set_address("塔城市 新地址 8 号");
  update.mutable_update_mask()->add_paths("address");
  update.set_reason("moved house");
  v1::Household updated;
  ASSERT_TRUE(
      env_->stub()
          .UpdateHousehold(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), update, &updated)
          .ok());
  EXPECT_EQ(updated.address(), "塔城市 新地址 8 号");
  EXPECT_EQ(updated.etag(), "2");
  EXPECT_TRUE(updated.poverty_alleviated()) << "fields outside the mask are kept";

  // A second update with the stale etag clashes.
  v1::Household ignored;
  const grpc::Status stale = env_->stub().UpdateHousehold(
      env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), update, &ignored);
  EXPECT_EQ(stale.error_code(), grpc::StatusCode::ABORTED);

  // Members: add a child, change her schooling, remove her.
  v1::CreateHouseholdMemberRequest add;
  add.set_parent(created.name());
  *add.mutable_member() = Child("米娜·阿卜杜拉", 22);
  v1::HouseholdMember added;
  ASSERT_TRUE(env_->stub()
                  .CreateHouseholdMember(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(),
                                         add, &added)
                  .ok());
  EXPECT_EQ(added.sex(), v1::SEX_FEMALE);
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_EQ(fetched.household_size(), 3);
  EXPECT_EQ(fetched.etag(), "3");

  v1::UpdateHouseholdMemberRequest change;
  change.mutable_member()->set_name(added.name());
  change.mutable_member()->set_etag(added.etag());
  change.mutable_member()->set_schooling_stage(v1::SCHOOLING_STAGE_JUNIOR_SECONDARY);
  change.mutable_update_mask()->add_paths("schooling_stage");
  v1::HouseholdMember changed;
  ASSERT_TRUE(env_->stub()
                  .UpdateHouseholdMember(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(),
                                         change, &changed)
                  .ok());
  EXPECT_EQ(changed.schooling_stage(), v1::SCHOOLING_STAGE_JUNIOR_SECONDARY);
  EXPECT_EQ(changed.full_name(), "米娜·阿卜杜拉");
  EXPECT_EQ(changed.etag(), "2");

  v1::DeleteHouseholdMemberRequest remove;
  remove.set_name(added.name());
  remove.set_reason("married out of the village");
  v1::DeleteHouseholdMemberResponse removed;
  ASSERT_TRUE(env_->stub()
                  .DeleteHouseholdMember(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(),
                                         remove, &removed)
                  .ok());
  EXPECT_EQ(removed.household().household_size(), 2);

  // Removing the head is refused: the household would have none.
  remove.set_name(created.members(0).name());
  EXPECT_EQ(env_->stub()
                .DeleteHouseholdMember(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(),
                                       remove, &removed)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // Soft delete: an officer's act; the household stays readable but leaves lists.
  v1::DeleteHouseholdRequest erase;
  erase.set_name(created.name());
  erase.set_reason("duplicate registration");
  v1::Household deleted;
  EXPECT_EQ(
      env_->stub()
          .DeleteHousehold(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), erase, &deleted)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(env_->stub()
                  .DeleteHousehold(env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty).get(), erase,
                                   &deleted)
                  .ok());
  EXPECT_TRUE(deleted.has_delete_time());
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_TRUE(fetched.has_delete_time()) << "the cache was invalidated after the delete";
  EXPECT_THAT(ListAll({}), SizeIs(0));
  v1::ListHouseholdsRequest with_deleted;
  with_deleted.set_show_deleted(true);
  EXPECT_THAT(ListAll(with_deleted), SizeIs(1));

  v1::UndeleteHouseholdRequest restore;
  restore.set_name(created.name());
  restore.set_reason("deleted by mistake");
  v1::Household restored;
  ASSERT_TRUE(env_->stub()
                  .UndeleteHousehold(env_->Context(Role::ROLE_COUNTY_OFFICER, kCounty).get(),
                                     restore, &restored)
                  .ok());
  EXPECT_FALSE(restored.has_delete_time());
  EXPECT_THAT(ListAll({}), SizeIs(1));

  // Every change left an audit row: create, update, member add/update/remove, delete,
  // undelete (the refused calls left none).
  EXPECT_EQ(AuditRows(created.name()), 7);
}

TEST_F(HouseholdApiTest, PaginationVisitsEveryHouseholdOnceInRegionOrder) {
  std::set<std::string> names;
  for (int i = 0; i < 7; ++i) {
    v1::Household created;
    const std::string village = i % 2 == 0 ? "654201001001" : "654201002003";
    ASSERT_TRUE(Create(SampleHousehold(10 + i, village), &created).ok());
    names.insert(created.name());
  }
  // Another county, outside the filter below.
  v1::Household elsewhere;
  ASSERT_TRUE(Create(SampleHousehold(30, "654202001001"), &elsewhere, "", Role::ROLE_VILLAGE_CADRE,
                     kOtherCounty)
                  .ok());

  v1::ListHouseholdsRequest request;
  request.set_page_size(3);
  request.set_region_prefix(kCounty);
  std::vector<std::string> seen;
  std::string previous_key;
  int pages = 0;
  while (true) {
    v1::ListHouseholdsResponse response;
    ASSERT_TRUE(env_->stub()
                    .ListHouseholds(env_->Context(Role::ROLE_COUNTY_OFFICER, kCounty).get(),
                                    request, &response)
                    .ok());
    ++pages;
    EXPECT_LE(response.households_size(), 3);
    for (const auto& household : response.households()) {
      const std::string key = household.region_code() + "/" + household.name();
      EXPECT_LT(previous_key, key) << "ordered by region code, then id";
      previous_key = key;
      seen.push_back(household.name());
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), names);
  EXPECT_THAT(seen, SizeIs(7));

  // A token is bound to its query: changing the filter mid-way is refused.
  v1::ListHouseholdsRequest first;
  first.set_page_size(3);
  first.set_region_prefix(kCounty);
  v1::ListHouseholdsResponse page;
  ASSERT_TRUE(
      env_->stub()
          .ListHouseholds(env_->Context(Role::ROLE_COUNTY_OFFICER, kCounty).get(), first, &page)
          .ok());
  first.set_page_token(page.next_page_token());
  first.set_region_prefix("654201001");
  const grpc::Status changed = env_->stub().ListHouseholds(
      env_->Context(Role::ROLE_COUNTY_OFFICER, kCounty).get(), first, &page);
  EXPECT_EQ(changed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(changed), "page_token");
}

TEST_F(HouseholdApiTest, RetriedCreateWithSameRequestIdReturnsFirstResult) {
  v1::Household first, second;
  ASSERT_TRUE(Create(SampleHousehold(40), &first, "3f1c2a9e-7b1d-4a55-9c1e-2d7e8f4a6b10").ok());
  ASSERT_TRUE(Create(SampleHousehold(40), &second, "3f1c2a9e-7b1d-4a55-9c1e-2d7e8f4a6b10").ok());
  EXPECT_EQ(first.name(), second.name());
  EXPECT_THAT(ListAll({}), SizeIs(1));

  // The same id with a different request is a client bug, not a retry.
  v1::Household other;
  const grpc::Status reused =
      Create(SampleHousehold(41), &other, "3f1c2a9e-7b1d-4a55-9c1e-2d7e8f4a6b10");
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(reused), "request_id");
  EXPECT_THAT(ListAll({}), SizeIs(1));

  EXPECT_EQ(AuditRows(first.name()), 1) << "the retry changed nothing";
}

// An idempotent replay answers only a caller who could have made the first call: the
// request log is read after the region and role checks, never instead of them.
TEST_F(HouseholdApiTest, ReplayedCreatesAreAuthorisedLikeTheFirstCall) {
  v1::CreateHouseholdRequest create;
  *create.mutable_household() = SampleHousehold(42);
  create.set_request_id("replay-household-1");
  v1::Household created;
  ASSERT_TRUE(
      env_->stub()
          .CreateHousehold(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), create, &created)
          .ok());

  v1::CreateHouseholdMemberRequest add;
  add.set_parent(created.name());
  add.set_request_id("replay-member-1");
  *add.mutable_member() = Child("米娜·阿卜杜拉", 24);
  v1::HouseholdMember added;
  ASSERT_TRUE(env_->stub()
                  .CreateHouseholdMember(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(),
                                         add, &added)
                  .ok());

  // A household in a region not the caller's is PERMISSION_DENIED to create (the region
  // is the caller's own request) and, for a member, does not exist (NOT_FOUND).
  struct Outsider {
    Role role;
    std::string region;
    grpc::StatusCode member_code;
  };
  const std::vector<Outsider> outsiders = {
      // the same role, another county
      {Role::ROLE_VILLAGE_CADRE, kOtherCounty, grpc::StatusCode::NOT_FOUND},
      {Role::ROLE_COUNTY_OFFICER, kOtherCounty, grpc::StatusCode::NOT_FOUND},
      // a prefecture that does not cover 6542
      {Role::ROLE_COUNTY_OFFICER, "6540", grpc::StatusCode::NOT_FOUND},
      // roles that may not create at all
      {Role::ROLE_ANALYST, kCounty, grpc::StatusCode::PERMISSION_DENIED},
      {Role::ROLE_SERVICE, "6542", grpc::StatusCode::PERMISSION_DENIED},
  };
  for (const Outsider& outsider : outsiders) {
    SCOPED_TRACE(
        absl::StrCat(rrmon::common::v1::Role_Name(outsider.role), " of ", outsider.region));
    v1::Household household;
    const grpc::Status household_replay = env_->stub().CreateHousehold(
        env_->Context(outsider.role, outsider.region).get(), create, &household);
    EXPECT_EQ(household_replay.error_code(), grpc::StatusCode::PERMISSION_DENIED);
    EXPECT_THAT(household.members(), IsEmpty()) << "nothing of the first result comes back";
    v1::HouseholdMember member;
    const grpc::Status member_replay = env_->stub().CreateHouseholdMember(
        env_->Context(outsider.role, outsider.region).get(), add, &member);
    EXPECT_EQ(member_replay.error_code(), outsider.member_code);
    EXPECT_THAT(member.id_number(), IsEmpty());
  }

  // The caller of the first call, and anyone who could have made it, gets the first result.
  v1::Household again;
  ASSERT_TRUE(env_->stub()
                  .CreateHousehold(env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty).get(),
                                   create, &again)
                  .ok());
  EXPECT_EQ(again.name(), created.name());
  v1::HouseholdMember member_again;
  ASSERT_TRUE(env_->stub()
                  .CreateHouseholdMember(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(),
                                         add, &member_again)
                  .ok());
  EXPECT_EQ(member_again.name(), added.name());
}

// The audit trail cannot be rewritten, not even with the database file in hand; the
// request log forgets responses after its retention.
TEST_F(HouseholdApiTest, AuditIsAppendOnlyAndTheRequestLogHasARetention) {
  v1::Household first;
  ASSERT_TRUE(Create(SampleHousehold(43), &first, "retained-1").ok());

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(env_->database_path().c_str(), &db), SQLITE_OK);
  for (const char* sql : {"UPDATE audit_log SET reason = 'rewritten'", "DELETE FROM audit_log"}) {
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, &error), SQLITE_CONSTRAINT) << sql;
    EXPECT_THAT(std::string(error != nullptr ? error : ""), HasSubstr("append-only"));
    sqlite3_free(error);
  }
  sqlite3_close(db);
  EXPECT_EQ(AuditRows(first.name()), 1);

  // Within the retention the id replays; after it, a write purges it and the same request
  // is a new one.
  v1::Household replayed;
  ASSERT_TRUE(Create(SampleHousehold(43), &replayed, "retained-1").ok());
  EXPECT_EQ(replayed.name(), first.name());
  env_->clock().Advance(absl::Hours(24 * 31));
  v1::Household other;
  ASSERT_TRUE(Create(SampleHousehold(44), &other, "retained-2").ok());
  ASSERT_TRUE(env_->DeleteHousehold(first.name()).ok());
  v1::Household again;
  ASSERT_TRUE(Create(SampleHousehold(43), &again, "retained-1").ok());
  EXPECT_NE(again.name(), first.name()) << "the logged response was purged";
}

TEST_F(HouseholdApiTest, BadInputIsRejectedWithTheFieldNamedAndNothingStored) {
  struct Case {
    std::string label;
    std::function<void(v1::Household&)> spoil;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"no region", [](v1::Household& h) { h.clear_region_code(); }, "household.region_code"},
      {"short region", [](v1::Household& h) { h.set_region_code("65420100100"); },
       "household.region_code"},
      {"letters in region", [](v1::Household& h) { h.set_region_code("65420100100A"); },
       "household.region_code"},
      {"bad check character",
       [](v1::Household& h) {
         std::string id = h.members(0).id_number();
         id.back() = id.back() == '1' ? '2' : '1';
         h.mutable_members(0)->set_id_number(id);
       },
       "household.members[0].id_number"},
      {"impossible birth date",
       [](v1::Household& h) {
         h.mutable_members(1)->set_id_number(rrmon::testing::MakeIdNumber("654201", "19900230", 5));
       },
       "household.members[1].id_number"},
      {"control character in name",
       [](v1::Household& h) { h.mutable_members(0)->set_full_name("阿依\x07古丽"); },
       "household.members[0].full_name"},
      {"digits in name", [](v1::Household& h) { h.mutable_members(0)->set_full_name("张3"); },
       "household.members[0].full_name"},
      {"zero-width joiner between Han letters",
       [](v1::Household& h) { h.mutable_members(0)->set_full_name("王\u200D建国"); },
       "household.members[0].full_name"},
      {"zero-width joiner between Latin letters",
       [](v1::Household& h) { h.mutable_members(1)->set_full_name("A\u200Dli"); },
       "household.members[1].full_name"},
      {"no members", [](v1::Household& h) { h.clear_members(); }, "household.members"},
      {"no relation", [](v1::Household& h) { h.mutable_members(1)->clear_relation_to_head(); },
       "household.members[1].relation_to_head"},
      {"unknown health value",
       [](v1::Household& h) {
         h.mutable_members(1)->set_health(static_cast<v1::HealthStatus>(99));
       },
       "household.members[1].health"},
      {"alleviation year out of range",
       [](v1::Household& h) { h.set_poverty_alleviation_year(2023); },
       "household.poverty_alleviation_year"},
      {"year without alleviation",
       [](v1::Household& h) {
         h.set_poverty_alleviated(false);
         h.set_poverty_alleviation_year(2018);
       },
       "household.poverty_alleviation_year"},
      {"bidi override in address", [](v1::Household& h) { h.set_address("塔城市\u202e8 号"); },
       "household.address"},
  };
  for (const Case& c : cases) {
    v1::Household household = SampleHousehold(50);
    c.spoil(household);
    v1::Household created;
    const grpc::Status status = Create(household, &created);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << c.label;
    EXPECT_EQ(ViolatedField(status), c.field) << c.label << ": " << status.error_message();
    EXPECT_EQ(ErrorReasonOf(status), "INVALID_FIELD") << c.label;
  }
  v1::Household created;
  EXPECT_EQ(Create(SampleHousehold(50), &created, "not a valid id!").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ListAll({}), SizeIs(0)) << "nothing was stored";

  v1::Household fetched;
  const grpc::Status bad_name = Get("households/NOT_AN_ID", &fetched);
  EXPECT_EQ(bad_name.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ViolatedField(bad_name), "name");
  EXPECT_EQ(Get("households/0123456789abcdef", &fetched).error_code(), grpc::StatusCode::NOT_FOUND);

  v1::ListHouseholdsRequest negative;
  negative.set_page_size(-1);
  v1::ListHouseholdsResponse response;
  const grpc::Status bad_size = env_->stub().ListHouseholds(
      env_->Context(Role::ROLE_COUNTY_OFFICER, kCounty).get(), negative, &response);
  EXPECT_EQ(ViolatedField(bad_size), "page_size");

  ASSERT_TRUE(Create(SampleHousehold(51), &created).ok());
  v1::UpdateHouseholdRequest update;
  update.mutable_household()->set_name(created.name());
  update.mutable_household()->set_region_code("6542");
  update.mutable_update_mask()->add_paths("status");
  v1::Household updated;
  const grpc::Status bad_mask = env_->stub().UpdateHousehold(
      env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), update, &updated);
  EXPECT_EQ(ViolatedField(bad_mask), "update_mask") << "status is set by the workflow only";
  update.mutable_update_mask()->set_paths(0, "region_code");
  const grpc::Status bad_region = env_->stub().UpdateHousehold(
      env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), update, &updated);
  EXPECT_EQ(ViolatedField(bad_region), "household.region_code");
  ASSERT_TRUE(Get(created.name(), &updated).ok());
  EXPECT_EQ(updated.region_code(), kVillage) << "the rejected update stored nothing";
}

// One person, one spelling: the middle dot an input method typed is stored as U+00B7, so
// search, deduplication and matching by name agree.
TEST_F(HouseholdApiTest, NamesAreStoredInOneSpelling) {
  v1::Household household = SampleHousehold(64);
  household.mutable_members(0)->set_full_name("阿依古丽\u30FB买买提");  // katakana middle dot
  household.mutable_members(1)->set_full_name("努尔兰\u2022哈孜别克");  // bullet
  v1::Household created;
  ASSERT_TRUE(Create(household, &created).ok());
  EXPECT_EQ(created.members(0).full_name(), "阿依古丽\u00B7买买提");
  EXPECT_EQ(created.members(1).full_name(), "努尔兰\u00B7哈孜别克");

  v1::Household fetched;
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_EQ(fetched.members(0).full_name(), "阿依古丽\u00B7买买提");

  // Adding and renaming members normalise too (NFC: e + U+0301 is é).
  v1::CreateHouseholdMemberRequest add;
  add.set_parent(created.name());
  *add.mutable_member() = Child("Jose\u0301\uFF0EMamat", 26);
  v1::HouseholdMember added;
  ASSERT_TRUE(env_->stub()
                  .CreateHouseholdMember(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(),
                                         add, &added)
                  .ok());
  EXPECT_EQ(added.full_name(), "Jos\u00E9\u00B7Mamat");

  v1::UpdateHouseholdMemberRequest rename;
  rename.mutable_member()->set_name(added.name());
  rename.mutable_member()->set_full_name("米娜\u2027阿卜杜拉");
  rename.mutable_update_mask()->add_paths("full_name");
  v1::HouseholdMember renamed;
  ASSERT_TRUE(env_->stub()
                  .UpdateHouseholdMember(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(),
                                         rename, &renamed)
                  .ok());
  EXPECT_EQ(renamed.full_name(), "米娜\u00B7阿卜杜拉");
}

TEST_F(HouseholdApiTest, CompositionRulesHold) {
  v1::Household two_heads = SampleHousehold(60);
  two_heads.mutable_members(1)->set_relation_to_head(v1::RELATION_HEAD);
  v1::Household created;
  const grpc::Status heads = Create(two_heads, &created);
  EXPECT_EQ(heads.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReasonOf(heads), "HOUSEHOLD_HEAD_COUNT");
  EXPECT_THAT(PreconditionSubjects(heads), ElementsAre("members[1].relation_to_head"));

  v1::Household twice = SampleHousehold(63);
  twice.mutable_members(1)->set_id_number(twice.members(0).id_number());
  const grpc::Status same_person = Create(twice, &created);
  EXPECT_EQ(same_person.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(ErrorReasonOf(same_person), "DUPLICATE_ID_NUMBER");
  EXPECT_THAT(PreconditionSubjects(same_person), ElementsAre("members[1].id_number"));

  ASSERT_TRUE(Create(SampleHousehold(61), &created).ok());
  // The same person cannot be registered in a second household.
  v1::Household again = SampleHousehold(62);
  again.mutable_members(1)->set_id_number(SampleHousehold(61).members(1).id_number());
  v1::Household duplicate;
  EXPECT_EQ(Create(again, &duplicate).error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(ListAll({}), SizeIs(1));
}

TEST_F(HouseholdApiTest, AuthenticationAndAuthorisationMatrix) {
  v1::Household created;
  ASSERT_TRUE(Create(SampleHousehold(70), &created).ok());
  v1::GetHouseholdRequest get;
  get.set_name(created.name());
  v1::Household out;

  // No token, an expired one, one signed by another key, a garbled one.
  EXPECT_EQ(env_->stub().GetHousehold(env_->ContextWithToken("").get(), get, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  const std::string expired = env_->TokenExpiringAt(Role::ROLE_COUNTY_OFFICER, kCounty,
                                                    env_->clock().Now() - absl::Minutes(5));
  EXPECT_EQ(
      env_->stub().GetHousehold(env_->ContextWithToken(expired).get(), get, &out).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  auto other_env = MonitoringTestEnv::Start({.with_redis = false});
  const std::string forged = other_env->Token(Role::ROLE_COUNTY_OFFICER, kCounty);
  EXPECT_EQ(env_->stub().GetHousehold(env_->ContextWithToken(forged).get(), get, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // A token for another service, and one that outlives what the role allows.
  const absl::Time now = env_->clock().Now();
  const std::string for_courtyard = env_->TokenFor(
      {"tester", Role::ROLE_COUNTY_OFFICER, kCounty, now + absl::Hours(1), "courtyard"}, now);
  EXPECT_EQ(env_->stub()
                .GetHousehold(env_->ContextWithToken(for_courtyard).get(), get, &out)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  const std::string ten_years = env_->TokenFor(
      {"tester", Role::ROLE_COUNTY_OFFICER, kCounty, now + absl::Hours(24 * 3650), "monitoring"},
      now);
  EXPECT_EQ(
      env_->stub().GetHousehold(env_->ContextWithToken(ten_years).get(), get, &out).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  std::string tampered = env_->Token(Role::ROLE_COUNTY_OFFICER, "6542");
  tampered[tampered.find('.') + 3] ^= 1;
  EXPECT_EQ(
      env_->stub().GetHousehold(env_->ContextWithToken(tampered).get(), get, &out).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);

  // Another county's officer; an analyst (aggregates only); a cadre deleting. Each refusal
  // says why in a stable reason.
  // To another county the household does not exist: the same answer, word for word, as
  // for an id that was never used, and no region in it.
  const grpc::Status foreign = Get(created.name(), &out, Role::ROLE_COUNTY_OFFICER, kOtherCounty);
  EXPECT_EQ(foreign.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorReasonOf(foreign), "RESOURCE_NOT_FOUND");
  EXPECT_EQ(foreign.error_message(), created.name() + " does not exist");
  EXPECT_THAT(foreign.error_message(), Not(HasSubstr("654201")));
  const std::string unused_name = "households/0000000000000000";
  const grpc::Status never = Get(unused_name, &out, Role::ROLE_COUNTY_OFFICER, kOtherCounty);
  EXPECT_EQ(never.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(never.error_message(), unused_name + " does not exist");
  EXPECT_EQ(DecodeRpcStatus(foreign).details_size(), DecodeRpcStatus(never).details_size());
  const grpc::Status analyst = Get(created.name(), &out, Role::ROLE_ANALYST, kCounty);
  EXPECT_EQ(analyst.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ErrorReasonOf(analyst), "ROLE_NOT_ALLOWED");
  EXPECT_EQ(ErrorReasonOf(env_->stub().GetHousehold(env_->ContextWithToken("").get(), get, &out)),
            "TOKEN_MISSING");
  EXPECT_EQ(
      ErrorReasonOf(env_->stub().GetHousehold(env_->ContextWithToken(expired).get(), get, &out)),
      "TOKEN_EXPIRED");
  EXPECT_EQ(
      ErrorReasonOf(env_->stub().GetHousehold(env_->ContextWithToken(forged).get(), get, &out)),
      "TOKEN_INVALID");
  v1::Household missing;
  const grpc::Status unknown = Get("households/does-not-exist", &missing);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(ErrorReasonOf(unknown), "RESOURCE_NOT_FOUND");
  v1::Household elsewhere;
  EXPECT_EQ(Create(SampleHousehold(71, "654202001001"), &elsewhere).error_code(),
            grpc::StatusCode::PERMISSION_DENIED)
      << "a 654201 cadre cannot register a 654202 household";
  v1::ListHouseholdsRequest wider;
  wider.set_region_prefix("6542");
  v1::ListHouseholdsResponse listed;
  EXPECT_EQ(
      env_->stub()
          .ListHouseholds(env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty).get(), wider, &listed)
          .error_code(),
      grpc::StatusCode::PERMISSION_DENIED);

  // A peer service reads the household, with ID numbers masked and health hidden.
  ASSERT_TRUE(Get(created.name(), &out, Role::ROLE_SERVICE, "6542").ok());
  EXPECT_THAT(out.members(0).id_number(), HasSubstr("**********"));
  EXPECT_EQ(out.members(0).health(), v1::HEALTH_STATUS_UNSPECIFIED);
  // The township officer handling cases sees them.
  ASSERT_TRUE(Get(created.name(), &out, Role::ROLE_TOWNSHIP_OFFICER, kCounty).ok());
  EXPECT_EQ(out.members(0).id_number(), SampleHousehold(70).members(0).id_number());
}

// A token past the auth layer's bound is that call's UNAUTHENTICATED; gRPC's header limit
// must not drop the connection under the other calls and streams on it.
TEST_F(HouseholdApiTest, OversizeTokenFailsOneCallNotTheConnection) {
  v1::Household created;
  ASSERT_TRUE(Create(SampleHousehold(72), &created).ok());
  v1::GetHouseholdRequest get;
  get.set_name(created.name());
  v1::Household out;
  const std::string huge(9 * 1024, 'a');
  const grpc::Status oversize =
      env_->stub().GetHousehold(env_->ContextWithToken(huge).get(), get, &out);
  EXPECT_EQ(oversize.error_code(), grpc::StatusCode::UNAUTHENTICATED) << oversize.error_message();
  EXPECT_EQ(ErrorReasonOf(oversize), "TOKEN_INVALID");
  ASSERT_TRUE(Get(created.name(), &out).ok()) << "the channel still serves";
}

// An attacker's try at undoing the mask: every ID number that fits the masked one and
// what else the same response says of the person (birth date if given, else any day of
// the last hundred years; the county of the household's region) and has the right check
// character. One candidate means the mask protected nothing.
size_t CandidateIdNumbers(const v1::Household& household, const v1::HouseholdMember& member) {
  const std::string& masked = member.id_number();
  if (masked.size() != 18 || masked.substr(4, 10) != "**********") return 0;
  const std::string area = masked.substr(0, 4) + household.region_code().substr(4, 2);
  const std::string sequence = masked.substr(14, 3);
  std::vector<absl::CivilDay> days;
  absl::CivilDay birth;
  if (!member.birth_date().empty() && absl::ParseCivilTime(member.birth_date(), &birth)) {
    days.push_back(birth);
  } else {
    for (absl::CivilDay day(1926, 1, 1); day <= absl::CivilDay(2026, 6, 15); ++day) {
      days.push_back(day);
    }
  }
  size_t candidates = 0;
  for (const absl::CivilDay day : days) {
    const std::string id = rrmon::testing::MakeIdNumber(
        area,
        absl::FormatCivilTime(day).substr(0, 4) + absl::FormatCivilTime(day).substr(5, 2) +
            absl::FormatCivilTime(day).substr(8, 2),
        std::stoi(sequence));
    if (id.back() == masked.back()) ++candidates;
  }
  return candidates;
}

TEST_F(HouseholdApiTest, PeerServicesGetWhatTheirJobNeedsAndNoMaskCanBeUndone) {
  for (int seed = 80; seed < 86; ++seed) {
    v1::Household created;
    ASSERT_TRUE(Create(SampleHousehold(seed), &created).ok());
  }
  v1::ListHouseholdsRequest list;
  list.set_region_prefix("6542");
  v1::ListHouseholdsResponse page;
  ASSERT_TRUE(env_->stub()
                  .ListHouseholds(env_->Context(Role::ROLE_SERVICE, "6542").get(), list, &page)
                  .ok());
  ASSERT_EQ(page.households_size(), 6);
  for (const v1::Household& household : page.households()) {
    SCOPED_TRACE(household.name());
    // What employment and courtyard need: that the household is registered, alleviated or
    // monitored, where, and who belongs to it.
    EXPECT_FALSE(household.region_code().empty());
    EXPECT_TRUE(household.poverty_alleviated());
    EXPECT_EQ(household.status(), v1::HOUSEHOLD_STATUS_REGISTERED);
    EXPECT_EQ(household.household_size(), 2);
    // Not why, nor anything else personal.
    EXPECT_THAT(household.address(), IsEmpty());
    EXPECT_EQ(household.category(), v1::MONITORING_CATEGORY_UNSPECIFIED);
    EXPECT_THAT(household.risk_types(), IsEmpty());
    EXPECT_EQ(household.primary_risk_type(), v1::RISK_TYPE_UNSPECIFIED);
    ASSERT_EQ(household.members_size(), 2);
    for (const v1::HouseholdMember& member : household.members()) {
      EXPECT_FALSE(member.name().empty());
      EXPECT_NE(member.relation_to_head(), v1::RELATION_UNSPECIFIED);
      EXPECT_THAT(member.full_name(), IsEmpty());
      EXPECT_THAT(member.birth_date(), IsEmpty());
      EXPECT_EQ(member.sex(), v1::SEX_UNSPECIFIED);
      EXPECT_EQ(member.health(), v1::HEALTH_STATUS_UNSPECIFIED);
      EXPECT_EQ(member.labour_capacity(), v1::LABOUR_CAPACITY_UNSPECIFIED);
      EXPECT_THAT(member.ethnicity(), IsEmpty());
      EXPECT_GT(CandidateIdNumbers(household, member), 1000u) << member.id_number();
    }
  }
}

// Redis sits on a network other processes share: a cached household is there encrypted,
// never with its ID numbers or names in clear.
TEST_F(HouseholdApiTest, CachedHouseholdsAreEncryptedInRedis) {
  v1::Household created;
  ASSERT_TRUE(Create(SampleHousehold(73), &created).ok());
  v1::Household out;
  ASSERT_TRUE(Get(created.name(), &out).ok());
  ASSERT_TRUE(Get(created.name(), &out).ok());
  std::string cached;
  ASSERT_EQ(rrmon::testing::RunWithInput(
                absl::StrCat("redis-cli -p ", env_->redis()->port(),
                             " --raw GET rrmon:v1:monitoring:household:",
                             created.name().substr(std::string("households/").size())),
                "", &cached),
            0)
      << cached;
  EXPECT_GT(cached.size(), 100u) << "the household is cached";
  const v1::Household sample = SampleHousehold(73);
  for (const auto& member : sample.members()) {
    EXPECT_THAT(cached, Not(HasSubstr(member.id_number())));
    EXPECT_THAT(cached, Not(HasSubstr(member.full_name())));
  }
  EXPECT_THAT(cached, Not(HasSubstr("塔城市")));
}

TEST_F(HouseholdApiTest, KeepsServingWhenRedisStopsAndCachesAgainWhenItReturns) {
  env_ = MonitoringTestEnv::Start({.with_metrics_endpoint = true});
  v1::Household created, fetched;
  ASSERT_TRUE(Create(SampleHousehold(80), &created).ok());
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  ASSERT_TRUE(Get(created.name(), &fetched).ok());  // a cache hit

  ASSERT_TRUE(env_->redis()->Stop().ok());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(Get(created.name(), &fetched).ok());
  }
  v1::UpdateHouseholdRequest update;
  update.mutable_household()->set_name(created.name());
  update.mutable_household()->set_address("塔城市 缓存停机时修改");
  update.mutable_update_mask()->add_paths("address");
  v1::Household updated;
  ASSERT_TRUE(
      env_->stub()
          .UpdateHousehold(env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), update, &updated)
          .ok());
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_EQ(fetched.address(), "塔城市 缓存停机时修改");
  v1::Household second;
  ASSERT_TRUE(Create(SampleHousehold(81), &second).ok()) << "writes never needed Redis";

  const auto hits = [&]() -> double {
    auto metrics = rrmon::testing::HttpGet(env_->server().metrics_port(), "/metrics");
    EXPECT_TRUE(metrics.ok());
    const std::string series = "rrmon_cache_requests_total{cache=\"household\",result=\"hit\"} ";
    const size_t at = metrics.ok() ? metrics->find(series) : std::string::npos;
    return at == std::string::npos ? -1 : std::stod(metrics->substr(at + series.size()));
  };
  const double hits_while_down = hits();
  ASSERT_GE(hits_while_down, 1) << "the hit before Redis stopped";

  ASSERT_TRUE(env_->redis()->Restart().ok());
  // Caching resumes by itself once the breaker's open period (200 ms in this env) has
  // passed on the server's clock: a read fills the cache and the next ones hit it. The
  // first try may still meet a connection the restart broke, which opens the breaker
  // again, so the clock moves on between reads; no wall-clock sleep.
  for (int attempt = 0; attempt < 10 && hits() < hits_while_down + 2; ++attempt) {
    env_->clock().Advance(absl::Seconds(1));
    ASSERT_TRUE(Get(created.name(), &fetched).ok());
    EXPECT_EQ(fetched.address(), "塔城市 缓存停机时修改") << "no stale entry came back";
  }
  EXPECT_GE(hits(), hits_while_down + 2) << "hits resumed after Redis returned";

  auto metrics = rrmon::testing::HttpGet(env_->server().metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok());
  // Errors while Redis was down were counted.
  EXPECT_THAT(
      *metrics,
      ::testing::ContainsRegex(
          "rrmon_redis_commands_total\\{command=\"GET\",result=\"(error|rejected)\"\\} [1-9]"));
}

TEST_F(HouseholdApiTest, MetricsAreExposedAndPassPromtool) {
  env_ = MonitoringTestEnv::Start({.with_metrics_endpoint = true});
  v1::Household created, fetched;
  ASSERT_TRUE(Create(SampleHousehold(90), &created).ok());
  ASSERT_TRUE(Get(created.name(), &fetched).ok());
  EXPECT_EQ(Get("households/00000000000000aa", &fetched).error_code(), grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(env_->server().gauges().Refresh().ok());

  auto metrics = rrmon::testing::HttpGet(env_->server().metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(*metrics,
              HasSubstr("grpc_server_handled_total{grpc_code=\"NotFound\",grpc_method="
                        "\"GetHousehold\",grpc_service=\"rrmon.monitoring.v1.MonitoringService\","
                        "grpc_type=\"unary\"} 1"));
  EXPECT_THAT(
      *metrics,
      HasSubstr("grpc_server_handled_total{grpc_code=\"OK\",grpc_method="
                "\"CreateHousehold\",grpc_service=\"rrmon.monitoring.v1.MonitoringService\","
                "grpc_type=\"unary\"} 1"));
  // Pre-created: a method never called still has its series.
  EXPECT_THAT(*metrics, HasSubstr("grpc_server_started_total{grpc_method=\"UndeleteHousehold\""));
  EXPECT_THAT(*metrics, HasSubstr("grpc_server_handling_seconds_bucket{grpc_method="
                                  "\"GetHousehold\",grpc_service=\"rrmon.monitoring.v1."
                                  "MonitoringService\",grpc_type=\"unary\",le=\"0.0001\"}"));
  EXPECT_THAT(*metrics, HasSubstr("rrmon_monitoring_households{category=\"none\",county=\"654201\","
                                  "status=\"registered\"} 1"));
  EXPECT_THAT(*metrics, HasSubstr("rrmon_monitoring_people{category=\"none\",county=\"654201\","
                                  "status=\"registered\"} 2"));
  EXPECT_THAT(*metrics, ::testing::ContainsRegex(
                            "rrmon_db_statements_total\\{backend=\"sqlite\",operation=\"INSERT\","
                            "result=\"ok\"\\} [1-9]"));
  EXPECT_THAT(*metrics, ::testing::Not(HasSubstr(created.name().substr(11))))
      << "no id in any label";

  std::string promtool_output;
  EXPECT_EQ(rrmon::testing::RunWithInput("promtool check metrics", *metrics, &promtool_output), 0)
      << promtool_output;
}

}  // namespace
}  // namespace rrmon::monitoring::testing

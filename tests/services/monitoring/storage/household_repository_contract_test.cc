// What every HouseholdRepository does (usecases/household_repository.h), for each backend.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/api/etag.h"
#include "common/status/status_details.h"
#include "google/protobuf/util/message_differencer.h"
#include "tests/services/monitoring/storage/repository_contract.h"
#include "tests/support/id_numbers.h"

namespace rrmon::monitoring::contract {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

const std::string kVillageA = "654201001001";
const std::string kVillageB = "654201001002";
const std::string kOtherCounty = "654202001001";

std::string Person(int sequence) {
  return rrmon::testing::MakeIdNumber("654201", "19800101", sequence);
}

RequestKey Key(const std::string& request_id, const std::string& fingerprint = "f1") {
  return RequestKey{request_id, "CreateHousehold", fingerprint};
}

std::vector<std::string> Names(const std::vector<v1::Household>& households) {
  std::vector<std::string> names;
  for (const auto& household : households) names.push_back(household.name());
  return names;
}

using HouseholdRepositoryContract = RepositoryContractTest;

TEST_P(HouseholdRepositoryContract, StoresAHouseholdWithItsMembersInOrder) {
  const v1::Household household = MakeHousehold("h1", kVillageA, {Person(1), Person(3), Person(5)});
  auto written = households().Insert(household, MakeAudit("CreateHousehold", household.name()),
                                     std::nullopt, household.name());
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_FALSE(written->replayed);
  EXPECT_EQ(written->resource_name, "households/h1");

  auto read = households().Get("h1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_TRUE(MessageDifferencer::Equals(*read, household)) << read->DebugString();
}

TEST_P(HouseholdRepositoryContract, AMissingHouseholdIsNotFoundWithItsName) {
  auto read = households().Get("nobody");
  EXPECT_EQ(read.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(read.status().message()), ::testing::HasSubstr("households/nobody"));
}

TEST_P(HouseholdRepositoryContract, ARequestIdReplaysItsFirstResultAndRefusesAnotherBody) {
  const v1::Household first = MakeHousehold("h1", kVillageA, {Person(1)});
  ASSERT_TRUE(
      households()
          .Insert(first, MakeAudit("CreateHousehold", first.name()), Key("r1"), first.name())
          .ok());
  auto found = households().FindRequest(Key("r1"));
  ASSERT_TRUE(found.ok());
  ASSERT_TRUE(found->has_value());
  EXPECT_TRUE((*found)->replayed);
  EXPECT_EQ((*found)->resource_name, "households/h1");

  // The retry of the same request: the first result, and nothing stored twice.
  const v1::Household retry = MakeHousehold("h2", kVillageA, {Person(3)});
  auto replayed = households().Insert(retry, MakeAudit("CreateHousehold", retry.name()), Key("r1"),
                                      retry.name());
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  EXPECT_TRUE(replayed->replayed);
  EXPECT_EQ(replayed->household.name(), "households/h1");
  EXPECT_EQ(households().Get("h2").status().code(), absl::StatusCode::kNotFound);

  // The same id with another request body is the caller's mistake, named as such.
  auto reused = households().Insert(retry, MakeAudit("CreateHousehold", retry.name()),
                                    Key("r1", "f2"), retry.name());
  EXPECT_EQ(reused.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(GetBadRequest(reused.status()).field_violations(0).field(), "request_id");
  EXPECT_FALSE(households().FindRequest(Key("r2")).value().has_value());
}

TEST_P(HouseholdRepositoryContract, APersonBelongsToOneHouseholdOnly) {
  const v1::Household first = MakeHousehold("h1", kVillageA, {Person(1)});
  ASSERT_TRUE(
      households()
          .Insert(first, MakeAudit("CreateHousehold", first.name()), std::nullopt, first.name())
          .ok());
  const v1::Household second = MakeHousehold("h2", kVillageA, {Person(3), Person(1)});
  auto refused = households().Insert(second, MakeAudit("CreateHousehold", second.name()), Key("r2"),
                                     second.name());
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(GetErrorReason(refused.status()), "PERSON_ALREADY_REGISTERED");
  // Nothing of the refused write stays: not the household, not its request.
  EXPECT_EQ(households().Get("h2").status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(households().FindRequest(Key("r2")).value().has_value());
}

TEST_P(HouseholdRepositoryContract, APersonIsFoundInTheirLiveHouseholdOnly) {
  const v1::Household live = MakeHousehold("h1", kVillageA, {Person(11), Person(13)});
  ASSERT_TRUE(
      households()
          .Insert(live, MakeAudit("CreateHousehold", live.name()), std::nullopt, live.name())
          .ok());
  v1::Household deleted = MakeHousehold("h2", kVillageB, {Person(15)});
  *deleted.mutable_delete_time() = deleted.create_time();
  ASSERT_TRUE(households()
                  .Insert(deleted, MakeAudit("CreateHousehold", deleted.name()), std::nullopt,
                          deleted.name())
                  .ok());
  EXPECT_EQ(households().FindHouseholdOfPerson(Person(13)).value(),
            std::optional<std::string>("h1"));
  // A soft-deleted household released its people; a stranger was never registered.
  EXPECT_EQ(households().FindHouseholdOfPerson(Person(15)).value(), std::nullopt);
  EXPECT_EQ(households().FindHouseholdOfPerson(Person(17)).value(), std::nullopt);
}

TEST_P(HouseholdRepositoryContract, ReplaceComparesTheRevisionAndChangesNothingOnAClash) {
  const v1::Household stored = MakeHousehold("h1", kVillageA, {Person(1), Person(3)});
  ASSERT_TRUE(
      households()
          .Insert(stored, MakeAudit("CreateHousehold", stored.name()), std::nullopt, stored.name())
          .ok());

  v1::Household changed = MakeHousehold("h1", kVillageB, {Person(1)}, /*revision=*/2);
  auto stale = households().Replace(changed, /*expected_revision=*/7,
                                    MakeAudit("UpdateHousehold", changed.name()), std::nullopt,
                                    changed.name());
  EXPECT_EQ(stale.status().code(), absl::StatusCode::kAborted);
  EXPECT_EQ(GetErrorReason(stale.status()), "ETAG_MISMATCH");
  EXPECT_TRUE(MessageDifferencer::Equals(households().Get("h1").value(), stored));

  auto replaced = households().Replace(changed, /*expected_revision=*/1,
                                       MakeAudit("UpdateHousehold", changed.name()), std::nullopt,
                                       changed.name());
  ASSERT_TRUE(replaced.ok()) << replaced.status();
  auto read = households().Get("h1");
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(read->region_code(), kVillageB);
  EXPECT_EQ(RevisionOf(read->etag()), 2);
  ASSERT_EQ(read->members_size(), 1);  // the member list is replaced, not merged
  EXPECT_EQ(read->members(0).id_number(), Person(1));

  // The member who left may now join another household.
  const v1::Household other = MakeHousehold("h2", kVillageA, {Person(3)});
  EXPECT_TRUE(
      households()
          .Insert(other, MakeAudit("CreateHousehold", other.name()), std::nullopt, other.name())
          .ok());
}

TEST_P(HouseholdRepositoryContract, ListsARegionInOrderPageByPage) {
  for (const auto& [id, region] : std::vector<std::pair<std::string, std::string>>{
           {"h3", kVillageB}, {"h1", kVillageA}, {"h2", kVillageA}, {"h9", kOtherCounty}}) {
    StoreHousehold(households(), id, region);
  }
  HouseholdQuery query;
  query.region_prefix = "654201";
  query.limit = 2;
  auto first = households().List(query);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_THAT(Names(first->items), ElementsAre("households/h1", "households/h2"));
  EXPECT_TRUE(first->more);

  query.after_key = first->last_key;
  auto second = households().List(query);
  ASSERT_TRUE(second.ok());
  EXPECT_THAT(Names(second->items), ElementsAre("households/h3"));
  EXPECT_FALSE(second->more);

  // A household written between the pages, before the cursor, is not repeated.
  StoreHousehold(households(), "h0", kVillageA);
  auto again = households().List(query);
  ASSERT_TRUE(again.ok());
  EXPECT_THAT(Names(again->items), ElementsAre("households/h3"));

  query.region_prefix = "654201001002";
  query.after_key.clear();
  EXPECT_THAT(Names(households().List(query)->items), ElementsAre("households/h3"));
  query.region_prefix = "6542010019";
  EXPECT_THAT(households().List(query)->items, IsEmpty());
}

TEST_P(HouseholdRepositoryContract, ListFiltersAndLeavesDeletedHouseholdsOutUnlessAsked) {
  StoreHousehold(households(), "h1", kVillageA);
  v1::Household monitored = MakeHousehold("h2", kVillageA, {});
  monitored.set_status(v1::HOUSEHOLD_STATUS_MONITORED);
  monitored.set_category(v1::MONITORING_CATEGORY_SUDDEN_HARDSHIP);
  ASSERT_TRUE(households()
                  .Insert(monitored, MakeAudit("CreateHousehold", monitored.name()), std::nullopt,
                          monitored.name())
                  .ok());
  v1::Household deleted = MakeHousehold("h3", kVillageA, {});
  *deleted.mutable_delete_time() = deleted.create_time();
  ASSERT_TRUE(households()
                  .Insert(deleted, MakeAudit("CreateHousehold", deleted.name()), std::nullopt,
                          deleted.name())
                  .ok());

  HouseholdQuery query;
  query.region_prefix = kVillageA;
  EXPECT_THAT(Names(households().List(query)->items),
              ElementsAre("households/h1", "households/h2"));
  query.show_deleted = true;
  EXPECT_THAT(Names(households().List(query)->items),
              ElementsAre("households/h1", "households/h2", "households/h3"));
  query.show_deleted = false;
  query.status = v1::HOUSEHOLD_STATUS_MONITORED;
  EXPECT_THAT(Names(households().List(query)->items), ElementsAre("households/h2"));
  query.status = v1::HOUSEHOLD_STATUS_UNSPECIFIED;
  query.category = v1::MONITORING_CATEGORY_MARGINAL_AT_RISK;
  EXPECT_THAT(Names(households().List(query)->items), ElementsAre("households/h1"));
}

TEST_P(HouseholdRepositoryContract, CountsByCountyCategoryAndStatusWithoutDeletedHouseholds) {
  for (const auto& [id, region, size] : std::vector<std::tuple<std::string, std::string, int>>{
           {"h1", kVillageA, 2}, {"h2", kVillageB, 3}, {"h3", kOtherCounty, 1}}) {
    std::vector<std::string> people;
    for (int i = 0; i < size; ++i)
      people.push_back(Person(100 * std::stoi(id.substr(1)) + 2 * i + 1));
    v1::Household household = MakeHousehold(id, region, people);
    ASSERT_TRUE(households()
                    .Insert(household, MakeAudit("CreateHousehold", household.name()), std::nullopt,
                            household.name())
                    .ok());
  }
  v1::Household deleted = MakeHousehold("h4", kVillageA, {});
  deleted.set_household_size(4);
  *deleted.mutable_delete_time() = deleted.create_time();
  ASSERT_TRUE(households()
                  .Insert(deleted, MakeAudit("CreateHousehold", deleted.name()), std::nullopt,
                          deleted.name())
                  .ok());

  auto counts = households().CountHouseholds();
  ASSERT_TRUE(counts.ok()) << counts.status();
  std::map<std::string, std::pair<int64_t, int64_t>> by_county;
  for (const HouseholdCount& count : *counts) {
    EXPECT_EQ(count.category, v1::MONITORING_CATEGORY_MARGINAL_AT_RISK);
    EXPECT_EQ(count.status, v1::HOUSEHOLD_STATUS_REGISTERED);
    by_county[count.county_code].first += count.households;
    by_county[count.county_code].second += count.people;
  }
  EXPECT_EQ(by_county["654201"], std::make_pair(int64_t{2}, int64_t{5}));
  EXPECT_EQ(by_county["654202"], std::make_pair(int64_t{1}, int64_t{1}));
  EXPECT_EQ(by_county.size(), 2u);
}

INSTANTIATE_TEST_SUITE_P(Backends, HouseholdRepositoryContract,
                         ::testing::ValuesIn(MonitoringBackends()), BackendName);

}  // namespace
}  // namespace rrmon::monitoring::contract

// Labourers over real gRPC, with monitoring answering the household links.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "tests/services/employment/employment_test_env.h"
#include "tests/support/id_numbers.h"

namespace rrmon::employment::testing {
namespace {

using monitoring::testing::ErrorReasonOf;
using monitoring::testing::ViolatedFields;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kVillage[] = "654201001001";

class LabourerApiTest : public ::testing::Test {
 protected:
  void SetUp() override { env_ = EmploymentTestEnv::Start(); }

  grpc::Status Create(const v1::Labourer& labourer, v1::Labourer& stored,
                      Role role = Role::ROLE_VILLAGE_CADRE, const std::string& region = kVillage) {
    v1::CreateLabourerRequest request;
    *request.mutable_labourer() = labourer;
    return env_->stub().CreateLabourer(env_->Context(role, region).get(), request, &stored);
  }

  std::unique_ptr<EmploymentTestEnv> env_;
};

TEST_F(LabourerApiTest, AMemberOfARegisteredHouseholdIsLinkedThroughMonitoring) {
  const monitoring::v1::Household household = env_->RegisterHousehold(1);
  const monitoring::v1::HouseholdMember& head = household.members(0);
  v1::Labourer stored;
  ASSERT_TRUE(Create(SampleLabourer(head.id_number()), stored).ok());
  EXPECT_EQ(stored.household_link().state(), v1::HOUSEHOLD_LINK_STATE_LINKED);
  EXPECT_EQ(stored.household_link().household(), household.name());
  EXPECT_EQ(stored.household_link().member(), head.name());
  EXPECT_TRUE(stored.household_link().poverty_alleviated());
  EXPECT_TRUE(stored.poverty_alleviated_labour());
  EXPECT_EQ(stored.id_number(), head.id_number());  // a cadre sees the number
  EXPECT_EQ(stored.etag(), EtagOf(1));

  v1::GetLabourerRequest get;
  get.set_name(stored.name());
  v1::Labourer read;
  ASSERT_TRUE(env_->stub()
                  .GetLabourer(env_->Context(Role::ROLE_COUNTY_OFFICER, "654201").get(), get, &read)
                  .ok());
  EXPECT_EQ(read.SerializeAsString(), stored.SerializeAsString());
}

TEST_F(LabourerApiTest, SomeoneMonitoringDoesNotHoldIsStoredAsOtherRuralLabour) {
  v1::Labourer stored;
  ASSERT_TRUE(
      Create(SampleLabourer(rrmon::testing::MakeIdNumber("654201", "19950101", 31)), stored).ok());
  EXPECT_EQ(stored.household_link().state(), v1::HOUSEHOLD_LINK_STATE_NOT_REGISTERED);
  EXPECT_FALSE(stored.poverty_alleviated_labour());
}

TEST_F(LabourerApiTest, AHouseholdRegisteredLaterIsLinkedByARefresh) {
  const std::string id_number = monitoring::testing::SampleHousehold(2).members(0).id_number();
  v1::Labourer stored;
  ASSERT_TRUE(Create(SampleLabourer(id_number), stored).ok());
  EXPECT_FALSE(stored.poverty_alleviated_labour());
  const monitoring::v1::Household household = env_->RegisterHousehold(2);
  v1::RefreshHouseholdLinkRequest refresh;
  refresh.set_name(stored.name());
  v1::Labourer refreshed;
  ASSERT_TRUE(env_->stub()
                  .RefreshHouseholdLink(env_->Context(Role::ROLE_VILLAGE_CADRE, kVillage).get(),
                                        refresh, &refreshed)
                  .ok());
  EXPECT_EQ(refreshed.household_link().household(), household.name());
  EXPECT_TRUE(refreshed.poverty_alleviated_labour());
  EXPECT_EQ(refreshed.etag(), EtagOf(2));
}

TEST_F(LabourerApiTest, MonitoringStoppedStoresUncheckedAndTheRefreshIsUnavailable) {
  const monitoring::v1::Household household = env_->RegisterHousehold(3);
  env_->monitoring().server().Shutdown();
  v1::Labourer stored;
  ASSERT_TRUE(Create(SampleLabourer(household.members(0).id_number()), stored).ok());
  EXPECT_EQ(stored.household_link().state(), v1::HOUSEHOLD_LINK_STATE_UNCHECKED);
  EXPECT_FALSE(stored.poverty_alleviated_labour());

  v1::RefreshHouseholdLinkRequest refresh;
  refresh.set_name(stored.name());
  v1::Labourer refreshed;
  const grpc::Status status = env_->stub().RefreshHouseholdLink(
      env_->Context(Role::ROLE_VILLAGE_CADRE, kVillage).get(), refresh, &refreshed);
  // Within the context's 10 s: the peer's deadline and breaker answer, not a hang.
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_THAT(status.error_message(), HasSubstr("monitoring"));
}

TEST_F(LabourerApiTest, WithoutAPeerConfiguredLabourersAreStoredUnchecked) {
  env_.reset();
  env_ = EmploymentTestEnv::Start({.with_monitoring_peer = false});
  v1::Labourer stored;
  ASSERT_TRUE(
      Create(SampleLabourer(rrmon::testing::MakeIdNumber("654201", "19950101", 33)), stored).ok());
  EXPECT_EQ(stored.household_link().state(), v1::HOUSEHOLD_LINK_STATE_UNCHECKED);
}

TEST_F(LabourerApiTest, APeerServiceSeesTheLabourerMaskedAndAnAnalystNotAtAll) {
  const monitoring::v1::Household household = env_->RegisterHousehold(4);
  v1::Labourer stored;
  ASSERT_TRUE(Create(SampleLabourer(household.members(0).id_number()), stored).ok());
  v1::GetLabourerRequest get;
  get.set_name(stored.name());
  v1::Labourer masked;
  ASSERT_TRUE(
      env_->stub().GetLabourer(env_->Context(Role::ROLE_SERVICE, "6542").get(), get, &masked).ok());
  EXPECT_NE(masked.id_number(), stored.id_number());
  EXPECT_NE(masked.id_number().find('*'), std::string::npos);
  EXPECT_EQ(masked.household_link().household(), "");
  EXPECT_TRUE(masked.poverty_alleviated_labour());

  v1::Labourer refused;
  const grpc::Status analyst =
      env_->stub().GetLabourer(env_->Context(Role::ROLE_ANALYST, "6542").get(), get, &refused);
  EXPECT_EQ(analyst.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ErrorReasonOf(analyst), "ROLE_NOT_ALLOWED");
}

TEST_F(LabourerApiTest, BadFieldsAreNamedAndADuplicatePersonIsRefused) {
  v1::Labourer bad = SampleLabourer("123");
  bad.set_region_code("6542");
  v1::Labourer stored;
  const grpc::Status invalid = Create(bad, stored);
  EXPECT_EQ(invalid.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(invalid), ElementsAre("labourer.id_number", "labourer.region_code"));

  const std::string id_number = rrmon::testing::MakeIdNumber("654201", "19950101", 35);
  ASSERT_TRUE(Create(SampleLabourer(id_number), stored).ok());
  const grpc::Status duplicate = Create(SampleLabourer(id_number), stored);
  EXPECT_EQ(duplicate.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(ErrorReasonOf(duplicate), "LABOURER_ALREADY_REGISTERED");
}

TEST_F(LabourerApiTest, ListsPageWithinTheCallersRegion) {
  for (int i = 0; i < 3; ++i) {
    v1::Labourer stored;
    ASSERT_TRUE(
        Create(SampleLabourer(rrmon::testing::MakeIdNumber("654201", "19950101", 41 + 2 * i)),
               stored)
            .ok());
  }
  v1::Labourer elsewhere;
  ASSERT_TRUE(
      Create(SampleLabourer(rrmon::testing::MakeIdNumber("654202", "19950101", 49), "654202001001"),
             elsewhere, Role::ROLE_VILLAGE_CADRE, "654202001001")
          .ok());
  v1::ListLabourersRequest list;
  list.set_page_size(2);
  v1::ListLabourersResponse page;
  ASSERT_TRUE(
      env_->stub()
          .ListLabourers(env_->Context(Role::ROLE_TOWNSHIP_OFFICER, "654201001").get(), list, &page)
          .ok());
  EXPECT_EQ(page.labourers_size(), 2);
  ASSERT_FALSE(page.next_page_token().empty());
  list.set_page_token(page.next_page_token());
  ASSERT_TRUE(
      env_->stub()
          .ListLabourers(env_->Context(Role::ROLE_TOWNSHIP_OFFICER, "654201001").get(), list, &page)
          .ok());
  EXPECT_EQ(page.labourers_size(), 1);
  EXPECT_TRUE(page.next_page_token().empty());
}

TEST_F(LabourerApiTest, MonitoringAnswersLookupsMaskedToServicesAndOnlyInTheirRegion) {
  const monitoring::v1::Household household = env_->RegisterHousehold(5);
  const std::string id_number = household.members(1).id_number();
  monitoring::v1::LookupPersonRequest lookup;
  lookup.set_id_number(id_number);
  monitoring::v1::PersonRecord person;
  ASSERT_TRUE(
      env_->monitoring()
          .stub()
          .LookupPerson(env_->monitoring().Context(Role::ROLE_SERVICE, "65").get(), lookup, &person)
          .ok());
  EXPECT_EQ(person.household(), household.name());
  EXPECT_EQ(person.member(), household.members(1).name());
  EXPECT_EQ(person.region_code(), kVillage);
  EXPECT_TRUE(person.poverty_alleviated());
  EXPECT_EQ(person.status(), monitoring::v1::HOUSEHOLD_STATUS_REGISTERED);
  EXPECT_NE(person.id_number(), id_number);
  ASSERT_TRUE(
      env_->monitoring()
          .stub()
          .LookupPerson(env_->monitoring().Context(Role::ROLE_COUNTY_OFFICER, "654201").get(),
                        lookup, &person)
          .ok());
  EXPECT_EQ(person.id_number(), id_number);
  // Another county's officer is told nobody has the number.
  const grpc::Status other = env_->monitoring().stub().LookupPerson(
      env_->monitoring().Context(Role::ROLE_COUNTY_OFFICER, "654202").get(), lookup, &person);
  EXPECT_EQ(other.error_code(), grpc::StatusCode::NOT_FOUND);
  // A cadre may not look people up by number.
  const grpc::Status cadre = env_->monitoring().stub().LookupPerson(
      env_->monitoring().Context(Role::ROLE_VILLAGE_CADRE, kVillage).get(), lookup, &person);
  EXPECT_EQ(cadre.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  // A soft-deleted household releases its people.
  ASSERT_TRUE(env_->monitoring().DeleteHousehold(household.name()).ok());
  const grpc::Status gone = env_->monitoring().stub().LookupPerson(
      env_->monitoring().Context(Role::ROLE_SERVICE, "65").get(), lookup, &person);
  EXPECT_EQ(gone.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(gone.error_message(), ::testing::Not(HasSubstr(id_number)));
}

// What Redis holds after lookups: the names of the entries, one per line.
std::vector<std::string> RedisKeys(int port) {
  std::vector<std::string> keys;
  const std::string command = absl::StrCat("redis-cli -p ", port, " --scan");
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return keys;
  char line[512];
  while (fgets(line, sizeof line, pipe) != nullptr) {
    std::string key(line);
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
    keys.push_back(key);
  }
  pclose(pipe);
  return keys;
}

TEST_F(LabourerApiTest, AnAnswerOnceGivenIsCachedUnderANameThatHidesTheIdNumber) {
  const monitoring::v1::Household household = env_->RegisterHousehold(6);
  const std::string id_number = household.members(0).id_number();
  v1::Labourer stored;
  ASSERT_TRUE(Create(SampleLabourer(id_number), stored).ok());
  ASSERT_TRUE(stored.poverty_alleviated_labour());
  const std::vector<std::string> keys = RedisKeys(env_->monitoring().redis()->port());
  bool found = false;
  for (const std::string& key : keys) {
    EXPECT_EQ(key.find(id_number), std::string::npos) << key;
    if (key.find("employment:person_link:") != std::string::npos) found = true;
  }
  EXPECT_TRUE(found) << "no person_link entry among " << keys.size() << " keys";

  // Monitoring goes away; correcting the number to another person and back finds the
  // first answer in the cache: the labourer is linked again without asking monitoring.
  env_->monitoring().server().Shutdown();
  v1::UpdateLabourerRequest update;
  *update.mutable_labourer() = stored;
  update.mutable_labourer()->set_id_number(rrmon::testing::MakeIdNumber("654201", "19950101", 61));
  update.mutable_update_mask()->add_paths("id_number");
  v1::Labourer changed;
  ASSERT_TRUE(
      env_->stub()
          .UpdateLabourer(env_->Context(Role::ROLE_VILLAGE_CADRE, kVillage).get(), update, &changed)
          .ok());
  EXPECT_EQ(changed.household_link().state(), v1::HOUSEHOLD_LINK_STATE_UNCHECKED);
  *update.mutable_labourer() = changed;
  update.mutable_labourer()->set_id_number(id_number);
  ASSERT_TRUE(
      env_->stub()
          .UpdateLabourer(env_->Context(Role::ROLE_VILLAGE_CADRE, kVillage).get(), update, &changed)
          .ok());
  EXPECT_EQ(changed.household_link().state(), v1::HOUSEHOLD_LINK_STATE_LINKED);
  EXPECT_EQ(changed.household_link().household(), household.name());
  EXPECT_TRUE(changed.poverty_alleviated_labour());
}

}  // namespace
}  // namespace rrmon::employment::testing

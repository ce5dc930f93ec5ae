// Two replicas of the monitoring service on one database and one Redis, each keeping
// households in its own in-process tier: a change made through one is what the other
// serves next, by invalidation over Redis pub/sub, long before the tier's TTL.

#include <chrono>
#include <memory>
#include <string>

#include "gtest/gtest.h"
#include "tests/services/monitoring/monitoring_test_env.h"
#include "tests/support/wait_until.h"

namespace rrmon::monitoring::testing {
namespace {

constexpr char kCounty[] = "654201";

class HouseholdReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // A TTL far beyond the test: only an invalidation can refresh a replica's copy.
    env_ = MonitoringTestEnv::Start({.local_cache_ttl = absl::Hours(1)});
    replica_ = env_->StartReplica();
    replica_stub_ = v1::MonitoringService::NewStub(
        grpc::CreateChannel(replica_->grpc_address(), grpc::InsecureChannelCredentials()));
    ASSERT_TRUE(rrmon::testing::WaitUntil([&] {
      return env_->server().household_tier()->live() && replica_->household_tier()->live();
    })) << "the replicas never subscribed to invalidations";
  }

  v1::Household Get(v1::MonitoringService::Stub& stub, const std::string& name) {
    v1::GetHouseholdRequest request;
    request.set_name(name);
    v1::Household household;
    const grpc::Status status = stub.GetHousehold(
        env_->Context(Role::ROLE_TOWNSHIP_OFFICER, kCounty).get(), request, &household);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return household;
  }

  v1::Household Create(int seed) {
    v1::CreateHouseholdRequest request;
    *request.mutable_household() = SampleHousehold(seed);
    v1::Household created;
    const grpc::Status status = env_->stub().CreateHousehold(
        env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), request, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  std::unique_ptr<MonitoringTestEnv> env_;
  std::unique_ptr<MonitoringServer> replica_;
  std::unique_ptr<v1::MonitoringService::Stub> replica_stub_;
};

TEST_F(HouseholdReplicasTest, AChangeThroughOneReplicaIsServedByTheOther) {
  const v1::Household created = Create(3);
  ASSERT_FALSE(created.name().empty());

  // The replica's first read loads it into Redis, the second keeps Redis's copy in the
  // process, and the third is served from there.
  ASSERT_EQ(Get(*replica_stub_, created.name()).address(), created.address());
  ASSERT_EQ(Get(*replica_stub_, created.name()).address(), created.address());
  const int64_t hits_before = replica_->household_tier()->local_hits();
  ASSERT_EQ(Get(*replica_stub_, created.name()).address(), created.address());
  ASSERT_GT(replica_->household_tier()->local_hits(), hits_before)
      << "the replica did not serve from its in-process tier";

  // Changed through the first replica.
  v1::UpdateHouseholdRequest update;
  *update.mutable_household() = created;
  update.mutable_household()->set_address("塔城市 新华路 8 号");
  update.mutable_update_mask()->add_paths("address");
  v1::Household updated;
  const grpc::Status status = env_->stub().UpdateHousehold(
      env_->Context(Role::ROLE_VILLAGE_CADRE, kCounty).get(), update, &updated);
  ASSERT_TRUE(status.ok()) << status.error_message();

  EXPECT_TRUE(rrmon::testing::WaitUntil(
      [&] { return Get(*replica_stub_, created.name()).address() == "塔城市 新华路 8 号"; },
      absl::Seconds(5)))
      << "the other replica kept serving the old household";
  EXPECT_EQ(Get(env_->stub(), created.name()).address(), "塔城市 新华路 8 号");
}

// A household held in the process is answered without a storage read, but with the same
// checks: another county's officer is told it does not exist, a peer service sees it masked.
TEST_F(HouseholdReplicasTest, AHouseholdHeldInTheProcessKeepsItsChecks) {
  const v1::Household created = Create(4);
  ASSERT_FALSE(created.name().empty());
  for (int i = 0; i < 3; ++i) Get(env_->stub(), created.name());
  const int64_t hits = env_->server().household_tier()->local_hits();
  ASSERT_GT(hits, 0);

  v1::GetHouseholdRequest request;
  request.set_name(created.name());
  v1::Household household;
  const grpc::Status other_county = env_->stub().GetHousehold(
      env_->Context(Role::ROLE_COUNTY_OFFICER, "654202").get(), request, &household);
  // As from storage: another region's household does not exist for the caller.
  EXPECT_EQ(other_county.error_code(), grpc::StatusCode::NOT_FOUND);

  const grpc::Status peer = env_->stub().GetHousehold(
      env_->Context(Role::ROLE_SERVICE, "6542").get(), request, &household);
  ASSERT_TRUE(peer.ok()) << peer.error_message();
  EXPECT_NE(household.members(0).id_number(), created.members(0).id_number());
  EXPECT_GT(env_->server().household_tier()->local_hits(), hits)
      << "the checks were not made on the in-process path";
}

}  // namespace
}  // namespace rrmon::monitoring::testing

// The audit trail end to end: what a change and a read leave behind, read back through
// ListAuditEntries over real gRPC from the real SQLite file.

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/services/monitoring/monitoring_test_env.h"

namespace rrmon::monitoring::testing {
namespace {

using rrmon::common::v1::AuditEntry;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kVillage[] = "654201001001";
constexpr char kCounty[] = "654201";
constexpr char kOtherCounty[] = "654202";

// "kind action actor" of each entry, for compact comparisons.
std::vector<std::string> Summaries(const std::vector<AuditEntry>& entries) {
  std::vector<std::string> summaries;
  for (const AuditEntry& entry : entries) {
    summaries.push_back((entry.kind() == common::v1::AUDIT_ENTRY_KIND_READ ? "read " : "change ") +
                        entry.action() + " " + entry.actor());
  }
  return summaries;
}

class AuditApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = MonitoringTestEnv::Start({.with_redis = false});
    v1::CreateHouseholdRequest create;
    *create.mutable_household() = SampleHousehold(1);
    const grpc::Status status = env_->stub().CreateHousehold(
        As(Role::ROLE_VILLAGE_CADRE, kVillage, "cadre-1").get(), create, &household_);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  std::unique_ptr<grpc::ClientContext> As(Role role, const std::string& region,
                                          const std::string& subject) {
    return env_->ContextWithToken(env_->Token(role, region, subject));
  }

  grpc::Status ListPage(const v1::ListAuditEntriesRequest& request,
                        v1::ListAuditEntriesResponse* response,
                        Role role = Role::ROLE_COUNTY_OFFICER,
                        const std::string& region = kCounty) {
    // What was read before the call is in the trail, as it would be a moment later.
    EXPECT_TRUE(env_->server().read_audit().Flush(absl::Seconds(30)));
    return env_->stub().ListAuditEntries(As(role, region, "officer-9").get(), request, response);
  }

  // The whole trail of the household, page by page.
  std::vector<AuditEntry> Trail(int page_size = 0) {
    v1::ListAuditEntriesRequest request;
    request.set_parent(household_.name());
    request.set_page_size(page_size);
    std::vector<AuditEntry> entries;
    while (true) {
      v1::ListAuditEntriesResponse response;
      const grpc::Status status = ListPage(request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) return entries;
      for (const AuditEntry& entry : response.audit_entries()) entries.push_back(entry);
      if (response.next_page_token().empty()) return entries;
      request.set_page_token(response.next_page_token());
    }
  }

  std::unique_ptr<MonitoringTestEnv> env_;
  v1::Household household_;
};

TEST_F(AuditApiTest, AChangeKeepsWhoActedInWhichRoleWhatChangedAndWhy) {
  v1::UpdateHouseholdRequest update;
  update.mutable_household()->set_name(household_.name());
  update.mutable_household()->set_etag(household_.etag());
  update.mutable_household()->set_address("塔城市 新地址 8 号");
  update.mutable_update_mask()->add_paths("address");
  update.set_reason("moved house");
  v1::Household updated;
  ASSERT_TRUE(env_->stub()
                  .UpdateHousehold(As(Role::ROLE_TOWNSHIP_OFFICER, kCounty, "officer-3").get(),
                                   update, &updated)
                  .ok());

  const std::vector<AuditEntry> trail = Trail();
  ASSERT_GE(trail.size(), 2u);
  const AuditEntry& created = trail[0];
  EXPECT_EQ(created.kind(), common::v1::AUDIT_ENTRY_KIND_CHANGE);
  EXPECT_EQ(created.action(), "CreateHousehold");
  EXPECT_EQ(created.actor(), "cadre-1");
  EXPECT_EQ(created.actor_role(), Role::ROLE_VILLAGE_CADRE);
  EXPECT_EQ(created.resource(), household_.name());
  EXPECT_THAT(created.before_json(), IsEmpty());
  EXPECT_THAT(created.after_json(), HasSubstr(household_.address()));

  const AuditEntry& changed = trail[1];
  EXPECT_EQ(changed.kind(), common::v1::AUDIT_ENTRY_KIND_CHANGE);
  EXPECT_EQ(changed.action(), "UpdateHousehold");
  EXPECT_EQ(changed.actor(), "officer-3");
  EXPECT_EQ(changed.actor_role(), Role::ROLE_TOWNSHIP_OFFICER);
  EXPECT_EQ(changed.reason(), "moved house");
  EXPECT_THAT(changed.before_json(), HasSubstr(household_.address()));
  EXPECT_THAT(changed.before_json(), Not(HasSubstr("新地址")));
  EXPECT_THAT(changed.after_json(), HasSubstr("塔城市 新地址 8 号"));
  EXPECT_TRUE(changed.has_create_time());
  EXPECT_TRUE(absl::StartsWith(changed.name(), "auditEntries/"));
}

TEST_F(AuditApiTest, EveryReadOfPersonalDataIsInTheTrail) {
  v1::GetHouseholdRequest get;
  get.set_name(household_.name());
  v1::Household read;
  ASSERT_TRUE(env_->stub()
                  .GetHousehold(As(Role::ROLE_VILLAGE_CADRE, kVillage, "cadre-2").get(), get, &read)
                  .ok());
  // A peer service reads it too: masked, but still a read of this household.
  ASSERT_TRUE(
      env_->stub().GetHousehold(As(Role::ROLE_SERVICE, "65", "employment").get(), get, &read).ok());
  v1::ListHouseholdsRequest list;
  list.set_region_prefix(kVillage);
  v1::ListHouseholdsResponse listed;
  ASSERT_TRUE(env_->stub()
                  .ListHouseholds(As(Role::ROLE_TOWNSHIP_OFFICER, "654201001", "officer-4").get(),
                                  list, &listed)
                  .ok());
  ASSERT_EQ(listed.households_size(), 1);

  const std::vector<AuditEntry> trail = Trail();
  EXPECT_THAT(Summaries(trail),
              ElementsAre("change CreateHousehold cadre-1", "read GetHousehold cadre-2",
                          "read GetHousehold employment", "read ListHouseholds officer-4"));
  EXPECT_EQ(trail[2].actor_role(), Role::ROLE_SERVICE);
  for (size_t i = 1; i < trail.size(); ++i) {
    EXPECT_EQ(trail[i].resource(), household_.name());
    EXPECT_THAT(trail[i].after_json(), IsEmpty()) << "a read stores no copy of what was read";
  }
}

TEST_F(AuditApiTest, RefusedAndFailedReadsReadNothing) {
  v1::GetHouseholdRequest get;
  get.set_name(household_.name());
  v1::Household ignored;
  EXPECT_EQ(env_->stub()
                .GetHousehold(As(Role::ROLE_COUNTY_OFFICER, kOtherCounty, "outsider").get(), get,
                              &ignored)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(env_->stub()
                .GetHousehold(As(Role::ROLE_ANALYST, kCounty, "analyst").get(), get, &ignored)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(Summaries(Trail()), ElementsAre("change CreateHousehold cadre-1"));
}

TEST_F(AuditApiTest, ReadingTheTrailIsARead) {
  Trail();
  const std::vector<AuditEntry> trail = Trail();
  EXPECT_THAT(Summaries(trail), Contains("read ListAuditEntries officer-9"));
}

TEST_F(AuditApiTest, CasesAndPlansOfTheHouseholdAreInItsTrail) {
  v1::ReportRiskSignalRequest report;
  report.set_parent(household_.name());
  report.mutable_risk_signal()->set_signal_id("s-1");
  report.mutable_risk_signal()->set_source(v1::SIGNAL_SOURCE_DEPARTMENT_ALERT);
  report.mutable_risk_signal()->set_source_detail("塔城市医疗保障局");
  report.mutable_risk_signal()->add_risk_types(v1::RISK_TYPE_ILLNESS);
  report.mutable_risk_signal()->set_evidence("住院自付费用超过 3 万元");
  report.mutable_risk_signal()->set_occurred_date("2026-06-01");
  v1::RiskSignal signal;
  const grpc::Status reported = env_->stub().ReportRiskSignal(
      As(Role::ROLE_VILLAGE_CADRE, kVillage, "cadre-1").get(), report, &signal);
  ASSERT_TRUE(reported.ok()) << reported.error_message();
  v1::GetCaseRequest get;
  get.set_name(signal.case_());
  v1::Case opened;
  ASSERT_TRUE(
      env_->stub()
          .GetCase(As(Role::ROLE_TOWNSHIP_OFFICER, kCounty, "officer-5").get(), get, &opened)
          .ok());

  std::vector<std::string> resources;
  for (const AuditEntry& entry : Trail()) resources.push_back(entry.resource());
  EXPECT_THAT(resources, Contains(signal.case_())) << "the case is read and changed";
  EXPECT_THAT(Summaries(Trail()), Contains("read GetCase officer-5"));
}

TEST_F(AuditApiTest, OnlySupervisingOfficersReadATrailAndOutsidersAreToldItDoesNotExist) {
  v1::ListAuditEntriesRequest request;
  request.set_parent(household_.name());
  v1::ListAuditEntriesResponse response;
  EXPECT_EQ(ListPage(request, &response, Role::ROLE_VILLAGE_CADRE, kVillage).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ListPage(request, &response, Role::ROLE_ANALYST, kCounty).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(ListPage(request, &response, Role::ROLE_SERVICE, "65").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const grpc::Status outsider =
      ListPage(request, &response, Role::ROLE_COUNTY_OFFICER, kOtherCounty);
  EXPECT_EQ(outsider.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(outsider.error_message(), Not(HasSubstr(kCounty)));
  EXPECT_TRUE(ListPage(request, &response, Role::ROLE_TOWNSHIP_OFFICER, "654201001").ok());
}

TEST_F(AuditApiTest, PagesThroughALongTrailWithoutGapsOrRepeats) {
  v1::GetHouseholdRequest get;
  get.set_name(household_.name());
  for (int i = 0; i < 6; ++i) {
    v1::Household read;
    ASSERT_TRUE(
        env_->stub()
            .GetHousehold(
                As(Role::ROLE_VILLAGE_CADRE, kVillage, "cadre-" + std::to_string(10 + i)).get(),
                get, &read)
            .ok());
  }
  const std::vector<AuditEntry> whole = Trail();
  const std::vector<AuditEntry> paged = Trail(/*page_size=*/2);
  // The second walk's own reads of the trail come after what the first one saw.
  ASSERT_GE(paged.size(), whole.size());
  for (size_t i = 0; i < whole.size(); ++i) EXPECT_EQ(paged[i].name(), whole[i].name());
  EXPECT_EQ(whole.size(), 7u);
}

TEST_F(AuditApiTest, ABadRequestNamesItsField) {
  v1::ListAuditEntriesRequest request;
  v1::ListAuditEntriesResponse response;
  request.set_parent("households/not a name");
  EXPECT_THAT(ViolatedFields(ListPage(request, &response)), ElementsAre("parent"));
  request.set_parent(household_.name());
  request.set_page_token("garbage");
  EXPECT_THAT(ViolatedFields(ListPage(request, &response)), ElementsAre("page_token"));
  request.set_page_token("");
  request.set_page_size(-1);
  EXPECT_THAT(ViolatedFields(ListPage(request, &response)), ElementsAre("page_size"));
  request.set_page_size(0);
  request.set_parent("households/0f3a9c0f3a9c0f3a9c0f3a9c0f3a9c00");
  EXPECT_EQ(ListPage(request, &response).error_code(), grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace rrmon::monitoring::testing

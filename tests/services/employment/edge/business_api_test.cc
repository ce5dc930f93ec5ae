// Businesses (新增创业) over real gRPC: stored under their founder, listed by labourer and
// region, changed under etags, counted in progress with the jobs they create.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "google/protobuf/field_mask.pb.h"
#include "tests/services/employment/employment_test_env.h"
#include "tests/support/id_numbers.h"

namespace rrmon::employment::testing {
namespace {

using monitoring::testing::ViolatedFields;
using ::testing::ElementsAre;

constexpr char kVillage[] = "654201001001";

class BusinessApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    env_ = EmploymentTestEnv::Start();
    v1::CreateLabourerRequest request;
    *request.mutable_labourer() =
        SampleLabourer(rrmon::testing::MakeIdNumber("654201", "19910303", 61));
    ASSERT_TRUE(env_->stub().CreateLabourer(Context().get(), request, &labourer_).ok());
  }

  std::unique_ptr<grpc::ClientContext> Context(Role role = Role::ROLE_VILLAGE_CADRE,
                                               const std::string& region = kVillage) {
    return env_->Context(role, region);
  }

  static v1::Business Sample(const std::string& start, int32_t employees) {
    v1::Business business;
    business.set_display_name("古丽馕坑");
    business.set_sector("餐饮");
    business.set_start_date(start);
    business.set_employees(employees);
    return business;
  }

  grpc::Status Add(const v1::Business& business, v1::Business& stored,
                   const std::string& request_id = "") {
    v1::CreateBusinessRequest request;
    request.set_parent(labourer_.name());
    *request.mutable_business() = business;
    request.set_request_id(request_id);
    return env_->stub().CreateBusiness(Context().get(), request, &stored);
  }

  int64_t JobsIn2026() {
    v1::GetEmploymentProgressRequest request;
    request.set_region_prefix("654201");
    request.set_year(2026);
    v1::EmploymentProgress progress;
    const grpc::Status status = env_->stub().GetEmploymentProgress(
        Context(Role::ROLE_COUNTY_OFFICER, "654201").get(), request, &progress);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return progress.figures().business_jobs();
  }

  std::unique_ptr<EmploymentTestEnv> env_;
  v1::Labourer labourer_;
};

TEST_F(BusinessApiTest, ABusinessIsStoredUnderItsFounderAndCounted) {
  v1::Business stored;
  ASSERT_TRUE(Add(Sample("2026-03-01", 4), stored).ok());
  EXPECT_EQ(stored.name().rfind(labourer_.name() + "/businesses/", 0), 0u) << stored.name();
  v1::GetBusinessRequest get;
  get.set_name(stored.name());
  v1::Business read;
  ASSERT_TRUE(env_->stub().GetBusiness(Context().get(), get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), stored.SerializeAsString());
  EXPECT_EQ(JobsIn2026(), 4);

  // It now employs six: the count follows; a stale etag changes nothing.
  v1::UpdateBusinessRequest update;
  *update.mutable_business() = stored;
  update.mutable_business()->set_employees(6);
  update.mutable_update_mask()->add_paths("employees");
  update.set_reason("扩大经营");
  v1::Business updated;
  ASSERT_TRUE(env_->stub().UpdateBusiness(Context().get(), update, &updated).ok());
  EXPECT_NE(updated.etag(), stored.etag());
  EXPECT_EQ(JobsIn2026(), 6);
  update.mutable_business()->set_employees(1);
  EXPECT_EQ(env_->stub().UpdateBusiness(Context().get(), update, &updated).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(JobsIn2026(), 6);
}

TEST_F(BusinessApiTest, BadFieldsAreNamedAndNothingIsStored) {
  v1::Business bad = Sample("2026-06-16", -2);  // tomorrow
  bad.clear_sector();
  v1::Business stored;
  const grpc::Status status = Add(bad, stored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("business.sector", "business.start_date", "business.employees"));
  v1::ListBusinessesRequest list;
  list.set_parent(labourer_.name());
  v1::ListBusinessesResponse listed;
  ASSERT_TRUE(env_->stub().ListBusinesses(Context().get(), list, &listed).ok());
  EXPECT_TRUE(listed.businesses().empty());
}

TEST_F(BusinessApiTest, ARetriedCreateStoresOneBusiness) {
  v1::Business first;
  v1::Business again;
  ASSERT_TRUE(Add(Sample("2026-03-01", 2), first, "5b3c1e6a-8f0d-4c2b-9a7e-1d2c3b4a5f60").ok());
  ASSERT_TRUE(Add(Sample("2026-03-01", 2), again, "5b3c1e6a-8f0d-4c2b-9a7e-1d2c3b4a5f60").ok());
  EXPECT_EQ(first.name(), again.name());
  EXPECT_EQ(JobsIn2026(), 2);
}

TEST_F(BusinessApiTest, BusinessesListByLabourerAndRegion) {
  v1::Business a;
  v1::Business b;
  ASSERT_TRUE(Add(Sample("2026-04-01", 1), b).ok());
  ASSERT_TRUE(Add(Sample("2025-09-01", 0), a).ok());
  v1::ListBusinessesRequest list;
  list.set_parent("labourers/-");
  list.set_region_prefix("654201");
  list.set_page_size(1);
  std::vector<std::string> names;
  while (true) {
    v1::ListBusinessesResponse page;
    ASSERT_TRUE(env_->stub()
                    .ListBusinesses(Context(Role::ROLE_COUNTY_OFFICER, "6542").get(), list, &page)
                    .ok());
    for (const auto& business : page.businesses()) names.push_back(business.name());
    if (page.next_page_token().empty()) break;
    list.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(names, ElementsAre(a.name(), b.name()));  // by start date
  // Another county lists none of them; a cadre of another village cannot read them.
  v1::ListBusinessesRequest elsewhere;
  elsewhere.set_parent("labourers/-");
  elsewhere.set_region_prefix("654202");
  v1::ListBusinessesResponse none;
  ASSERT_TRUE(
      env_->stub()
          .ListBusinesses(Context(Role::ROLE_COUNTY_OFFICER, "6542").get(), elsewhere, &none)
          .ok());
  EXPECT_TRUE(none.businesses().empty());
  v1::GetBusinessRequest get;
  get.set_name(a.name());
  v1::Business read;
  EXPECT_EQ(env_->stub()
                .GetBusiness(Context(Role::ROLE_VILLAGE_CADRE, "654201001002").get(), get, &read)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace rrmon::employment::testing

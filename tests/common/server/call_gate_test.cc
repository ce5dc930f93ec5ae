#include "common/server/call_gate.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon {
namespace {

using rrmon::common::v1::Role;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kService[] = "rrmon.monitoring.v1.MonitoringService";

// Every method of the service, each open to county officers, except `left_out`, plus
// `extra`.
MethodRoles TableWithout(const std::string& left_out, const std::string& extra = "") {
  const google::protobuf::ServiceDescriptor* service =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(kService);
  std::vector<MethodRoles::Entry> entries;
  for (int i = 0; i < service->method_count(); ++i) {
    if (service->method(i)->name() == left_out) continue;
    entries.push_back({service->method(i)->name(), {Role::ROLE_COUNTY_OFFICER}});
  }
  if (!extra.empty()) entries.push_back({extra, {Role::ROLE_COUNTY_OFFICER}});
  return MethodRoles(std::move(entries));
}

TEST(MethodRolesTest, NamesTheRolesOfEachMethod) {
  const MethodRoles roles({{"GetHousehold", {Role::ROLE_VILLAGE_CADRE, Role::ROLE_SERVICE}}});
  ASSERT_NE(roles.RolesOf("GetHousehold"), nullptr);
  EXPECT_THAT(*roles.RolesOf("GetHousehold"),
              ElementsAre(Role::ROLE_VILLAGE_CADRE, Role::ROLE_SERVICE));
  EXPECT_EQ(roles.RolesOf("DeleteHousehold"), nullptr);
}

TEST(MethodRolesTest, ATableCoversItsServiceExactlyOrTheServerDoesNotStart) {
  EXPECT_TRUE(TableWithout("").CheckCovers(kService).ok());

  const absl::Status missing = TableWithout("DeleteHousehold").CheckCovers(kService);
  EXPECT_EQ(missing.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(missing.message(), HasSubstr("DeleteHousehold has no entry"));

  const absl::Status extra = TableWithout("", "DropEverything").CheckCovers(kService);
  EXPECT_EQ(extra.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(extra.message(), HasSubstr("names DropEverything"));

  EXPECT_THAT(TableWithout("").CheckCovers("rrmon.nothing.v1.NoService").message(),
              HasSubstr("no service rrmon.nothing.v1.NoService"));
}

}  // namespace
}  // namespace rrmon

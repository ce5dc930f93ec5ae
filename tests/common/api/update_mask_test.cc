#include "common/api/update_mask.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "common/status/status_details.h"
#include "google/rpc/error_details.pb.h"

namespace rrmon {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

const std::set<std::string> kAllowed = {"owner", "resource_name", "resource_type"};

google::protobuf::FieldMask Mask(std::initializer_list<const char*> paths) {
  google::protobuf::FieldMask mask;
  for (const char* path : paths) mask.add_paths(path);
  return mask;
}

void ExpectNamesUpdateMask(const absl::Status& status) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  const auto bad_request = GetBadRequest(status);
  ASSERT_EQ(bad_request.field_violations_size(), 1) << status;
  EXPECT_EQ(bad_request.field_violations(0).field(), "update_mask");
}

TEST(ResolveUpdateMaskTest, EmptyMaskIsRefused) {
  const auto paths = ResolveUpdateMask(Mask({}), kAllowed);
  ASSERT_FALSE(paths.ok());
  ExpectNamesUpdateMask(paths.status());
}

TEST(ResolveUpdateMaskTest, UnknownPathListsTheAllowedFields) {
  const auto paths = ResolveUpdateMask(Mask({"owner", "description"}), kAllowed);
  ASSERT_FALSE(paths.ok());
  ExpectNamesUpdateMask(paths.status());
  const std::string message(paths.status().message());
  EXPECT_THAT(message, HasSubstr("\"description\""));
  EXPECT_THAT(message, HasSubstr("owner, resource_name, resource_type"));
}

TEST(ResolveUpdateMaskTest, KnownPathsPassInOrder) {
  const auto paths = ResolveUpdateMask(Mask({"resource_type", "owner"}), kAllowed);
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_THAT(*paths, ElementsAre("resource_type", "owner"));
}

TEST(ResolveUpdateMaskTest, StarMeansEveryAllowedField) {
  const auto paths = ResolveUpdateMask(Mask({"*"}), kAllowed);
  ASSERT_TRUE(paths.ok()) << paths.status();
  EXPECT_THAT(*paths, UnorderedElementsAre("owner", "resource_name", "resource_type"));
}

google::rpc::ResourceInfo Target() {
  google::rpc::ResourceInfo target;
  target.set_resource_type("household");
  target.set_resource_name("households/1");
  target.set_owner("village-1");
  target.set_description("old");
  return target;
}

TEST(ApplyUpdateMaskTest, CopiesOnlyTheListedFields) {
  google::rpc::ResourceInfo source;
  source.set_resource_type("member");
  source.set_resource_name("households/2");
  source.set_owner("village-2");
  source.set_description("new");
  google::rpc::ResourceInfo target = Target();
  ApplyUpdateMask(source, {"owner", "description"}, target);
  EXPECT_EQ(target.resource_type(), "household");
  EXPECT_EQ(target.resource_name(), "households/1");
  EXPECT_EQ(target.owner(), "village-2");
  EXPECT_EQ(target.description(), "new");
}

TEST(ApplyUpdateMaskTest, ClearsAFieldClearedInTheSource) {
  google::rpc::ResourceInfo source;  // owner empty: cleared.
  source.set_description("new");
  google::rpc::ResourceInfo target = Target();
  ApplyUpdateMask(source, {"owner", "description"}, target);
  EXPECT_EQ(target.owner(), "");
  EXPECT_EQ(target.description(), "new");
  EXPECT_EQ(target.resource_type(), "household");
  EXPECT_EQ(target.resource_name(), "households/1");
}

TEST(ApplyUpdateMaskTest, ReplacesMapsInsteadOfMerging) {
  google::rpc::ErrorInfo target;
  target.set_reason("OLD");
  (*target.mutable_metadata())["stale"] = "1";
  (*target.mutable_metadata())["kept"] = "old";
  google::rpc::ErrorInfo source;
  source.set_reason("NEW");
  (*source.mutable_metadata())["kept"] = "new";
  ApplyUpdateMask(source, {"metadata"}, target);
  EXPECT_EQ(target.reason(), "OLD");
  EXPECT_EQ(target.metadata().size(), 1u);
  EXPECT_EQ(target.metadata().at("kept"), "new");
}

TEST(ApplyUpdateMaskTest, EmptyPathsChangeNothing) {
  google::rpc::ResourceInfo source;
  google::rpc::ResourceInfo target = Target();
  ApplyUpdateMask(source, {}, target);
  EXPECT_EQ(target.SerializeAsString(), Target().SerializeAsString());
}

}  // namespace
}  // namespace rrmon

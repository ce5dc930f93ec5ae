#include "common/api/resource_id.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

namespace rrmon {
namespace {

TEST(NewResourceIdTest, IsSixteenLowercaseHexCharacters) {
  for (int i = 0; i < 100; ++i) {
    const std::string id = NewResourceId();
    EXPECT_EQ(id.size(), 16u) << id;
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  }
}

TEST(NewResourceIdTest, ThousandIdsAreDistinct) {
  std::set<std::string> ids;
  for (int i = 0; i < 1000; ++i) ids.insert(NewResourceId());
  EXPECT_EQ(ids.size(), 1000u);
}

}  // namespace
}  // namespace rrmon

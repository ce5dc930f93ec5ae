#include "common/api/keyed_hash.h"

#include <gtest/gtest.h>

namespace rrmon {
namespace {

TEST(KeyedHashTest, MatchesTheRfc4231TestVector) {
  // RFC 4231, test case 2.
  EXPECT_EQ(HmacSha256Hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(KeyedHashTest, AnotherSecretGivesAnotherName) {
  const std::string id = "65420119900412001X";
  EXPECT_NE(HmacSha256Hex("secret-a", id), HmacSha256Hex("secret-b", id));
  EXPECT_EQ(HmacSha256Hex("secret-a", id), HmacSha256Hex("secret-a", id));
  EXPECT_EQ(HmacSha256Hex("secret-a", id).find(id), std::string::npos);
}

}  // namespace
}  // namespace rrmon

#include "common/auth/verified_token_cache.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"

namespace rrmon::auth {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'717'200'000);

Principal Cadre(absl::Time expire_time) {
  Principal principal;
  principal.subject = "staff-0042";
  principal.role = Role::ROLE_VILLAGE_CADRE;
  principal.region_prefix = "654201100201";
  principal.expire_time = expire_time;
  principal.audience = "monitoring";
  return principal;
}

TEST(VerifiedTokenCacheTest, FindsARememberedTokenUntilItExpires) {
  VerifiedTokenCache cache;
  const auto digest = VerifiedTokenCache::DigestOf("a.b.c");
  EXPECT_FALSE(cache.Find(digest, kNow).has_value());
  cache.Remember(digest, Cadre(kNow + absl::Hours(1)), cache.generation(), kNow);
  std::optional<Principal> found = cache.Find(digest, kNow + absl::Minutes(59));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->subject, "staff-0042");
  EXPECT_EQ(found->region_prefix, "654201100201");
  EXPECT_EQ(found->audience, "monitoring");
  // At the expiry itself the token is no longer valid, and the entry is gone.
  EXPECT_FALSE(cache.Find(digest, kNow + absl::Hours(1)).has_value());
  EXPECT_EQ(cache.size(), 0u);
}

TEST(VerifiedTokenCacheTest, AnotherTokenNeverMatches) {
  VerifiedTokenCache cache;
  cache.Remember(VerifiedTokenCache::DigestOf("header.claims.signature"),
                 Cadre(kNow + absl::Hours(1)), cache.generation(), kNow);
  // One changed byte of the signature, a prefix, the token with a suffix.
  for (const char* other :
       {"header.claims.signaturf", "header.claims.", "header.claims.signature "}) {
    EXPECT_FALSE(cache.Find(VerifiedTokenCache::DigestOf(other), kNow).has_value()) << other;
  }
  EXPECT_NE(VerifiedTokenCache::DigestOf("a"), VerifiedTokenCache::DigestOf("b"));
}

TEST(VerifiedTokenCacheTest, ClearForgetsEverythingAndRefusesVerificationsFromBefore) {
  VerifiedTokenCache cache;
  const auto digest = VerifiedTokenCache::DigestOf("a.b.c");
  const uint64_t before = cache.generation();
  cache.Remember(digest, Cadre(kNow + absl::Hours(1)), before, kNow);
  cache.Clear();
  EXPECT_FALSE(cache.Find(digest, kNow).has_value());
  // A verification against the old keys that finishes after the change is not kept.
  cache.Remember(digest, Cadre(kNow + absl::Hours(1)), before, kNow);
  EXPECT_FALSE(cache.Find(digest, kNow).has_value());
  cache.Remember(digest, Cadre(kNow + absl::Hours(1)), cache.generation(), kNow);
  EXPECT_TRUE(cache.Find(digest, kNow).has_value());
}

TEST(VerifiedTokenCacheTest, StaysWithinItsCapacityPreferringToDropExpiredEntries) {
  VerifiedTokenCache cache(/*capacity=*/64);
  // One long-lived token, then many short-lived ones that expire.
  const auto keeper = VerifiedTokenCache::DigestOf("keeper");
  cache.Remember(keeper, Cadre(kNow + absl::Hours(8)), cache.generation(), kNow);
  for (int i = 0; i < 1000; ++i) {
    cache.Remember(VerifiedTokenCache::DigestOf(absl::StrCat("short-", i)),
                   Cadre(kNow + absl::Seconds(1)), cache.generation(), kNow);
  }
  EXPECT_LE(cache.size(), 64u);
  // Once those have expired, new tokens push them out before anything alive.
  for (int i = 0; i < 1000; ++i) {
    cache.Remember(VerifiedTokenCache::DigestOf(absl::StrCat("later-", i)),
                   Cadre(kNow + absl::Hours(1)), cache.generation(), kNow + absl::Seconds(2));
    EXPECT_LE(cache.size(), 64u);
  }
  EXPECT_TRUE(cache.Find(VerifiedTokenCache::DigestOf("later-999"), kNow + absl::Seconds(2)));
}

TEST(VerifiedTokenCacheTest, IsSafeFromManyThreads) {
  VerifiedTokenCache cache(/*capacity=*/256);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&cache, t] {
      for (int i = 0; i < 2000; ++i) {
        const auto digest = VerifiedTokenCache::DigestOf(absl::StrCat(t, "-", i % 300));
        if (!cache.Find(digest, kNow).has_value()) {
          cache.Remember(digest, Cadre(kNow + absl::Hours(1)), cache.generation(), kNow);
        }
        if (i % 500 == 0) cache.Clear();
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_LE(cache.size(), 256u);
}

}  // namespace
}  // namespace rrmon::auth

#include "common/api/page_token.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "common/status/status_details.h"

namespace rrmon {
namespace {

using ::testing::HasSubstr;

// Whether `status` is INVALID_ARGUMENT with a single BadRequest violation of `field`.
void ExpectInvalidField(const absl::Status& status, const std::string& field) {
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
  const auto bad_request = GetBadRequest(status);
  ASSERT_EQ(bad_request.field_violations_size(), 1) << status;
  EXPECT_EQ(bad_request.field_violations(0).field(), field);
  EXPECT_THAT(std::string(status.message()), HasSubstr(field));
}

TEST(PageTokenTest, RoundTrips) {
  const std::string token = EncodePageToken(std::string("110101001001/0f3a9c00aa11bb22"), 42);
  EXPECT_FALSE(token.empty());
  const auto last_key = DecodePageToken(token, 42);
  ASSERT_TRUE(last_key.ok()) << last_key.status();
  EXPECT_EQ(*last_key, "110101001001/0f3a9c00aa11bb22");
}

TEST(PageTokenTest, RoundTripsUnicodeKeysAndIsUrlSafe) {
  // last_key is a proto3 string: keys are UTF-8 (region codes, ids, names).
  const std::string key = "110101/王小明?x=1&y=2 ~~~\x7f";
  for (uint64_t fingerprint : {uint64_t{0}, uint64_t{0xffffffffffffffffULL}}) {
    const std::string token = EncodePageToken(key, fingerprint);
    EXPECT_EQ(
        token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
        std::string::npos)
        << token;
    const auto last_key = DecodePageToken(token, fingerprint);
    ASSERT_TRUE(last_key.ok()) << last_key.status();
    EXPECT_EQ(*last_key, key);
  }
}

TEST(PageTokenTest, EmptyTokenIsTheFirstPage) {
  const auto last_key = DecodePageToken(std::string(), 42);
  ASSERT_TRUE(last_key.ok()) << last_key.status();
  EXPECT_EQ(*last_key, "");
}

TEST(PageTokenTest, TokenForAnotherQueryIsRefused) {
  const std::string token = EncodePageToken(std::string("k"), 42);
  const auto last_key = DecodePageToken(token, 43);
  ASSERT_FALSE(last_key.ok());
  ExpectInvalidField(last_key.status(), "page_token");
}

TEST(PageTokenTest, GarbageIsRefused) {
  const std::vector<std::string> garbage_tokens = {
      "!!!not a token!!!", "bm90IGEgcHJvdG8gYXQgYWxs",  // base64 of "not a proto at all"
      absl::WebSafeBase64Escape(std::string("\xff\xff\xff\xff"))};
  for (const std::string& garbage : garbage_tokens) {
    const auto last_key = DecodePageToken(garbage, 42);
    ASSERT_FALSE(last_key.ok()) << garbage;
    ExpectInvalidField(last_key.status(), "page_token");
  }
}

TEST(PageTokenTest, TokenWithoutALastKeyIsRefused) {
  const auto last_key = DecodePageToken(EncodePageToken(std::string(), 42), 42);
  ASSERT_FALSE(last_key.ok());
  ExpectInvalidField(last_key.status(), "page_token");
}

TEST(PageTokenTest, ErrorsNameTheGivenField) {
  const auto last_key = DecodePageToken(std::string("@@@"), 1, "request.page_token");
  ASSERT_FALSE(last_key.ok());
  ExpectInvalidField(last_key.status(), "request.page_token");
}

TEST(EffectivePageSizeTest, DefaultsAndCaps) {
  EXPECT_EQ(EffectivePageSize(0).value(), 50);
  EXPECT_EQ(EffectivePageSize(0).value(), kDefaultPageSize);
  EXPECT_EQ(EffectivePageSize(1).value(), 1);
  EXPECT_EQ(EffectivePageSize(999).value(), 999);
  EXPECT_EQ(EffectivePageSize(1000).value(), 1000);
  EXPECT_EQ(EffectivePageSize(1001).value(), 1000);
  EXPECT_EQ(EffectivePageSize(5000).value(), 1000);
  EXPECT_EQ(EffectivePageSize(5000).value(), kMaxPageSize);
}

TEST(EffectivePageSizeTest, NegativeIsRefused) {
  const auto size = EffectivePageSize(-1);
  ASSERT_FALSE(size.ok());
  ExpectInvalidField(size.status(), "page_size");
}

}  // namespace
}  // namespace rrmon

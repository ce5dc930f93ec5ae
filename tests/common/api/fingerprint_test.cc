#include "common/api/fingerprint.h"

#include <gtest/gtest.h>

#include <string>

#include "google/rpc/error_details.pb.h"

namespace rrmon {
namespace {

TEST(Sha256HexTest, KnownDigests) {
  EXPECT_EQ(Sha256Hex(std::string("abc")),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(std::string()),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Fingerprint64Test, IsTheFirstEightBytesOfTheSha256) {
  EXPECT_EQ(Fingerprint64(std::string("abc")), 0xba7816bf8f01cfeaULL);
}

TEST(Fingerprint64Test, StableAndDistinguishing) {
  const std::string query = "region_prefix=110101&category=2";
  EXPECT_EQ(Fingerprint64(query), Fingerprint64(std::string(query)));
  EXPECT_NE(Fingerprint64(query), Fingerprint64(std::string("region_prefix=110101&category=3")));
}

google::rpc::ErrorInfo MakeInfo() {
  google::rpc::ErrorInfo info;
  info.set_reason("ETAG_MISMATCH");
  info.set_domain("monitoring.rrmon");
  return info;
}

TEST(MessageFingerprintTest, EqualForEqualMessages) {
  const std::string first = MessageFingerprint(MakeInfo());
  EXPECT_EQ(first, MessageFingerprint(MakeInfo()));
  EXPECT_EQ(first.size(), 64u);
  EXPECT_EQ(first.find_first_not_of("0123456789abcdef"), std::string::npos) << first;
}

TEST(MessageFingerprintTest, DifferentForDifferentMessages) {
  google::rpc::ErrorInfo other = MakeInfo();
  other.set_domain("storage.rrmon");
  EXPECT_NE(MessageFingerprint(MakeInfo()), MessageFingerprint(other));
  EXPECT_NE(MessageFingerprint(MakeInfo()), MessageFingerprint(google::rpc::ErrorInfo()));
}

TEST(MessageFingerprintTest, MapOrderDoesNotMatter) {
  google::rpc::ErrorInfo a = MakeInfo();
  google::rpc::ErrorInfo b = MakeInfo();
  for (int i = 0; i < 20; ++i) (*a.mutable_metadata())["k" + std::to_string(i)] = "v";
  for (int i = 19; i >= 0; --i) (*b.mutable_metadata())["k" + std::to_string(i)] = "v";
  EXPECT_EQ(MessageFingerprint(a), MessageFingerprint(b));
}

TEST(MessageFingerprintTest, IsTheDigestOfTheSerialization) {
  const google::rpc::ErrorInfo info = MakeInfo();
  EXPECT_EQ(MessageFingerprint(info), Sha256Hex(info.SerializeAsString()));
}

}  // namespace
}  // namespace rrmon

// Encrypted cache values: what Redis holds is unreadable and unmovable, what the cache reads
// back is what it wrote, and a key file must be secret to be used.

#include "common/cache/encrypted_store.h"

#include <sys/stat.h>

#include <fstream>
#include <string>

#include "common/cache/proto_cache.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "gtest/gtest.h"
#include "tests/common/cache/fake_key_value_store.h"
#include "tests/support/temp_dir.h"

namespace rrmon {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

CacheEncryptionKey KeyOf(uint8_t fill) {
  CacheEncryptionKey key;
  key.fill(fill);
  return key;
}

const std::string kRecord = "阿依古丽·买买提 654201198003070012";

TEST(EncryptedStoreTest, RoundTripsWhileTheStoreHoldsNoClearText) {
  testing::FakeKeyValueStore redis;
  EncryptedStore store(redis, KeyOf(7));
  ASSERT_TRUE(store.Set("rrmon:v1:monitoring:household:h1", kRecord, absl::Minutes(5)).ok());

  const auto raw = redis.Get("rrmon:v1:monitoring:household:h1");
  ASSERT_TRUE(raw.ok() && raw->has_value());
  EXPECT_THAT(**raw, Not(HasSubstr("654201198003070012")));
  EXPECT_THAT(**raw, Not(HasSubstr("买买提")));
  EXPECT_EQ(raw->value().size(), 1 + 12 + kRecord.size() + 16);

  const auto back = store.Get("rrmon:v1:monitoring:household:h1");
  ASSERT_TRUE(back.ok()) << back.status();
  ASSERT_TRUE(back->has_value());
  EXPECT_EQ(**back, kRecord);
  // Two writes of the same value differ (a fresh nonce each time).
  ASSERT_TRUE(store.Set("rrmon:v1:monitoring:household:h2", kRecord, absl::Minutes(5)).ok());
  EXPECT_NE(**redis.Get("rrmon:v1:monitoring:household:h2"), **raw);
  // Absent stays absent.
  const auto missing = store.Get("rrmon:v1:monitoring:household:none");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
}

TEST(EncryptedStoreTest, AlteredMovedOrForeignValuesDoNotDecrypt) {
  testing::FakeKeyValueStore redis;
  EncryptedStore store(redis, KeyOf(7));
  ASSERT_TRUE(store.Set("k1", kRecord, absl::Minutes(5)).ok());
  const std::string sealed = **redis.Get("k1");

  // Each comes back as an empty value, which the cache treats as corrupt and replaces.
  const auto unreadable = [](const absl::StatusOr<std::optional<std::string>>& got) {
    return got.ok() && got->has_value() && (*got)->empty();
  };
  std::string altered = sealed;
  altered[20] ^= 1;
  redis.Put("k2", altered);
  EXPECT_TRUE(unreadable(store.Get("k2")));

  redis.Put("k3", sealed);  // the value of k1 copied to another key
  EXPECT_TRUE(unreadable(store.Get("k3")));

  EncryptedStore other(redis, KeyOf(8));
  EXPECT_TRUE(unreadable(other.Get("k1")));

  redis.Put("k4", "\x01" + kRecord);  // clear text written by an older binary
  EXPECT_TRUE(unreadable(store.Get("k4")));
  EXPECT_FALSE(unreadable(store.Get("k1"))) << "the original still reads";
}

// After a key change the cache misses once per entry and stores a fresh value: old
// entries cost one load each, never a stream of errors until their TTL.
TEST(EncryptedStoreTest, ACacheWithANewKeyHealsItself) {
  testing::FakeKeyValueStore redis;
  EncryptedStore old_key(redis, KeyOf(1));
  EncryptedStore new_key(redis, KeyOf(2));
  google::rpc::ErrorInfo record;
  record.set_reason("654201198003070012");
  int loads = 0;
  const auto load = [&]() -> absl::StatusOr<google::rpc::ErrorInfo> {
    ++loads;
    return record;
  };
  ProtoCache before("household", &old_key, {}, nullptr);
  ASSERT_TRUE(before.GetOrLoad<google::rpc::ErrorInfo>("k", load).ok());
  ASSERT_EQ(loads, 1);

  ProtoCache after("household", &new_key, {}, nullptr);
  auto first = after.GetOrLoad<google::rpc::ErrorInfo>("k", load);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->reason(), record.reason());
  EXPECT_EQ(loads, 2) << "the old entry is not readable with the new key";
  auto second = after.GetOrLoad<google::rpc::ErrorInfo>("k", load);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(loads, 2) << "the fresh entry is a hit";
}

TEST(EncryptedStoreTest, KeyFilesAreMadeSecretAndRefusedOtherwise) {
  rrmon::testing::TempDir dir;
  const std::string path = dir.File("cache.key");
  ASSERT_TRUE(WriteNewCacheEncryptionKey(path).ok());
  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  EXPECT_EQ(WriteNewCacheEncryptionKey(path).code(), absl::StatusCode::kAlreadyExists);
  const auto key = LoadCacheEncryptionKey(path);
  ASSERT_TRUE(key.ok()) << key.status();

  ASSERT_EQ(chmod(path.c_str(), 0644), 0);
  EXPECT_EQ(LoadCacheEncryptionKey(path).status().code(), absl::StatusCode::kInvalidArgument);

  const std::string short_key = dir.File("short.key");
  std::ofstream(short_key) << "abcd\n";
  ASSERT_EQ(chmod(short_key.c_str(), 0600), 0);
  EXPECT_EQ(LoadCacheEncryptionKey(short_key).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(LoadCacheEncryptionKey(dir.File("absent.key")).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace rrmon

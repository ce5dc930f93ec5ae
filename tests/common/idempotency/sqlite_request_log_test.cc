#include "common/idempotency/sqlite_request_log.h"

#include <memory>

#include "common/storage/sqlite_database.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "rrmon/common/v1/common.pb.h"
#include "tests/support/temp_dir.h"

namespace rrmon {
namespace {

using ::testing::HasSubstr;

class SqliteRequestLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto database = SqliteDatabase::Open({.path = dir_.File("log.db")},
                                         {{1, "request log", kRequestLogSchema}});
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
  }

  int64_t Rows() {
    SqliteDatabase::Lease lease = database_->Acquire();
    auto select = lease->Prepare("SELECT COUNT(*) FROM request_log");
    EXPECT_TRUE(select.ok() && *(*select)->Step());
    return (*select)->ColumnInt64(0);
  }

  rrmon::testing::TempDir dir_;
  std::unique_ptr<SqliteDatabase> database_;
  const absl::Time now_ = absl::FromUnixSeconds(1781515800);
};

TEST_F(SqliteRequestLogTest, ARetryReadsTheFirstResponse) {
  common::v1::DateRange response;
  response.set_start_date("2026-01-01");
  const RequestKey key{"r-1", "CreateThing", "f1"};
  SqliteDatabase::Lease lease = database_->Acquire();
  ASSERT_TRUE(LogResponse(*lease, key, "things/1", response.SerializeAsString(), now_).ok());

  auto logged = ReadLoggedResponse(*lease, key);
  ASSERT_TRUE(logged.ok()) << logged.status();
  ASSERT_TRUE(logged->has_value());
  EXPECT_EQ((*logged)->resource_name, "things/1");
  auto message = ReadLoggedMessage<common::v1::DateRange>(*lease, key);
  ASSERT_TRUE(message.ok() && message->has_value());
  EXPECT_EQ((*message)->start_date(), "2026-01-01");
  EXPECT_FALSE(ReadLoggedResponse(*lease, {"r-2", "CreateThing", "f1"})->has_value());
}

TEST_F(SqliteRequestLogTest, AnIdReusedForAnotherRequestIsRefused) {
  SqliteDatabase::Lease lease = database_->Acquire();
  ASSERT_TRUE(LogResponse(*lease, {"r-1", "CreateThing", "f1"}, "things/1", "", now_).ok());
  for (const RequestKey& other :
       {RequestKey{"r-1", "CreateThing", "f2"}, RequestKey{"r-1", "CreateOther", "f1"}}) {
    auto logged = ReadLoggedResponse(*lease, other);
    EXPECT_EQ(logged.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(logged.status().message(), HasSubstr("request_id"));
  }
}

TEST_F(SqliteRequestLogTest, EntriesPastRetentionAreDeletedByLaterWrites) {
  SqliteDatabase::Lease lease = database_->Acquire();
  ASSERT_TRUE(LogResponse(*lease, {"old", "CreateThing", "f"}, "things/1", "", now_).ok());
  ASSERT_TRUE(LogResponse(*lease, {"recent", "CreateThing", "f"}, "things/2", "",
                          now_ + kRequestLogRetention - absl::Hours(1))
                  .ok());
  EXPECT_EQ(Rows(), 2);
  ASSERT_TRUE(LogResponse(*lease, {"new", "CreateThing", "f"}, "things/3", "",
                          now_ + kRequestLogRetention + absl::Hours(1))
                  .ok());
  EXPECT_EQ(Rows(), 2);
  EXPECT_FALSE(ReadLoggedResponse(*lease, {"old", "CreateThing", "f"})->has_value());
  EXPECT_TRUE(ReadLoggedResponse(*lease, {"recent", "CreateThing", "f"})->has_value());
}

}  // namespace
}  // namespace rrmon

#include "common/audit/sqlite_audit_trail.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/storage/sqlite_database.h"
#include "common/time/timestamp.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/support/temp_dir.h"

namespace rrmon {
namespace {

using common::v1::AuditEntry;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

const std::vector<Migration>& TrailOnly() {
  static const auto* migrations = new std::vector<Migration>{{1, "audit trail", kAuditTrailSchema}};
  return *migrations;
}

AuditRecord Change(const std::string& resource, const std::string& action) {
  AuditRecord change =
      NewAuditRecord(absl::FromUnixSeconds(1781515800), "officer-7",
                     common::v1::ROLE_COUNTY_OFFICER, action, resource, "moved to the new village");
  change.before_json = R"({"regionCode":"654201001001"})";
  change.after_json = R"({"regionCode":"654201001002"})";
  return change;
}

AuditRead Read(const std::string& resource) {
  return AuditRead{.time = absl::FromUnixSeconds(1781515860),
                   .actor = "cadre-1",
                   .actor_role = common::v1::ROLE_VILLAGE_CADRE,
                   .action = "GetHousehold",
                   .resource = resource};
}

std::vector<std::string> Resources(const AuditTrailPage& page) {
  std::vector<std::string> resources;
  for (const AuditEntry& entry : page.entries) resources.push_back(entry.resource());
  return resources;
}

class SqliteAuditTrailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<std::unique_ptr<SqliteDatabase>> database =
        SqliteDatabase::Open({.path = dir_.File("trail.db")}, TrailOnly());
    ASSERT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    trail_ = std::make_unique<SqliteAuditTrailRepository>(*database_);
  }

  void InsertChange(const AuditRecord& change) {
    SqliteDatabase::Lease lease = database_->Acquire();
    ASSERT_TRUE(InsertAuditChange(*lease, change).ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<SqliteDatabase> database_;
  std::unique_ptr<SqliteAuditTrailRepository> trail_;
};

TEST(AuditOwnerOfTest, IsTheTopLevelResource) {
  EXPECT_EQ(AuditOwnerOf("households/a"), "households/a");
  EXPECT_EQ(AuditOwnerOf("households/a/cases/b"), "households/a");
  EXPECT_EQ(AuditOwnerOf("households/a/guarantees"), "households/a");
  EXPECT_EQ(AuditOwnerOf("labourers/x/jobSpells/y"), "labourers/x");
  EXPECT_EQ(AuditOwnerOf("households"), "households");
}

TEST_F(SqliteAuditTrailTest, KeepsWhatAChangeSaysAndWhatAReadSays) {
  InsertChange(Change("households/a", "UpdateHousehold"));
  ASSERT_TRUE(trail_->WriteReads({Read("households/a")}).ok());

  absl::StatusOr<AuditTrailPage> page = trail_->List("households/a", 0, 10);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->entries.size(), 2u);
  EXPECT_FALSE(page->more);

  const AuditEntry& change = page->entries[0];
  EXPECT_EQ(change.kind(), common::v1::AUDIT_ENTRY_KIND_CHANGE);
  EXPECT_THAT(change.name(), ::testing::StartsWith("auditEntries/"));
  EXPECT_EQ(change.actor(), "officer-7");
  EXPECT_EQ(change.actor_role(), common::v1::ROLE_COUNTY_OFFICER);
  EXPECT_EQ(change.action(), "UpdateHousehold");
  EXPECT_EQ(change.before_json(), R"({"regionCode":"654201001001"})");
  EXPECT_EQ(change.after_json(), R"({"regionCode":"654201001002"})");
  EXPECT_EQ(change.reason(), "moved to the new village");
  EXPECT_EQ(FromTimestamp(change.create_time()), absl::FromUnixSeconds(1781515800));

  const AuditEntry& read = page->entries[1];
  EXPECT_EQ(read.kind(), common::v1::AUDIT_ENTRY_KIND_READ);
  EXPECT_EQ(read.actor(), "cadre-1");
  EXPECT_EQ(read.actor_role(), common::v1::ROLE_VILLAGE_CADRE);
  EXPECT_EQ(read.action(), "GetHousehold");
  EXPECT_THAT(read.before_json(), IsEmpty());
  EXPECT_THAT(read.after_json(), IsEmpty());
  EXPECT_EQ(FromTimestamp(read.create_time()), absl::FromUnixSeconds(1781515860));
}

TEST_F(SqliteAuditTrailTest, AnOwnersTrailHoldsItsSubresourcesAndNoOneElses) {
  InsertChange(Change("households/a", "CreateHousehold"));
  InsertChange(Change("households/ab", "CreateHousehold"));
  InsertChange(Change("households/a/cases/1", "DecideCaseStep"));
  ASSERT_TRUE(trail_->WriteReads({Read("households/b"), Read("households/a/guarantees")}).ok());

  absl::StatusOr<AuditTrailPage> page = trail_->List("households/a", 0, 10);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_THAT(Resources(*page),
              ElementsAre("households/a", "households/a/cases/1", "households/a/guarantees"));
}

TEST_F(SqliteAuditTrailTest, PagesInOrderWithoutGapsOrRepeats) {
  std::vector<AuditRead> reads;
  for (int i = 0; i < 7; ++i) reads.push_back(Read("households/a/cases/" + std::to_string(i)));
  ASSERT_TRUE(trail_->WriteReads(reads).ok());

  std::vector<std::string> seen;
  int64_t after = 0;
  int pages = 0;
  while (true) {
    absl::StatusOr<AuditTrailPage> page = trail_->List("households/a", after, 3);
    ASSERT_TRUE(page.ok()) << page.status();
    ++pages;
    for (const std::string& resource : Resources(*page)) seen.push_back(resource);
    if (!page->more) break;
    after = page->last_id;
  }
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 7u);
  for (int i = 0; i < 7; ++i) EXPECT_EQ(seen[i], "households/a/cases/" + std::to_string(i));
}

TEST_F(SqliteAuditTrailTest, NothingRewritesOrRemovesAnEntry) {
  InsertChange(Change("households/a", "UpdateHousehold"));
  SqliteDatabase::Lease lease = database_->Acquire();
  for (const char* sql :
       {"UPDATE audit_log SET reason = 'nothing happened'", "DELETE FROM audit_log"}) {
    absl::StatusOr<SqliteStatement*> statement = lease->Prepare(sql);
    ASSERT_TRUE(statement.ok()) << statement.status();
    absl::Status status = (*statement)->Run();
    EXPECT_FALSE(status.ok()) << sql;
    EXPECT_THAT(status.message(), HasSubstr("append-only")) << sql;
  }
}

}  // namespace
}  // namespace rrmon

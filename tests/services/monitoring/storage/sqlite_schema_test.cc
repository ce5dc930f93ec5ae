// Upgrading a monitoring database that holds data: rows written by a binary of schema 4
// are brought to what the current schema promises (records under their household's
// current region, marked with its deletion, an append-only audit log whose rows name
// their household), and the lists read them so.

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "common/audit/sqlite_audit_trail.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/monitoring/storage/sqlite_case_repository.h"
#include "services/monitoring/storage/sqlite_household_repository.h"
#include "services/monitoring/storage/sqlite_plan_repository.h"
#include "tests/support/temp_dir.h"

namespace rrmon::monitoring {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<Migration> MigrationsUpTo(int version) {
  std::vector<Migration> migrations;
  for (const Migration& migration : MonitoringSqliteMigrations()) {
    if (migration.version <= version) migrations.push_back(migration);
  }
  return migrations;
}

void Exec(SqliteDatabase& database, const std::string& sql) {
  auto lease = database.Acquire();
  ASSERT_TRUE(lease->Execute(sql).ok()) << sql;
}

std::vector<std::string> Column(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK) << sql;
  std::vector<std::string> values;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    values.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return values;
}

TEST(MonitoringSchemaTest, UpgradeFromVersion4MovesRecordsToTheirHouseholdsState) {
  rrmon::testing::TempDir dir;
  const SqliteOptions options{.path = dir.File("monitoring.db")};
  {
    auto old = SqliteDatabase::Open(options, MigrationsUpTo(4));
    ASSERT_TRUE(old.ok()) << old.status();
    ASSERT_EQ((*old)->schema_version(), 4);
    // h1 moved from village ...009 to ...001 before rows followed their household; h2 is
    // soft-deleted.
    Exec(**old,
         "INSERT INTO households (id, region_code, county_code, category, status, "
         "household_size, revision, deleted, record) VALUES "
         "('h1', '654201001001', '654201', 0, 1, 2, 3, 0, x''), "
         "('h2', '654202001001', '654202', 0, 1, 2, 2, 1, x'')");
    Exec(**old,
         "INSERT INTO risk_signals (household_id, signal_id, region_code, sort_key, "
         "fingerprint, record) VALUES "
         "('h1', 's1', '654201001009', '654201001009/h1/s1', 'f', x''), "
         "('h2', 's2', '654202001001', '654202001001/h2/s2', 'f', x'')");
    Exec(**old,
         "INSERT INTO cases (household_id, case_id, region_code, sort_key, kind, step, open, "
         "due_micros, prior_status, revision, record) VALUES "
         "('h1', 'c1', '654201001009', '654201001009/h1/c1', 1, 1, 1, NULL, 1, 1, x'')");
    Exec(**old,
         "INSERT INTO measures (household_id, measure_id, region_code, sort_key, type, status, "
         "funds_fen, start_date, revision, record) VALUES "
         "('h2', 'm2', '654202001001', '654202001001/h2/m2', 1, 1, 0, '2026-01-01', 1, x'')");
    Exec(**old,
         "INSERT INTO audit_log (create_time, actor, actor_role, action, resource, "
         "before_json, after_json, reason) VALUES (1, 'a', 1, 'CreateHousehold', "
         "'households/h1', '', '{}', ''), (2, 'b', 2, 'DecideCaseStep', "
         "'households/h1/cases/c1', '{}', '{}', 'ok'), (3, 'c', 1, 'CreateHousehold', "
         "'households/h2', '', '{}', '')");
  }

  auto upgraded = SqliteDatabase::Open(options, MonitoringSqliteMigrations());
  ASSERT_TRUE(upgraded.ok()) << upgraded.status();
  EXPECT_EQ((*upgraded)->schema_version(), MonitoringSqliteMigrations().back().version);

  EXPECT_THAT(
      Column(options.path,
             "SELECT region_code || ' ' || sort_key || ' ' || "
             "household_deleted FROM risk_signals ORDER BY signal_id"),
      ElementsAre("654201001001 654201001001/h1/s1 0", "654202001001 654202001001/h2/s2 1"));
  EXPECT_THAT(Column(options.path, "SELECT sort_key FROM cases"),
              ElementsAre("654201001001/h1/c1"));
  EXPECT_THAT(Column(options.path, "SELECT household_deleted FROM measures"), ElementsAre("1"));

  // The lists read the upgraded rows: the moved household's records under its village,
  // the deleted household's only when asked.
  SqliteCaseRepository cases(**upgraded);
  RegionPageQuery query;
  query.region_prefix = "654201001001";
  auto signals = cases.ListSignals(query);
  ASSERT_TRUE(signals.ok()) << signals.status();
  EXPECT_EQ(signals->items.size(), 1u);
  query.region_prefix = "654201001009";
  EXPECT_THAT(cases.ListSignals(query)->items, IsEmpty());
  SqlitePlanRepository plans(**upgraded);
  MeasureQuery measures;
  measures.page.region_prefix = "6542";
  EXPECT_THAT(plans.ListMeasures(measures)->items, IsEmpty());
  measures.page.show_deleted = true;
  EXPECT_EQ(plans.ListMeasures(measures)->items.size(), 1u);

  // The audit rows of the older binary are kept and can no longer be changed.
  auto lease = (*upgraded)->Acquire();
  EXPECT_FALSE(lease->Execute("DELETE FROM audit_log").ok());
  EXPECT_FALSE(lease->Execute("UPDATE audit_log SET reason = 'x'").ok());
  EXPECT_THAT(Column(options.path, "SELECT action FROM audit_log ORDER BY id"),
              ElementsAre("CreateHousehold", "DecideCaseStep", "CreateHousehold"));

  // Each older row is in its household's trail, as a change.
  SqliteAuditTrailRepository trail(**upgraded);
  auto h1 = trail.List("households/h1", 0, 10);
  ASSERT_TRUE(h1.ok()) << h1.status();
  ASSERT_EQ(h1->entries.size(), 2u);
  EXPECT_EQ(h1->entries[0].action(), "CreateHousehold");
  EXPECT_EQ(h1->entries[1].resource(), "households/h1/cases/c1");
  for (const auto& entry : h1->entries) {
    EXPECT_EQ(entry.kind(), common::v1::AUDIT_ENTRY_KIND_CHANGE);
  }
  EXPECT_EQ(trail.List("households/h2", 0, 10)->entries.size(), 1u);
}

// A household as a binary of any schema stored it: the record blob, members as rows.
v1::Household StoredHousehold() {
  v1::Household household;
  household.set_name("households/h1");
  household.set_region_code("654201001001");
  household.set_status(v1::HOUSEHOLD_STATUS_REGISTERED);
  household.set_household_size(1);
  household.set_etag("1");
  household.set_address("塔城市 和平路 1 号");
  return household;
}

v1::HouseholdMember StoredMember() {
  v1::HouseholdMember member;
  member.set_name("households/h1/members/m1");
  member.set_full_name("阿依古丽·买买提");
  member.set_id_number("654201198003071224");
  member.set_relation_to_head(v1::RELATION_HEAD);
  return member;
}

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char c : bytes) {
    hex.push_back(kDigits[c >> 4]);
    hex.push_back(kDigits[c & 15]);
  }
  return hex;
}

// Upgrading from each older schema that holds what that schema could hold: everything is
// readable afterwards through today's repositories, and written through them again.
class UpgradeFromOlderSchemaTest : public ::testing::TestWithParam<int> {};

TEST_P(UpgradeFromOlderSchemaTest, KeepsEveryRowReadableAndWritable) {
  const int from = GetParam();
  rrmon::testing::TempDir dir;
  const SqliteOptions options{.path = dir.File("monitoring.db")};
  v1::Household household = StoredHousehold();
  {
    auto old = SqliteDatabase::Open(options, MigrationsUpTo(from));
    ASSERT_TRUE(old.ok()) << old.status();
    ASSERT_EQ((*old)->schema_version(), from);
    Exec(**old,
         "INSERT INTO households (id, region_code, county_code, category, status, "
         "household_size, revision, deleted, record) VALUES ('h1', '654201001001', "
         "'654201', 0, 1, 1, 1, 0, x'" +
             Hex(household.SerializeAsString()) + "')");
    Exec(**old,
         "INSERT INTO household_members (household_id, member_id, position, id_number, "
         "active, record) VALUES ('h1', 'm1', 0, '654201198003071224', 1, x'" +
             Hex(StoredMember().SerializeAsString()) + "')");
    Exec(**old,
         "INSERT INTO request_log (request_id, method, fingerprint, resource_name, "
         "response, create_time) VALUES ('r1', 'CreateHousehold', 'f', "
         "'households/h1', x'', 1)");
    Exec(**old,
         "INSERT INTO audit_log (create_time, actor, actor_role, action, resource, "
         "before_json, after_json, reason) VALUES (1, 'cadre-1', 1, 'CreateHousehold', "
         "'households/h1', '', '{}', '')");
    if (from >= 2) {
      v1::RiskSignal signal;
      signal.set_name("households/h1/riskSignals/s1");
      signal.set_evidence("住院自付费用超过 3 万元");
      Exec(**old,
           "INSERT INTO risk_signals (household_id, signal_id, region_code, sort_key, "
           "fingerprint, record) VALUES ('h1', 's1', '654201001001', "
           "'654201001001/h1/s1', 'f', x'" +
               Hex(signal.SerializeAsString()) + "')");
    }
    if (from >= 3) {
      v1::AssistanceMeasure measure;
      measure.set_name("households/h1/measures/m1");
      Exec(**old,
           "INSERT INTO measures (household_id, measure_id, region_code, sort_key, type, "
           "status, funds_fen, start_date, revision, record) VALUES ('h1', 'm1', "
           "'654201001001', '654201001001/h1/m1', 1, 1, 0, '2026-01-01', 1, x'" +
               Hex(measure.SerializeAsString()) + "')");
    }
  }

  auto upgraded = SqliteDatabase::Open(options, MonitoringSqliteMigrations());
  ASSERT_TRUE(upgraded.ok()) << upgraded.status();
  EXPECT_EQ((*upgraded)->schema_version(), MonitoringSqliteMigrations().back().version);

  SqliteHouseholdRepository households(**upgraded);
  absl::StatusOr<v1::Household> read = households.Get("h1");
  ASSERT_TRUE(read.ok()) << read.status();
  EXPECT_EQ(read->address(), household.address());
  ASSERT_EQ(read->members_size(), 1);
  EXPECT_EQ(read->members(0).id_number(), "654201198003071224");
  auto counts = households.CountHouseholds();
  ASSERT_TRUE(counts.ok()) << counts.status();
  int64_t counted = 0;
  for (const HouseholdCount& count : *counts) counted += count.households;
  EXPECT_EQ(counted, 1) << "a row from before create_day counts as registered since always";

  SqliteAuditTrailRepository trail(**upgraded);
  auto entries = trail.List("households/h1", 0, 10);
  ASSERT_TRUE(entries.ok()) << entries.status();
  ASSERT_EQ(entries->entries.size(), 1u);
  EXPECT_EQ(entries->entries[0].actor(), "cadre-1");

  // Writing through today's code: the household moves village, its records follow.
  v1::Household moved = *read;
  moved.set_region_code("654201001002");
  moved.set_etag("2");
  AuditRecord audit =
      NewAuditRecord(absl::FromUnixSeconds(2), "officer-1", common::v1::ROLE_TOWNSHIP_OFFICER,
                     "UpdateHousehold", "households/h1", "moved");
  auto written = households.Replace(moved, 1, audit, std::nullopt, "households/h1");
  ASSERT_TRUE(written.ok()) << written.status();
  EXPECT_EQ(households.Get("h1")->region_code(), "654201001002");
  EXPECT_EQ(trail.List("households/h1", 0, 10)->entries.size(), 2u);

  RegionPageQuery query;
  query.region_prefix = "654201001002";
  SqliteCaseRepository cases(**upgraded);
  auto signals = cases.ListSignals(query);
  ASSERT_TRUE(signals.ok()) << signals.status();
  EXPECT_EQ(signals->items.size(), from >= 2 ? 1u : 0u);
  SqlitePlanRepository plans(**upgraded);
  MeasureQuery measures;
  measures.page = query;
  auto listed = plans.ListMeasures(measures);
  ASSERT_TRUE(listed.ok()) << listed.status();
  EXPECT_EQ(listed->items.size(), from >= 3 ? 1u : 0u);
}

INSTANTIATE_TEST_SUITE_P(Versions, UpgradeFromOlderSchemaTest, ::testing::Values(1, 2, 3),
                         [](const ::testing::TestParamInfo<int>& info) {
                           return "FromVersion" + std::to_string(info.param);
                         });

}  // namespace
}  // namespace rrmon::monitoring

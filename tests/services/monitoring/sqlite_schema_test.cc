// Upgrading a monitoring database that holds data: rows written by a binary of schema 4
// are brought to what the current schema promises (records under their household's
// current region, marked with its deletion, an append-only audit log whose rows name
// their household), and the lists read them so.

#include <sqlite3.h>

#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "common/audit/sqlite_audit_trail.h"
#include "services/monitoring/sqlite_case_repository.h"
#include "services/monitoring/sqlite_household_repository.h"
#include "services/monitoring/sqlite_plan_repository.h"
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
  EXPECT_EQ((*upgraded)->schema_version(), 7);

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

}  // namespace
}  // namespace rrmon::monitoring

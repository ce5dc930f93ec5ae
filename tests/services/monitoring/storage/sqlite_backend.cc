// The SQLite backend of the repository contract: a fresh database file per test, opened
// with the service's migrations, as the server opens it.

#include <memory>

#include "common/storage/sqlite_database.h"
#include "services/monitoring/storage/sqlite_case_repository.h"
#include "services/monitoring/storage/sqlite_household_repository.h"
#include "services/monitoring/storage/sqlite_plan_repository.h"
#include "tests/services/monitoring/storage/repository_contract.h"
#include "tests/support/temp_dir.h"

namespace rrmon::monitoring::contract {
namespace {

class SqliteStore final : public MonitoringStore {
 public:
  static std::unique_ptr<MonitoringStore> Open() {
    auto store = std::unique_ptr<SqliteStore>(new SqliteStore());
    auto database = SqliteDatabase::Open(SqliteOptions{.path = store->dir_.File("monitoring.db")},
                                         MonitoringSqliteMigrations());
    EXPECT_TRUE(database.ok()) << database.status();
    if (!database.ok()) return nullptr;
    store->database_ = *std::move(database);
    store->households_ = std::make_unique<SqliteHouseholdRepository>(*store->database_);
    store->cases_ = std::make_unique<SqliteCaseRepository>(*store->database_);
    store->plans_ = std::make_unique<SqlitePlanRepository>(*store->database_);
    return store;
  }

  HouseholdRepository& households() override { return *households_; }
  CaseRepository& cases() override { return *cases_; }
  PlanRepository& plans() override { return *plans_; }

 private:
  SqliteStore() = default;

  rrmon::testing::TempDir dir_;
  std::unique_ptr<SqliteDatabase> database_;
  std::unique_ptr<SqliteHouseholdRepository> households_;
  std::unique_ptr<SqliteCaseRepository> cases_;
  std::unique_ptr<SqlitePlanRepository> plans_;
};

}  // namespace

std::vector<MonitoringBackend> MonitoringBackends() {
  return {MonitoringBackend{"Sqlite", &SqliteStore::Open}};
}

}  // namespace rrmon::monitoring::contract

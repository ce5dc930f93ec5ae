#pragma once

// What the employment repository contracts share: the backends (each a Store of one
// database's repositories; a PostgreSQL backend joins Backends()) and record builders.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "common/api/etag.h"
#include "common/storage/sqlite_database.h"
#include "services/employment/domain/job_spell_rules.h"
#include "services/employment/domain/labourer_rules.h"
#include "services/employment/storage/sqlite_labourer_repository.h"
#include "services/employment/storage/sqlite_progress_repository.h"
#include "services/employment/storage/sqlite_schema.h"
#include "tests/support/id_numbers.h"
#include "tests/support/temp_dir.h"

namespace rrmon::employment {

class Store {
 public:
  virtual ~Store() = default;
  virtual LabourerRepository& labourers() = 0;
  virtual ProgressRepository& progress() = 0;
  // A second progress repository on the same data, keeping counts under `rule`.
  virtual std::unique_ptr<ProgressRepository> ProgressUnder(EmployedRule rule) = 0;
};

class SqliteStore final : public Store {
 public:
  SqliteStore() {
    auto database = SqliteDatabase::Open(SqliteOptions{.path = dir_.File("employment.db")},
                                         EmploymentSqliteMigrations());
    EXPECT_TRUE(database.ok()) << database.status();
    database_ = *std::move(database);
    repository_ = std::make_unique<SqliteLabourerRepository>(*database_, EmployedRule{30});
    progress_ = std::make_unique<SqliteProgressRepository>(*database_, EmployedRule{30});
  }
  LabourerRepository& labourers() override { return *repository_; }
  ProgressRepository& progress() override { return *progress_; }
  std::unique_ptr<ProgressRepository> ProgressUnder(EmployedRule rule) override {
    return std::make_unique<SqliteProgressRepository>(*database_, rule);
  }

 private:
  rrmon::testing::TempDir dir_;
  std::unique_ptr<SqliteDatabase> database_;
  std::unique_ptr<SqliteLabourerRepository> repository_;
  std::unique_ptr<SqliteProgressRepository> progress_;
};

struct Backend {
  std::string name;
  std::function<std::unique_ptr<Store>()> open;
};

// gtest names the instances by name; this keeps the object's bytes out of the listing.
inline void PrintTo(const Backend& backend, std::ostream* out) { *out << backend.name; }

inline std::vector<Backend> Backends() {
  return {{"Sqlite", [] { return std::make_unique<SqliteStore>(); }}};
}

inline v1::Labourer Labourer(const std::string& id, const std::string& village, int seed,
                             bool alleviated = false) {
  v1::Labourer labourer;
  labourer.set_name(LabourerName(id));
  labourer.set_full_name("努尔兰");
  labourer.set_id_number(rrmon::testing::MakeIdNumber("654201", "19900412", seed));
  labourer.set_region_code(village);
  labourer.set_poverty_alleviated_labour(alleviated);
  labourer.mutable_household_link()->set_state(
      alleviated ? v1::HOUSEHOLD_LINK_STATE_LINKED : v1::HOUSEHOLD_LINK_STATE_NOT_REGISTERED);
  labourer.set_etag(EtagOf(1));
  return labourer;
}

inline v1::JobSpell Spell(const std::string& labourer_id, const std::string& id,
                          const std::string& start, const std::string& end = "") {
  v1::JobSpell spell;
  spell.set_name(SpellName(labourer_id, id));
  spell.set_form(v1::JOB_FORM_ENTERPRISE);
  spell.set_place_tier(v1::PLACE_TIER_OUT_OF_PROVINCE);
  spell.set_destination_region_code("44");
  spell.set_start_date(start);
  spell.set_end_date(end);
  spell.set_etag(EtagOf(1));
  return spell;
}

inline LabourerChange Insert(v1::Labourer labourer) {
  LabourerChange change;
  change.labourer = std::move(labourer);
  change.audit.action = "CreateLabourer";
  change.audit.resource = change.labourer.name();
  change.audit.time = absl::FromUnixSeconds(1'780'000'000);
  return change;
}

inline LabourerChange Next(const v1::Labourer& before) {
  LabourerChange change = Insert(before);
  const int64_t revision = RevisionOf(before.etag()).value_or(0);
  change.expected_revision = revision;
  change.labourer.set_etag(EtagOf(revision + 1));
  change.audit.action = "Change";
  return change;
}

}  // namespace rrmon::employment

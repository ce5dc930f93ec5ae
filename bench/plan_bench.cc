// The household plan reads behind GetHousehold's measures, ListIncomeRecords and
// AssessHousehold, in the prefecture-sized database of bench/prefecture_database.h: one
// monitored household's measures (12 to 23 of ~40,000) and its 12 months of income (of
// 24,000 records), the pure Assess() over those 12 months, and the storage side of one
// assessment (household, income, guarantees) followed by Assess(). The measures are read
// also with the index proposed for the statistics, which serves their order.

#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <vector>

#include "bench/prefecture_database.h"
#include "services/monitoring/domain/income_assessment.h"
#include "services/monitoring/storage/sqlite_household_repository.h"
#include "services/monitoring/storage/sqlite_plan_repository.h"

namespace {

namespace v1 = rrmon::monitoring::v1;
using rrmon::monitoring::MonitoringLine;

struct Fixture {
  std::unique_ptr<rrmon::bench::PrefectureDatabase> db;
  std::unique_ptr<rrmon::monitoring::SqlitePlanRepository> plans;
  std::unique_ptr<rrmon::monitoring::SqliteHouseholdRepository> households;
  rrmon::monitoring::AssessmentPeriod period;
  std::string first_month;
  std::string last_month;
  // Xinjiang's line for the year counted (per person per year).
  MonitoringLine line{"65", 2026, 780'000};

  Fixture() {
    auto built = rrmon::bench::BuildPrefectureDatabase();
    if (!built.ok()) {
      std::fprintf(stderr, "building the database failed: %s\n", built.status().ToString().c_str());
      std::exit(1);
    }
    db = *std::move(built);
    plans = std::make_unique<rrmon::monitoring::SqlitePlanRepository>(*db->database);
    households = std::make_unique<rrmon::monitoring::SqliteHouseholdRepository>(*db->database);
    period = rrmon::monitoring::RollingYearBefore(db->as_of);
    first_month = rrmon::monitoring::FormatMonth(period.first);
    last_month = rrmon::monitoring::FormatMonth(period.last);
  }
};

// Built on first use, destroyed at exit (removing the temporary database).
Fixture& Shared() {
  static std::unique_ptr<Fixture> fixture;
  if (fixture == nullptr) fixture = std::make_unique<Fixture>();
  return *fixture;
}

void BM_HouseholdMeasures(benchmark::State& state) {
  Fixture& f = Shared();
  size_t count = 0;
  for (auto _ : state) {
    auto measures = f.plans->HouseholdMeasures(f.db->monitored_household);
    if (!measures.ok()) {
      state.SkipWithError(measures.status().ToString().c_str());
      return;
    }
    count = measures->size();
    benchmark::DoNotOptimize(measures);
  }
  state.counters["measures"] = static_cast<double>(count);
}
BENCHMARK(BM_HouseholdMeasures)->Unit(benchmark::kMicrosecond);

void BM_ListIncomeRecords12Months(benchmark::State& state) {
  Fixture& f = Shared();
  size_t count = 0;
  for (auto _ : state) {
    auto records =
        f.plans->ListIncomeRecords(f.db->monitored_household, f.first_month, f.last_month);
    if (!records.ok()) {
      state.SkipWithError(records.status().ToString().c_str());
      return;
    }
    count = records->size();
    benchmark::DoNotOptimize(records);
  }
  state.counters["records"] = static_cast<double>(count);
}
BENCHMARK(BM_ListIncomeRecords12Months)->Unit(benchmark::kMicrosecond);

void BM_Assess12Months(benchmark::State& state) {
  Fixture& f = Shared();
  auto household = f.households->Get(f.db->monitored_household);
  auto records = f.plans->ListIncomeRecords(f.db->monitored_household, f.first_month, f.last_month);
  auto guarantees = f.plans->GetGuarantees(f.db->monitored_household);
  if (!household.ok() || !records.ok() || !guarantees.ok() || records->size() != 12) {
    state.SkipWithError("the monitored household's records are missing");
    return;
  }
  const rrmon::monitoring::PeerIncome peer;
  const v1::Guarantees checks = guarantees->value_or(v1::Guarantees());
  for (auto _ : state) {
    v1::Assessment assessment = rrmon::monitoring::Assess(*household, *records, peer, checks,
                                                          f.line, f.db->as_of, f.db->now);
    benchmark::DoNotOptimize(assessment);
  }
}
BENCHMARK(BM_Assess12Months)->Unit(benchmark::kMicrosecond);

// What AssessHousehold does past authorization, without the peer services: read the
// household, its income over the period and its guarantees, then assess.
void BM_AssessFromStorage(benchmark::State& state) {
  Fixture& f = Shared();
  const rrmon::monitoring::PeerIncome peer;
  for (auto _ : state) {
    auto household = f.households->Get(f.db->monitored_household);
    auto records =
        f.plans->ListIncomeRecords(f.db->monitored_household, f.first_month, f.last_month);
    auto guarantees = f.plans->GetGuarantees(f.db->monitored_household);
    if (!household.ok() || !records.ok() || !guarantees.ok()) {
      state.SkipWithError("a read failed");
      return;
    }
    v1::Assessment assessment = rrmon::monitoring::Assess(*household, *records, peer,
                                                          guarantees->value_or(v1::Guarantees()),
                                                          f.line, f.db->as_of, f.db->now);
    benchmark::DoNotOptimize(assessment);
  }
}
BENCHMARK(BM_AssessFromStorage)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

// Reading one household (two members): straight from SQLite, versus a cache hit in a
// real Redis on loopback. Decides whether caching GetHousehold pays (DESIGN: a SQLite
// primary-key read is ~5 µs, a Redis GET ~33 µs on this kind of machine).

#include <benchmark/benchmark.h>

#include <memory>

#include "common/cache/proto_cache.h"
#include "common/cache/redis_client.h"
#include "common/time/clock.h"
#include "services/monitoring/storage/sqlite_household_repository.h"
#include "services/monitoring/usecases/household_registry.h"
#include "tests/support/id_numbers.h"
#include "tests/support/redis_server.h"
#include "tests/support/temp_dir.h"

namespace {

namespace v1 = rrmon::monitoring::v1;

struct Fixture {
  rrmon::testing::TempDir dir;
  std::unique_ptr<rrmon::SqliteDatabase> database;
  std::unique_ptr<rrmon::monitoring::SqliteHouseholdRepository> repository;
  std::unique_ptr<rrmon::testing::RedisServer> redis;
  std::unique_ptr<rrmon::RedisClient> redis_client;
  std::unique_ptr<rrmon::ProtoCache> cache;
  std::string id;

  Fixture() {
    rrmon::SqliteOptions options;
    options.path = dir.File("bench.db");
    database =
        *rrmon::SqliteDatabase::Open(options, rrmon::monitoring::MonitoringSqliteMigrations());
    repository = std::make_unique<rrmon::monitoring::SqliteHouseholdRepository>(*database);
    rrmon::monitoring::HouseholdRegistry registry(*repository, nullptr,
                                                  rrmon::SystemClock::Instance());
    rrmon::auth::Principal cadre{"bench", rrmon::common::v1::ROLE_VILLAGE_CADRE, "654201",
                                 absl::Now() + absl::Hours(1)};
    // A registry of 10,000 households, so the read is not of a toy table.
    for (int i = 0; i < 10'000; ++i) {
      v1::CreateHouseholdRequest request;
      auto* household = request.mutable_household();
      household->set_region_code(i % 2 ? "654201001001" : "654201002002");
      auto* head = household->add_members();
      head->set_full_name("阿依古丽·买买提");
      head->set_id_number(rrmon::testing::MakeIdNumber("6542" + std::to_string(10 + i / 1000),
                                                       "19800307", i % 1000));
      head->set_relation_to_head(v1::RELATION_HEAD);
      head->set_health(v1::HEALTH_STATUS_HEALTHY);
      head->set_labour_capacity(v1::LABOUR_CAPACITY_ORDINARY);
      auto* spouse = household->add_members();
      *spouse = *head;
      spouse->set_relation_to_head(v1::RELATION_SPOUSE);
      spouse->set_id_number(rrmon::testing::MakeIdNumber("6542" + std::to_string(10 + i / 1000),
                                                         "19820307", i % 1000));
      auto created = registry.Create(cadre, request);
      if (created.ok()) id = created->name().substr(11);
    }
    redis = *rrmon::testing::RedisServer::Start();
    rrmon::RedisOptions redis_options;
    redis_options.port = redis->port();
    redis_client = std::make_unique<rrmon::RedisClient>(redis_options, nullptr,
                                                        rrmon::SystemClock::Instance());
    cache = std::make_unique<rrmon::ProtoCache>("household", redis_client.get(),
                                                rrmon::CacheOptions{}, nullptr);
  }
};

Fixture& Shared() {
  static Fixture* fixture = new Fixture();
  return *fixture;
}

void BM_GetHouseholdFromSqlite(benchmark::State& state) {
  Fixture& f = Shared();
  for (auto _ : state) {
    auto household = f.repository->Get(f.id);
    benchmark::DoNotOptimize(household);
  }
}
BENCHMARK(BM_GetHouseholdFromSqlite);

void BM_GetHouseholdFromRedisCache(benchmark::State& state) {
  Fixture& f = Shared();
  const std::string key = rrmon::CacheKey("monitoring", "household", f.id);
  for (auto _ : state) {
    auto household =
        f.cache->GetOrLoad<v1::Household>(key, [&] { return f.repository->Get(f.id); });
    benchmark::DoNotOptimize(household);
  }
}
BENCHMARK(BM_GetHouseholdFromRedisCache);

void BM_ListHouseholdsPage50(benchmark::State& state) {
  Fixture& f = Shared();
  rrmon::monitoring::HouseholdQuery query;
  query.region_prefix = "654201";
  query.limit = 50;
  for (auto _ : state) {
    auto page = f.repository->List(query);
    benchmark::DoNotOptimize(page);
  }
}
BENCHMARK(BM_ListHouseholdsPage50);

}  // namespace

BENCHMARK_MAIN();

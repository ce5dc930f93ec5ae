// GetMonitoringStatistics over a prefecture-sized database (bench/prefecture_database.h):
// SqliteStatisticsRepository::Compute (the maintained counts) and Recount (every row) for
// the whole prefecture, one county and one village; and StatisticsReporter::Get when the
// result is already in a real Redis. The Province benchmarks build a province of 1M
// households first (minutes): run them with --benchmark_filter=Province.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

#include "bench/prefecture_database.h"
#include "common/cache/redis_client.h"
#include "common/time/civil_date.h"
#include "common/time/clock.h"
#include "services/monitoring/storage/sqlite_statistics_repository.h"
#include "services/monitoring/usecases/statistics_reporter.h"
#include "tests/support/redis_server.h"

namespace {

namespace v1 = rrmon::monitoring::v1;

struct Fixture {
  std::unique_ptr<rrmon::bench::PrefectureDatabase> db;
  std::unique_ptr<rrmon::monitoring::SqliteStatisticsRepository> repository;

  Fixture(const std::string& name, const rrmon::bench::RegistryShape& shape) {
    const absl::Time start = absl::Now();
    auto built = rrmon::bench::BuildPrefectureDatabase(name, "", shape);
    if (!built.ok()) {
      std::fprintf(stderr, "building the database failed: %s\n", built.status().ToString().c_str());
      std::exit(1);
    }
    db = *std::move(built);
    repository = std::make_unique<rrmon::monitoring::SqliteStatisticsRepository>(*db->database);
    // As the service's task keeps them: the counts caught up with the instant the bench
    // asks at (the migration set the flags by the wall clock, days after it). The figures
    // are the same either way; prefecture_flags_a_month_behind measures the other case.
    if (const absl::Status advanced = repository->AdvanceCounts(db->now); !advanced.ok()) {
      std::fprintf(stderr, "advancing the counts failed: %s\n", advanced.ToString().c_str());
      std::exit(1);
    }
    std::fprintf(stderr,
                 "database %s: %d households, %d people, %d measures, %d cases, %d income "
                 "records, built in %.0f s\n",
                 db->path.c_str(), db->households, db->people, db->measures, db->cases,
                 db->income_records, absl::ToDoubleSeconds(absl::Now() - start));
  }
};

// Built on first use; destroyed at exit, which removes the temporary database.
Fixture& Shared() {
  static std::unique_ptr<Fixture> fixture;
  if (fixture == nullptr) {
    fixture = std::make_unique<Fixture>("prefecture", rrmon::bench::PrefectureShape());
  }
  return *fixture;
}
Fixture& Province() {
  static std::unique_ptr<Fixture> fixture;
  if (fixture == nullptr) {
    fixture = std::make_unique<Fixture>("province", rrmon::bench::ProvinceShape());
  }
  return *fixture;
}

enum class Region { kProvince, kPrefecture, kCounty, kVillage };
enum class Counting { kMaintained, kRecount };

// `days_later`: asked that many days after the instant the counts caught up with, as if
// the service's task had not run since.
void RunStatistics(benchmark::State& state, Fixture& f, Region region, Counting counting,
                   int days_later = 0) {
  rrmon::monitoring::StatisticsQuery query;
  query.region_prefix = region == Region::kProvince     ? f.db->province
                        : region == Region::kPrefecture ? f.db->prefecture
                        : region == Region::kCounty     ? f.db->county
                                                        : f.db->village;
  query.as_of = f.db->as_of + days_later;
  query.now_micros = absl::ToUnixMicros(f.db->now + absl::Hours(24 * days_later));
  v1::MonitoringStatistics last;
  for (auto _ : state) {
    auto statistics = counting == Counting::kMaintained ? f.repository->Compute(query)
                                                        : f.repository->Recount(query);
    if (!statistics.ok()) {
      state.SkipWithError(statistics.status().ToString().c_str());
      return;
    }
    last = *std::move(statistics);
    benchmark::DoNotOptimize(last);
  }
  // What was counted, so a fast figure cannot come from an empty region.
  state.counters["households"] = static_cast<double>(last.registered().households());
  state.counters["monitored"] = static_cast<double>(last.monitored().households());
  state.counters["measures"] = static_cast<double>(last.monitored_measures());
  state.counters["overdue"] = static_cast<double>(last.overdue_cases());
  state.counters["eliminated"] = static_cast<double>(last.eliminations());
}

void BM_Statistics(benchmark::State& state, Region region, Counting counting) {
  RunStatistics(state, Shared(), region, counting);
}
BENCHMARK_CAPTURE(BM_Statistics, prefecture, Region::kPrefecture, Counting::kMaintained)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Statistics, county, Region::kCounty, Counting::kMaintained)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Statistics, village, Region::kVillage, Counting::kMaintained)
    ->Unit(benchmark::kMicrosecond);
void BM_StatisticsFlagsBehind(benchmark::State& state) {
  RunStatistics(state, Shared(), Region::kPrefecture, Counting::kMaintained, 30);
}
BENCHMARK(BM_StatisticsFlagsBehind)
    ->Name("BM_Statistics/prefecture_flags_a_month_behind")
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Statistics, prefecture_recount, Region::kPrefecture, Counting::kRecount)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_Statistics, county_recount, Region::kCounty, Counting::kRecount)
    ->Unit(benchmark::kMillisecond);

void BM_ProvinceStatistics(benchmark::State& state, Region region, Counting counting) {
  RunStatistics(state, Province(), region, counting);
}
BENCHMARK_CAPTURE(BM_ProvinceStatistics, province, Region::kProvince, Counting::kMaintained)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProvinceStatistics, prefecture, Region::kPrefecture, Counting::kMaintained)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProvinceStatistics, county, Region::kCounty, Counting::kMaintained)
    ->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProvinceStatistics, village, Region::kVillage, Counting::kMaintained)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ProvinceStatistics, province_recount, Region::kProvince, Counting::kRecount)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3);

// A real Redis and a reporter over the shared repository, started once (from the main
// thread, which the server's lifetime is tied to).
struct Cached {
  std::unique_ptr<rrmon::testing::RedisServer> redis;
  std::unique_ptr<rrmon::RedisClient> client;
  std::unique_ptr<rrmon::monitoring::StatisticsReporter> reporter;
};

// Started after the fixture it reads, so destroyed before it at exit (stopping the server
// and removing its folder).
Cached* SharedCache() {
  static std::unique_ptr<Cached> cached = []() -> std::unique_ptr<Cached> {
    auto redis = rrmon::testing::RedisServer::Start();
    if (!redis.ok()) {
      std::fprintf(stderr, "no Redis: %s\n", redis.status().ToString().c_str());
      return nullptr;
    }
    auto c = std::make_unique<Cached>();
    c->redis = *std::move(redis);
    rrmon::RedisOptions options;
    options.port = c->redis->port();
    c->client =
        std::make_unique<rrmon::RedisClient>(options, nullptr, rrmon::SystemClock::Instance());
    c->reporter = std::make_unique<rrmon::monitoring::StatisticsReporter>(
        *Shared().repository, c->client.get(), nullptr, rrmon::SystemClock::Instance(),
        absl::Minutes(5));
    return c;
  }();
  return cached.get();
}

// The cache hit path of GetMonitoringStatistics for the whole prefecture: a GET of the
// generation key, a GET of the entry, the parse. The first call fills the entry; a result
// with another compute_time than the first would be a recount, counted as a miss.
void BM_StatisticsReporterCacheHit(benchmark::State& state) {
  Fixture& f = Shared();
  Cached* cached = SharedCache();
  if (cached == nullptr) {
    state.SkipWithError("redis-server did not start");
    return;
  }
  const rrmon::auth::Principal analyst{"bench", rrmon::common::v1::ROLE_ANALYST, f.db->prefecture,
                                       absl::Now() + absl::Hours(1)};
  v1::GetMonitoringStatisticsRequest request;
  request.set_as_of_date(rrmon::FormatDate(f.db->as_of));
  auto first = cached->reporter->Get(analyst, request);
  if (!first.ok()) {
    state.SkipWithError(first.status().ToString().c_str());
    return;
  }
  int64_t misses = 0;
  for (auto _ : state) {
    auto statistics = cached->reporter->Get(analyst, request);
    if (!statistics.ok() ||
        statistics->compute_time().seconds() != first->compute_time().seconds() ||
        statistics->compute_time().nanos() != first->compute_time().nanos()) {
      ++misses;
    }
    benchmark::DoNotOptimize(statistics);
  }
  state.counters["misses"] = static_cast<double>(misses);
}
BENCHMARK(BM_StatisticsReporterCacheHit)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

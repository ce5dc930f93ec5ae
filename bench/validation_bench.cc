// Cost of the checks every registry write runs per person.

#include <benchmark/benchmark.h>

#include "common/validation/id_number.h"
#include "common/validation/person_name.h"
#include "tests/support/id_numbers.h"

namespace {

void BM_ParseIdNumber(benchmark::State& state) {
  const std::string id = rrmon::testing::MakeIdNumber("654201", "19800307", 123);
  const absl::CivilDay today(2026, 11, 24);
  for (auto _ : state) {
    auto parsed = rrmon::validation::ParseIdNumber(id, "id_number", today);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(BM_ParseIdNumber);

void BM_ValidatePersonName(benchmark::State& state) {
  const std::string name = "阿依古丽·买买提";
  for (auto _ : state) {
    auto status = rrmon::validation::ValidatePersonName(name, "full_name");
    benchmark::DoNotOptimize(status);
  }
}
BENCHMARK(BM_ValidatePersonName);

}  // namespace

BENCHMARK_MAIN();

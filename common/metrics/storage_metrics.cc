#include "common/metrics/storage_metrics.h"

#include <string>

#include "common/metrics/metrics_exposer.h"

namespace rrmon {

StorageMetrics::StorageMetrics(prometheus::Registry& registry, std::string_view backend) {
  auto& statements = prometheus::BuildCounter()
                         .Name("rrmon_db_statements_total")
                         .Help("Database statements executed, by operation and result.")
                         .Register(registry);
  auto& duration = prometheus::BuildHistogram()
                       .Name("rrmon_db_statement_duration_seconds")
                       .Help("Time spent in the database per statement.")
                       .Register(registry);
  for (size_t i = 0; i < kOperations.size(); ++i) {
    const std::string operation(kOperations[i]);
    const std::string backend_label(backend);
    series_[i].ok =
        &statements.Add({{"backend", backend_label}, {"operation", operation}, {"result", "ok"}});
    series_[i].error = &statements.Add(
        {{"backend", backend_label}, {"operation", operation}, {"result", "error"}});
    series_[i].duration = &duration.Add({{"backend", backend_label}, {"operation", operation}},
                                        LatencyBucketsSeconds());
  }
}

void StorageMetrics::OnStatement(std::string_view operation, absl::Duration elapsed, bool ok) {
  size_t index = kOperations.size() - 1;  // OTHER
  for (size_t i = 0; i < kOperations.size(); ++i) {
    if (kOperations[i] == operation) {
      index = i;
      break;
    }
  }
  Series& series = series_[index];
  (ok ? series.ok : series.error)->Increment();
  series.duration->Observe(absl::ToDoubleSeconds(elapsed));
}

}  // namespace rrmon

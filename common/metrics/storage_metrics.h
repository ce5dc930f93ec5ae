#pragma once

// Database metrics from the storage layer's observer hook:
//   rrmon_db_statements_total{backend,operation,result}
//   rrmon_db_statement_duration_seconds{backend,operation}
// `operation` is the statement's first keyword; series for every operation are created
// up front, so the hot path only picks a pre-resolved counter.

#include <array>
#include <string_view>

#include "common/storage/storage_observer.h"
#include "prometheus/counter.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace rrmon {

class StorageMetrics final : public StorageObserver {
 public:
  // `backend` is "sqlite" or "postgresql".
  StorageMetrics(prometheus::Registry& registry, std::string_view backend);

  void OnStatement(std::string_view operation, absl::Duration elapsed, bool ok) override;

 private:
  static constexpr std::array<std::string_view, 8> kOperations = {
      "SELECT", "INSERT", "UPDATE", "DELETE", "BEGIN", "COMMIT", "ROLLBACK", "OTHER"};
  struct Series {
    prometheus::Counter* ok = nullptr;
    prometheus::Counter* error = nullptr;
    prometheus::Histogram* duration = nullptr;
  };
  std::array<Series, kOperations.size()> series_;
};

}  // namespace rrmon

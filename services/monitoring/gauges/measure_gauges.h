#pragma once

// rrmon_monitoring_measures{status}: the 一户一策 measures of households not deleted, by
// status. Refreshed with the household gauges, never on the scrape path.

#include "absl/status/status.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/monitoring/usecases/plan_repository.h"

namespace rrmon::monitoring {

class MeasureGauges {
 public:
  // Both must outlive the gauges. Every status series exists from construction on.
  MeasureGauges(prometheus::Registry& registry, PlanRepository& repository);

  absl::Status Refresh();

 private:
  PlanRepository& repository_;
  prometheus::Family<prometheus::Gauge>& measures_;
};

}  // namespace rrmon::monitoring

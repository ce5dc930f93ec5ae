#pragma once

// Domain gauges of the case workflow: open and overdue cases by kind and step, overdue
// as of the server's clock. Refreshed with the household gauges (HouseholdGauges calls
// Refresh from its background thread), never on the scrape path.

#include "absl/status/status.h"
#include "common/time/clock.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/monitoring/domain/case_workflow.h"
#include "services/monitoring/usecases/case_repository.h"

namespace rrmon::monitoring {

class CaseGauges {
 public:
  // All must outlive the gauges.
  CaseGauges(prometheus::Registry& registry, CaseRepository& repository,
             const CaseWorkflow& workflow, const Clock& clock);

  // Recounts the open cases. Every (kind, step) series exists from construction on, so a
  // step without cases reads 0 rather than vanishing.
  absl::Status Refresh();

 private:
  CaseRepository& repository_;
  const CaseWorkflow& workflow_;
  const Clock& clock_;
  prometheus::Family<prometheus::Gauge>& open_;
  prometheus::Family<prometheus::Gauge>& overdue_;
};

}  // namespace rrmon::monitoring

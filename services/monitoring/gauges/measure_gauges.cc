#include "services/monitoring/gauges/measure_gauges.h"

#include <map>
#include <string>

#include "absl/strings/ascii.h"

namespace rrmon::monitoring {
namespace {

constexpr v1::MeasureStatus kStatuses[] = {v1::MEASURE_STATUS_PLANNED, v1::MEASURE_STATUS_IN_EFFECT,
                                           v1::MEASURE_STATUS_DONE, v1::MEASURE_STATUS_CANCELLED};

// MEASURE_STATUS_IN_EFFECT → "in_effect".
prometheus::Labels LabelsOf(v1::MeasureStatus status) {
  std::string label = v1::MeasureStatus_Name(status).substr(sizeof("MEASURE_STATUS_") - 1);
  absl::AsciiStrToLower(&label);
  return {{"status", label}};
}

}  // namespace

MeasureGauges::MeasureGauges(prometheus::Registry& registry, PlanRepository& repository)
    : repository_(repository),
      measures_(prometheus::BuildGauge()
                    .Name("rrmon_monitoring_measures")
                    .Help("Assistance measures (一户一策) of households not deleted, by status.")
                    .Register(registry)) {
  for (v1::MeasureStatus status : kStatuses) measures_.Add(LabelsOf(status)).Set(0);
}

absl::Status MeasureGauges::Refresh() {
  auto counts = repository_.CountMeasuresByStatus();
  if (!counts.ok()) return counts.status();
  std::map<int, int64_t> by_status;
  for (const auto& [status, count] : *counts) by_status[status] = count;
  for (v1::MeasureStatus status : kStatuses) {
    const auto it = by_status.find(status);
    measures_.Add(LabelsOf(status))
        .Set(it == by_status.end() ? 0.0 : static_cast<double>(it->second));
  }
  return absl::OkStatus();
}

}  // namespace rrmon::monitoring

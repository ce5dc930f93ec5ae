#pragma once

// Reads series back from a prometheus::Registry, so tests assert on what a scrape sees.

#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <map>
#include <string>
#include <vector>

namespace rrmon::testing {

using MetricLabels = std::map<std::string, std::string>;

// The series of family `name` whose labels are exactly `labels`; null when absent.
inline const prometheus::ClientMetric* FindSeries(
    const std::vector<prometheus::MetricFamily>& families, const std::string& name,
    const MetricLabels& labels) {
  for (const auto& family : families) {
    if (family.name != name) continue;
    for (const auto& metric : family.metric) {
      MetricLabels actual;
      for (const auto& label : metric.label) actual[label.name] = label.value;
      if (actual == labels) return &metric;
    }
  }
  return nullptr;
}

// The value of a counter series, or -1 when the series does not exist.
inline double CounterValue(const prometheus::Registry& registry, const std::string& name,
                           const MetricLabels& labels = {}) {
  const auto families = registry.Collect();
  const prometheus::ClientMetric* series = FindSeries(families, name, labels);
  return series == nullptr ? -1 : series->counter.value;
}

inline double GaugeValue(const prometheus::Registry& registry, const std::string& name,
                         const MetricLabels& labels = {}) {
  const auto families = registry.Collect();
  const prometheus::ClientMetric* series = FindSeries(families, name, labels);
  return series == nullptr ? -1 : series->gauge.value;
}

}  // namespace rrmon::testing

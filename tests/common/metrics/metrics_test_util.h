#pragma once

// Reads series back from a prometheus::Registry, so tests assert on what a scrape sees.

#include <prometheus/metric_family.h>
#include <prometheus/registry.h>

#include <map>
#include <string>
#include <vector>

namespace rrmon::testing {

using MetricLabels = std::map<std::string, std::string>;

inline MetricLabels LabelsOf(const prometheus::ClientMetric& metric) {
  MetricLabels labels;
  for (const auto& label : metric.label) labels[label.name] = label.value;
  return labels;
}

// Every series of family `name` (empty when the family is absent).
inline std::vector<prometheus::ClientMetric> SeriesOf(const prometheus::Registry& registry,
                                                      const std::string& name) {
  for (const auto& family : registry.Collect()) {
    if (family.name == name) return family.metric;
  }
  return {};
}

// The series of family `name` whose labels are exactly `labels`; false when absent.
inline bool FindSeries(const prometheus::Registry& registry, const std::string& name,
                       const MetricLabels& labels, prometheus::ClientMetric* out = nullptr) {
  for (const auto& metric : SeriesOf(registry, name)) {
    if (LabelsOf(metric) == labels) {
      if (out != nullptr) *out = metric;
      return true;
    }
  }
  return false;
}

}  // namespace rrmon::testing

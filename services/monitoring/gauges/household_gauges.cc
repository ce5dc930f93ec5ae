#include "services/monitoring/gauges/household_gauges.h"

#include <map>

#include "common/log/log.h"

namespace rrmon::monitoring {
namespace {

std::string CategoryLabel(int category) {
  switch (category) {
    case v1::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED:
      return "unstable_alleviated";
    case v1::MONITORING_CATEGORY_MARGINAL_AT_RISK:
      return "marginal_at_risk";
    case v1::MONITORING_CATEGORY_SUDDEN_HARDSHIP:
      return "sudden_hardship";
    default:
      return "none";
  }
}

std::string StatusLabel(int status) {
  switch (status) {
    case v1::HOUSEHOLD_STATUS_REGISTERED:
      return "registered";
    case v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION:
      return "under_identification";
    case v1::HOUSEHOLD_STATUS_MONITORED:
      return "monitored";
    case v1::HOUSEHOLD_STATUS_RISK_ELIMINATED:
      return "risk_eliminated";
    default:
      return "unknown";
  }
}

prometheus::Labels LabelsOf(const std::string& county, int category, int status) {
  return {
      {"county", county}, {"category", CategoryLabel(category)}, {"status", StatusLabel(status)}};
}

}  // namespace

HouseholdGauges::HouseholdGauges(prometheus::Registry& registry, HouseholdRepository& repository)
    : repository_(repository),
      households_(prometheus::BuildGauge()
                      .Name("rrmon_monitoring_households")
                      .Help("Households in the registry (soft-deleted excluded) by county, "
                            "monitoring category and status.")
                      .Register(registry)),
      people_(prometheus::BuildGauge()
                  .Name("rrmon_monitoring_people")
                  .Help("People sharing registered households by county, monitoring category "
                        "and status.")
                  .Register(registry)),
      refresh_errors_(prometheus::BuildGauge()
                          .Name("rrmon_monitoring_stats_refresh_failures")
                          .Help("Consecutive failed refreshes of the registry gauges.")
                          .Register(registry)
                          .Add({})),
      refresh_task_([this] {
        if (absl::Status status = Refresh(); !status.ok()) {
          LogWarning("monitoring", "gauge refresh failed", {{"status", status.message()}});
        }
      }) {}

HouseholdGauges::~HouseholdGauges() { refresh_task_.Stop(); }

absl::Status HouseholdGauges::Refresh() {
  auto counts = repository_.CountHouseholds();
  if (!counts.ok()) {
    refresh_errors_.Increment();
    return counts.status();
  }
  for (const auto& refresh : refreshers_) {
    if (absl::Status status = refresh(); !status.ok()) {
      refresh_errors_.Increment();
      return status;
    }
  }
  refresh_errors_.Set(0);
  absl::MutexLock lock(&mu_);
  std::set<Key> seen;
  for (const HouseholdCount& count : *counts) {
    Key key{count.county_code, count.category, count.status};
    seen.insert(key);
    const auto labels = LabelsOf(count.county_code, count.category, count.status);
    households_.Add(labels).Set(static_cast<double>(count.households));
    people_.Add(labels).Set(static_cast<double>(count.people));
  }
  for (const Key& key : published_) {
    if (seen.contains(key)) continue;
    const auto labels = LabelsOf(std::get<0>(key), std::get<1>(key), std::get<2>(key));
    households_.Add(labels).Set(0);
    people_.Add(labels).Set(0);
    seen.insert(key);
  }
  published_ = std::move(seen);
  return absl::OkStatus();
}

void HouseholdGauges::RequestRefresh() { refresh_task_.RunSoon(); }

void HouseholdGauges::StartBackgroundRefresh(absl::Duration interval) {
  // A requested refresh is debounced to one a second: a burst of writes costs one count.
  refresh_task_.Start({.interval = interval, .min_gap = absl::Seconds(1)});
}

}  // namespace rrmon::monitoring

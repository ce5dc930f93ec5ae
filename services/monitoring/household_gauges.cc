#include "services/monitoring/household_gauges.h"

#include <map>

#include "common/log/log.h"

namespace rrmon::monitoring {
namespace {

std::string CategoryLabel(int category) {
  switch (category) {
    case v1::MONITORING_CATEGORY_UNSTABLE_ALLEVIATED: return "unstable_alleviated";
    case v1::MONITORING_CATEGORY_MARGINAL_AT_RISK: return "marginal_at_risk";
    case v1::MONITORING_CATEGORY_SUDDEN_HARDSHIP: return "sudden_hardship";
    default: return "none";
  }
}

std::string StatusLabel(int status) {
  switch (status) {
    case v1::HOUSEHOLD_STATUS_REGISTERED: return "registered";
    case v1::HOUSEHOLD_STATUS_UNDER_IDENTIFICATION: return "under_identification";
    case v1::HOUSEHOLD_STATUS_MONITORED: return "monitored";
    case v1::HOUSEHOLD_STATUS_RISK_ELIMINATED: return "risk_eliminated";
    default: return "unknown";
  }
}

prometheus::Labels LabelsOf(const std::string& county, int category, int status) {
  return {{"county", county}, {"category", CategoryLabel(category)}, {"status", StatusLabel(status)}};
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
                          .Add({})) {}

HouseholdGauges::~HouseholdGauges() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

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

void HouseholdGauges::RequestRefresh() {
  absl::MutexLock lock(&mu_);
  refresh_requested_ = true;
}

void HouseholdGauges::StartBackgroundRefresh(absl::Duration interval) {
  thread_ = std::thread([this, interval] {
    absl::Time next = absl::Now();
    while (true) {
      {
        absl::MutexLock lock(&mu_);
        // Wake for a stop, a requested refresh (debounced to one per second), or the period.
        mu_.AwaitWithDeadline(absl::Condition(this, &HouseholdGauges::ShouldWake), next);
        if (stopping_) return;
        refresh_requested_ = false;
      }
      if (auto status = Refresh(); !status.ok()) {
        LogWarning("monitoring", "gauge refresh failed", {{"status", status.message()}});
      }
      next = absl::Now() + interval;
      absl::MutexLock lock(&mu_);
      mu_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Seconds(1));
    }
  });
}

}  // namespace rrmon::monitoring

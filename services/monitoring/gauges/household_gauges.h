#pragma once

// Domain gauges of the registry: households and people by county, category and
// status. Refreshed from storage by a background thread (and on demand after a
// change), so a scrape never waits on a database query.

#include <functional>
#include <set>
#include <tuple>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/server/periodic_task.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "services/monitoring/usecases/household_repository.h"

namespace rrmon::monitoring {

class HouseholdGauges {
 public:
  HouseholdGauges(prometheus::Registry& registry, HouseholdRepository& repository);
  ~HouseholdGauges();

  // Reads the counts now. Series that no longer have households drop to 0.
  absl::Status Refresh();

  // Other domain gauges refreshed with these, on the same thread and schedule (the case
  // gauges). Call before StartBackgroundRefresh.
  void AddRefresher(std::function<absl::Status()> refresh) {
    refreshers_.push_back(std::move(refresh));
  }

  // Refreshes every `interval` until destruction; also soon after RequestRefresh().
  void StartBackgroundRefresh(absl::Duration interval);
  void RequestRefresh();

 private:
  using Key = std::tuple<std::string, int, int>;  // county, category, status

  HouseholdRepository& repository_;
  prometheus::Family<prometheus::Gauge>& households_;
  prometheus::Family<prometheus::Gauge>& people_;
  prometheus::Gauge& refresh_errors_;
  std::vector<std::function<absl::Status()>> refreshers_;  // fixed before the thread starts

  absl::Mutex mu_;
  std::set<Key> published_ ABSL_GUARDED_BY(mu_);
  // Last, so that it stops (and no refresh runs) before the members it reads are gone.
  PeriodicTask refresh_task_;
};

}  // namespace rrmon::monitoring

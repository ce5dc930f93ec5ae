#pragma once

// Turns "a case step passed its due time" into an ALERT_KIND_STEP_OVERDUE alert. Nothing
// happens at the instant a step falls due (there is no write to hook), so the open cases
// are scanned periodically, and each overdue step is announced once.

#include <cstdint>
#include <string>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/server/periodic_task.h"
#include "common/time/clock.h"
#include "services/monitoring/usecases/alert_hub.h"
#include "services/monitoring/usecases/case_repository.h"

namespace rrmon::monitoring {

class OverdueAlertScanner {
 public:
  // All must outlive the scanner.
  OverdueAlertScanner(CaseRepository& cases, AlertHub& hub, const Clock& clock);
  OverdueAlertScanner(const OverdueAlertScanner&) = delete;
  OverdueAlertScanner& operator=(const OverdueAlertScanner&) = delete;
  // Stops the background thread, if any.
  ~OverdueAlertScanner();

  // Publishes one alert per open case whose current step is past its due time, unless
  // that (case, step, step start) was announced before. A step returned and entered again
  // has a new start time, so it is announced again when it falls overdue again. Only
  // steps overdue now are remembered, so memory follows the open overdue cases. On a
  // storage error nothing is published or forgotten.
  absl::Status ScanOnce();

  // Runs ScanOnce now and then every `interval` on a background thread until Stop().
  // Failures are logged; the next scan retries. A second Start without Stop is ignored.
  // Start and Stop are called by the owner, not concurrently with each other.
  void Start(absl::Duration interval);
  // Wakes and joins the background thread (returns promptly, unless a scan is under way).
  // Idempotent.
  void Stop();

  // Scans finished so far (failed ones included), for waiting on a state rather than time.
  int64_t scans_completed() const;

 private:
  // Identifies one stay of a case in one step: (case name, step, step start in micros).
  struct StepKey {
    std::string case_name;
    int step = 0;
    int64_t step_start_micros = 0;

    bool operator==(const StepKey& other) const = default;
    template <typename H>
    friend H AbslHashValue(H h, const StepKey& key) {
      return H::combine(std::move(h), key.case_name, key.step, key.step_start_micros);
    }
  };

  CaseRepository& cases_;
  AlertHub& hub_;
  const Clock& clock_;

  // Serialises scans (the background thread and direct calls).
  mutable absl::Mutex scan_mutex_;
  absl::flat_hash_set<StepKey> announced_ ABSL_GUARDED_BY(scan_mutex_);
  int64_t scans_completed_ ABSL_GUARDED_BY(scan_mutex_) = 0;

  // Last, so that it stops before the members a scan reads are gone.
  PeriodicTask scan_task_;
};

}  // namespace rrmon::monitoring

#include "services/monitoring/usecases/overdue_alert_scanner.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/time/timestamp.h"
#include "services/monitoring/domain/case_workflow.h"

namespace rrmon::monitoring {

OverdueAlertScanner::OverdueAlertScanner(CaseRepository& cases, AlertHub& hub, const Clock& clock)
    : cases_(cases), hub_(hub), clock_(clock), scan_task_([this] {
        // Failures are logged; the next scan retries.
        if (absl::Status status = ScanOnce(); !status.ok()) {
          LogWarning("monitoring", "overdue alert scan failed", {{"status", status.message()}});
        }
      }) {}

OverdueAlertScanner::~OverdueAlertScanner() { Stop(); }

int64_t OverdueAlertScanner::scans_completed() const {
  absl::MutexLock lock(&scan_mutex_);
  return scans_completed_;
}

absl::Status OverdueAlertScanner::ScanOnce() {
  absl::MutexLock lock(&scan_mutex_);
  ++scans_completed_;  // counted when it starts; the lock is held until it ends
  absl::StatusOr<std::vector<StoredCase>> open = cases_.ListOpenCases();
  if (!open.ok()) return open.status();
  const absl::Time now = clock_.Now();
  absl::flat_hash_set<StepKey> overdue_now;
  for (const StoredCase& stored : *open) {
    const v1::Case& c = stored.record;
    if (!IsStepOverdue(c, now)) continue;
    StepKey key{c.name(), static_cast<int>(c.step()),
                absl::ToUnixMicros(FromTimestamp(c.step_start_time()))};
    if (!announced_.contains(key)) {
      v1::Alert alert;
      alert.set_kind(v1::ALERT_KIND_STEP_OVERDUE);
      alert.set_household(absl::StrCat("households/", stored.household_id));
      alert.set_region_code(stored.region_code);
      alert.set_case_(c.name());
      alert.set_step(c.step());
      // When the step fell overdue, not when this scan noticed it: the scan interval
      // says nothing about the case.
      *alert.mutable_time() = c.step_due_time();
      hub_.Publish(alert);
    }
    overdue_now.insert(std::move(key));
  }
  // Steps no longer overdue (decided, closed) are forgotten, so the set never outgrows
  // the cases overdue right now.
  announced_ = std::move(overdue_now);
  return absl::OkStatus();
}

void OverdueAlertScanner::Start(absl::Duration interval) {
  scan_task_.Start({.interval = interval});
}

void OverdueAlertScanner::Stop() { scan_task_.Stop(); }

}  // namespace rrmon::monitoring

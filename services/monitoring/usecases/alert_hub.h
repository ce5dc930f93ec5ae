#pragma once

// Fan-out of alerts (new risk signals, overdue case steps, assessments that find risk) to
// the readers of WatchAlerts. Producers must never wait for a reader: a township app on a
// poor mobile link may read slowly or not at all, and a report of a risk signal must not
// stall behind it. Each reader therefore has its own bounded queue; when it is full the
// OLDEST queued alert is dropped (the newest state matters most to someone watching) and
// the next alert the reader receives says how many it missed, so the client can re-list
// with ListCases / ListRiskSignals. Alerts are notices, never the record: nothing is
// lost for good when one is dropped.

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/registry.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::monitoring {

// Who reads a stream, which decides what of an alert it gets. Case handlers (cadres and
// officers) get the whole alert. Readers of aggregates only (analysts, dashboards) get
// no per-household content: no household, signal or case names and no findings, and no
// ASSESSED_AT_RISK alerts at all, which are a finding about one household by nature.
enum class AlertAudience { kCaseHandlers, kAggregateReaders };

// What a reader of aggregates gets of `alert`: its kind, region code, step and time;
// std::nullopt for an alert it must not get.
std::optional<v1::Alert> AlertForAggregateReaders(const v1::Alert& alert);

struct AlertHubOptions {
  // Alerts queued per reader before the oldest is dropped. A value below 1 is taken as 1.
  size_t buffer_size = 256;
};

class AlertHub {
 public:
  class Subscription;

  // `registry` must outlive the hub; the hub must outlive every subscription it hands out.
  AlertHub(prometheus::Registry& registry, AlertHubOptions options);
  AlertHub(const AlertHub&) = delete;
  AlertHub& operator=(const AlertHub&) = delete;

  // A new reader of the alerts whose region_code starts with `region_prefix` (empty: all).
  // The caller has already checked that its principal may see that region. After Close()
  // the subscription is returned already closed.
  std::shared_ptr<Subscription> Subscribe(std::string region_prefix,
                                          AlertAudience audience = AlertAudience::kCaseHandlers);

  // Queues a copy of `alert` for every matching reader. Never waits for a reader; the
  // alert's dropped_before is ignored (it is set per reader on delivery).
  void Publish(const v1::Alert& alert);

  // Ends every stream: wakes all readers, and from now on Next() returns std::nullopt at
  // once, discarding what is still queued. Immediate rather than draining so that server
  // shutdown is never held up by writing a backlog to slow clients; the alerts describe
  // stored state a client re-reads on reconnecting. Idempotent.
  void Close();

  // Readers subscribed now.
  size_t subscriber_count() const;

 private:
  // Only the alert kinds of the enum are label values, so the series set is fixed.
  prometheus::Counter& PublishedCounter(v1::AlertKind kind);
  void Unregister(Subscription* subscription);

  const size_t buffer_size_;
  prometheus::Family<prometheus::Counter>& published_family_;
  // Indexed by AlertKind; filled in the constructor, read-only afterwards.
  std::vector<prometheus::Counter*> published_;
  prometheus::Counter& dropped_;
  prometheus::Gauge& subscribers_gauge_;

  mutable absl::Mutex mutex_;
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;
  std::vector<Subscription*> subscriptions_ ABSL_GUARDED_BY(mutex_);
};

// One reader's bounded queue. Lock order: the hub's mutex, then a subscription's.
class AlertHub::Subscription {
 public:
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  // Unregisters from the hub.
  ~Subscription();

  // Waits up to `wait` for the next alert. std::nullopt on timeout or once the hub is
  // closed (tell them apart with closed()). The alert returned carries dropped_before:
  // how many alerts were dropped for this reader since the previous one it received.
  std::optional<v1::Alert> Next(absl::Duration wait);

  bool closed() const;
  // Called (without the subscription's lock, with the hub's) after each alert is queued
  // and when the hub closes, so a reader that does not wait in Next (a callback-API
  // stream) knows to look. Null stops the calls.
  void SetListener(std::function<void()> listener);
  // Whether a call of Next is waiting for an alert right now, so that a caller (a test)
  // can wait for that state rather than sleep and hope.
  bool has_waiting_reader() const;
  const std::string& region_prefix() const { return region_prefix_; }
  AlertAudience audience() const { return audience_; }

 private:
  friend class AlertHub;
  Subscription(AlertHub& hub, std::string region_prefix, AlertAudience audience, bool closed);

  bool ReadyLocked() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) {
    return closed_ || !queue_.empty();
  }
  // Called by the hub with its own mutex held. Returns how many alerts were dropped (0
  // or 1).
  int Enqueue(const v1::Alert& alert, size_t capacity);
  void MarkClosed();

  AlertHub& hub_;
  const std::string region_prefix_;
  const AlertAudience audience_;
  mutable absl::Mutex mutex_;
  std::deque<v1::Alert> queue_ ABSL_GUARDED_BY(mutex_);
  int64_t dropped_since_delivery_ ABSL_GUARDED_BY(mutex_) = 0;
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;
  int waiting_readers_ ABSL_GUARDED_BY(mutex_) = 0;
  std::function<void()> listener_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace rrmon::monitoring

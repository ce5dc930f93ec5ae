#include "services/monitoring/usecases/alert_hub.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "google/protobuf/descriptor.h"

namespace rrmon::monitoring {
namespace {

constexpr char kKindPrefix[] = "ALERT_KIND_";

// "ALERT_KIND_RISK_SIGNAL" → "risk_signal", like the other monitoring label values.
std::string KindLabel(const std::string& enum_name) {
  std::string label = absl::StartsWith(enum_name, kKindPrefix)
                          ? enum_name.substr(sizeof(kKindPrefix) - 1)
                          : enum_name;
  absl::AsciiStrToLower(&label);
  return label;
}

}  // namespace

AlertHub::AlertHub(prometheus::Registry& registry, AlertHubOptions options)
    : buffer_size_(std::max<size_t>(options.buffer_size, 1)),
      published_family_(prometheus::BuildCounter()
                            .Name("rrmon_monitoring_alerts_published_total")
                            .Help("Alerts published to WatchAlerts readers, by kind (counted "
                                  "once per alert, however many readers receive it).")
                            .Register(registry)),
      dropped_(prometheus::BuildCounter()
                   .Name("rrmon_monitoring_alerts_dropped_total")
                   .Help("Alerts dropped from a WatchAlerts reader's full queue (oldest "
                         "first), counted per reader.")
                   .Register(registry)
                   .Add({})),
      subscribers_gauge_(prometheus::BuildGauge()
                             .Name("rrmon_monitoring_alert_subscribers")
                             .Help("WatchAlerts streams currently open.")
                             .Register(registry)
                             .Add({})) {
  // Every kind from the start, so a kind never published reads 0 rather than missing.
  const google::protobuf::EnumDescriptor* kinds = v1::AlertKind_descriptor();
  int max_number = 0;
  for (int i = 0; i < kinds->value_count(); ++i) {
    max_number = std::max(max_number, kinds->value(i)->number());
  }
  published_.assign(static_cast<size_t>(max_number) + 1, nullptr);
  for (int i = 0; i < kinds->value_count(); ++i) {
    const google::protobuf::EnumValueDescriptor* kind = kinds->value(i);
    published_[static_cast<size_t>(kind->number())] =
        &published_family_.Add({{"kind", KindLabel(kind->name())}});
  }
}

prometheus::Counter& AlertHub::PublishedCounter(v1::AlertKind kind) {
  const int number = static_cast<int>(kind);
  // A kind newer than this binary (or a gap in the enum) counts as UNSPECIFIED rather
  // than creating a series the dashboards do not know.
  if (number < 0 || static_cast<size_t>(number) >= published_.size() ||
      published_[static_cast<size_t>(number)] == nullptr) {
    return *published_[v1::ALERT_KIND_UNSPECIFIED];
  }
  return *published_[static_cast<size_t>(number)];
}

std::optional<v1::Alert> AlertForAggregateReaders(const v1::Alert& alert) {
  if (alert.kind() == v1::ALERT_KIND_ASSESSED_AT_RISK) return std::nullopt;
  v1::Alert kept;
  kept.set_kind(alert.kind());
  kept.set_region_code(alert.region_code());
  kept.set_step(alert.step());
  if (alert.has_time()) *kept.mutable_time() = alert.time();
  return kept;
}

std::shared_ptr<AlertHub::Subscription> AlertHub::Subscribe(std::string region_prefix,
                                                            AlertAudience audience) {
  absl::MutexLock lock(&mutex_);
  // The constructor is private (only the hub registers readers), so no make_shared.
  std::shared_ptr<Subscription> subscription(
      new Subscription(*this, std::move(region_prefix), audience, closed_));
  subscriptions_.push_back(subscription.get());
  subscribers_gauge_.Increment();
  return subscription;
}

void AlertHub::Publish(const v1::Alert& alert) {
  PublishedCounter(alert.kind()).Increment();
  int64_t dropped = 0;
  {
    // A reader lock: publishers do not exclude each other here, only subscribe and
    // unsubscribe; each queue has its own mutex for the rest.
    absl::ReaderMutexLock lock(&mutex_);
    if (closed_) return;
    const std::optional<v1::Alert> aggregate = AlertForAggregateReaders(alert);
    for (Subscription* subscription : subscriptions_) {
      if (!absl::StartsWith(alert.region_code(), subscription->region_prefix())) continue;
      if (subscription->audience() == AlertAudience::kCaseHandlers) {
        dropped += subscription->Enqueue(alert, buffer_size_);
      } else if (aggregate.has_value()) {
        dropped += subscription->Enqueue(*aggregate, buffer_size_);
      }
    }
  }
  if (dropped > 0) dropped_.Increment(static_cast<double>(dropped));
}

size_t AlertHub::subscriber_count() const {
  absl::ReaderMutexLock lock(&mutex_);
  return subscriptions_.size();
}

void AlertHub::Close() {
  absl::MutexLock lock(&mutex_);
  closed_ = true;
  for (Subscription* subscription : subscriptions_) subscription->MarkClosed();
}

void AlertHub::Unregister(Subscription* subscription) {
  absl::MutexLock lock(&mutex_);
  const auto it = std::find(subscriptions_.begin(), subscriptions_.end(), subscription);
  if (it != subscriptions_.end()) {
    // Order does not matter to fan-out, so swap-and-pop keeps removal O(1) after the find.
    *it = subscriptions_.back();
    subscriptions_.pop_back();
    subscribers_gauge_.Decrement();
  }
}

AlertHub::Subscription::Subscription(AlertHub& hub, std::string region_prefix,
                                     AlertAudience audience, bool closed)
    : hub_(hub), region_prefix_(std::move(region_prefix)), audience_(audience), closed_(closed) {}

AlertHub::Subscription::~Subscription() { hub_.Unregister(this); }

int AlertHub::Subscription::Enqueue(const v1::Alert& alert, size_t capacity) {
  std::function<void()> listener;
  int dropped = 0;
  {
    absl::MutexLock lock(&mutex_);
    if (closed_) return 0;
    if (queue_.size() >= capacity) {
      queue_.pop_front();
      ++dropped_since_delivery_;
      dropped = 1;
    }
    queue_.push_back(alert);
    listener = listener_;
  }
  // The hub's lock is still held, so the subscription (and its reader) cannot go away.
  if (listener) listener();
  return dropped;
}

void AlertHub::Subscription::MarkClosed() {
  std::function<void()> listener;
  {
    absl::MutexLock lock(&mutex_);
    closed_ = true;
    // Nothing queued is delivered after Close (see AlertHub::Close), so free it now.
    queue_.clear();
    listener = listener_;
  }
  if (listener) listener();
}

void AlertHub::Subscription::SetListener(std::function<void()> listener) {
  absl::MutexLock lock(&mutex_);
  listener_ = std::move(listener);
}

std::optional<v1::Alert> AlertHub::Subscription::Next(absl::Duration wait) {
  absl::MutexLock lock(&mutex_);
  ++waiting_readers_;
  mutex_.AwaitWithTimeout(absl::Condition(this, &Subscription::ReadyLocked), wait);
  --waiting_readers_;
  if (closed_ || queue_.empty()) return std::nullopt;
  std::optional<v1::Alert> alert(std::move(queue_.front()));
  queue_.pop_front();
  alert->set_dropped_before(dropped_since_delivery_);
  dropped_since_delivery_ = 0;
  return alert;
}

bool AlertHub::Subscription::has_waiting_reader() const {
  absl::MutexLock lock(&mutex_);
  return waiting_readers_ > 0;
}

bool AlertHub::Subscription::closed() const {
  absl::MutexLock lock(&mutex_);
  return closed_;
}

}  // namespace rrmon::monitoring

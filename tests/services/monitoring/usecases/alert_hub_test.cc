// The alert fan-out: region routing, bounded queues that drop the oldest alert and say
// so, metrics as a scrape would see them, and shutdown that wakes blocked readers.

#include "services/monitoring/usecases/alert_hub.h"

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"
#include "tests/support/wait_until.h"

namespace rrmon::monitoring {
namespace {

using ::rrmon::testing::WaitUntil;

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// The value of a counter or gauge series as a scrape would read it; nullopt when the
// series does not exist.
std::optional<double> MetricValue(const prometheus::Registry& registry, const std::string& name,
                                  const std::vector<prometheus::ClientMetric::Label>& labels = {}) {
  for (const prometheus::MetricFamily& family : registry.Collect()) {
    if (family.name != name) continue;
    for (const prometheus::ClientMetric& metric : family.metric) {
      if (metric.label != labels) continue;
      return family.type == prometheus::MetricType::Counter ? metric.counter.value
                                                            : metric.gauge.value;
    }
  }
  return std::nullopt;
}

std::optional<double> Published(const prometheus::Registry& registry, const std::string& kind) {
  return MetricValue(registry, "rrmon_monitoring_alerts_published_total", {{"kind", kind}});
}

v1::Alert SignalAlert(const std::string& region_code, const std::string& signal) {
  v1::Alert alert;
  alert.set_kind(v1::ALERT_KIND_RISK_SIGNAL);
  alert.set_household("households/h1");
  alert.set_region_code(region_code);
  alert.set_risk_signal(signal);
  return alert;
}

// What is queued for `subscription` now, without waiting.
std::vector<v1::Alert> Drain(AlertHub::Subscription& subscription) {
  std::vector<v1::Alert> alerts;
  while (std::optional<v1::Alert> alert = subscription.Next(absl::ZeroDuration())) {
    alerts.push_back(*std::move(alert));
  }
  return alerts;
}

std::vector<std::string> Signals(const std::vector<v1::Alert>& alerts) {
  std::vector<std::string> signals;
  for (const v1::Alert& alert : alerts) signals.push_back(alert.risk_signal());
  return signals;
}

TEST(AlertHubTest, DeliversOnlyAlertsUnderTheReadersRegionPrefix) {
  prometheus::Registry registry;
  AlertHub hub(registry, {});
  auto everything = hub.Subscribe("");
  auto prefecture = hub.Subscribe("6542");
  auto county = hub.Subscribe("654201");
  auto elsewhere = hub.Subscribe("6501");

  hub.Publish(SignalAlert("654201001001", "tacheng"));
  hub.Publish(SignalAlert("654202001001", "wusu"));
  hub.Publish(SignalAlert("652301001001", "changji"));

  EXPECT_THAT(Signals(Drain(*everything)), ElementsAre("tacheng", "wusu", "changji"));
  EXPECT_THAT(Signals(Drain(*prefecture)), ElementsAre("tacheng", "wusu"));
  EXPECT_THAT(Signals(Drain(*county)), ElementsAre("tacheng"));
  EXPECT_THAT(Drain(*elsewhere), IsEmpty());
}

// Analysts and dashboards read counts and region codes: no household, signal, case or
// finding reaches them, and no assessment of one household at all.
TEST(AlertHubTest, AggregateReadersGetNoPerHouseholdContent) {
  prometheus::Registry registry;
  AlertHub hub(registry, {});
  auto handler = hub.Subscribe("6542", AlertAudience::kCaseHandlers);
  auto analyst = hub.Subscribe("6542", AlertAudience::kAggregateReaders);

  v1::Alert signal = SignalAlert("654201001001", "households/h1/riskSignals/s1");
  signal.set_case_("households/h1/cases/c1");
  signal.mutable_time()->set_seconds(1790000000);
  hub.Publish(signal);
  v1::Alert assessed;
  assessed.set_kind(v1::ALERT_KIND_ASSESSED_AT_RISK);
  assessed.set_household("households/h1");
  assessed.set_region_code("654201001001");
  assessed.add_findings(v1::RISK_FINDING_INCOME_BELOW_LINE);
  assessed.add_findings(v1::RISK_FINDING_BASIC_MEDICAL);
  hub.Publish(assessed);
  v1::Alert overdue;
  overdue.set_kind(v1::ALERT_KIND_STEP_OVERDUE);
  overdue.set_household("households/h2");
  overdue.set_region_code("654201001002");
  overdue.set_case_("households/h2/cases/c2");
  overdue.set_step(v1::CASE_STEP_TOWNSHIP_REVIEW);
  hub.Publish(overdue);

  const std::vector<v1::Alert> full = Drain(*handler);
  ASSERT_EQ(full.size(), 3u);
  EXPECT_EQ(full[1].findings_size(), 2) << "case handlers get the whole alert";

  const std::vector<v1::Alert> counted = Drain(*analyst);
  ASSERT_EQ(counted.size(), 2u);
  EXPECT_EQ(counted[0].kind(), v1::ALERT_KIND_RISK_SIGNAL);
  EXPECT_EQ(counted[0].region_code(), "654201001001");
  EXPECT_EQ(counted[0].time().seconds(), 1790000000);
  EXPECT_EQ(counted[1].kind(), v1::ALERT_KIND_STEP_OVERDUE);
  EXPECT_EQ(counted[1].step(), v1::CASE_STEP_TOWNSHIP_REVIEW);
  for (const v1::Alert& alert : counted) {
    EXPECT_THAT(alert.household(), IsEmpty());
    EXPECT_THAT(alert.risk_signal(), IsEmpty());
    EXPECT_THAT(alert.case_(), IsEmpty());
    EXPECT_THAT(alert.findings(), IsEmpty());
  }
}

TEST(AlertHubTest, EveryMatchingReaderGetsItsOwnCopy) {
  prometheus::Registry registry;
  AlertHub hub(registry, {});
  std::vector<std::shared_ptr<AlertHub::Subscription>> readers;
  for (int i = 0; i < 3; ++i) readers.push_back(hub.Subscribe("654201"));

  hub.Publish(SignalAlert("654201001001", "s1"));

  for (const auto& reader : readers) {
    const std::vector<v1::Alert> alerts = Drain(*reader);
    ASSERT_EQ(alerts.size(), 1u);
    EXPECT_EQ(alerts[0].risk_signal(), "s1");
    EXPECT_EQ(alerts[0].region_code(), "654201001001");
    EXPECT_EQ(alerts[0].dropped_before(), 0);
  }
  // Counted once per alert, not per reader.
  EXPECT_EQ(Published(registry, "risk_signal"), 1);
}

TEST(AlertHubTest, FullQueueDropsTheOldestAndTheNextDeliveredAlertSaysHowMany) {
  prometheus::Registry registry;
  AlertHub hub(registry, {.buffer_size = 3});
  auto reader = hub.Subscribe("");

  for (int i = 0; i < 10; ++i) hub.Publish(SignalAlert("654201001001", absl::StrCat("s", i)));

  const std::vector<v1::Alert> alerts = Drain(*reader);
  EXPECT_THAT(Signals(alerts), ElementsAre("s7", "s8", "s9"));
  ASSERT_EQ(alerts.size(), 3u);
  EXPECT_EQ(alerts[0].dropped_before(), 7);
  EXPECT_EQ(alerts[1].dropped_before(), 0);
  EXPECT_EQ(alerts[2].dropped_before(), 0);
  EXPECT_FALSE(reader->closed());
  EXPECT_EQ(MetricValue(registry, "rrmon_monitoring_alerts_dropped_total"), 7);
  EXPECT_EQ(Published(registry, "risk_signal"), 10);

  // Drops after a delivery are counted afresh.
  for (int i = 10; i < 15; ++i) hub.Publish(SignalAlert("654201001001", absl::StrCat("s", i)));
  const std::vector<v1::Alert> later = Drain(*reader);
  EXPECT_THAT(Signals(later), ElementsAre("s12", "s13", "s14"));
  EXPECT_EQ(later[0].dropped_before(), 2);
  EXPECT_EQ(MetricValue(registry, "rrmon_monitoring_alerts_dropped_total"), 9);
}

TEST(AlertHubTest, ASlowReaderDoesNotCostAFastOneAnything) {
  prometheus::Registry registry;
  AlertHub hub(registry, {.buffer_size = 2});
  auto slow = hub.Subscribe("");
  auto fast = hub.Subscribe("");

  std::vector<v1::Alert> fast_alerts;
  for (int i = 0; i < 5; ++i) {
    hub.Publish(SignalAlert("654201001001", absl::StrCat("s", i)));
    for (v1::Alert& alert : Drain(*fast)) fast_alerts.push_back(std::move(alert));
  }

  EXPECT_THAT(Signals(fast_alerts), ElementsAre("s0", "s1", "s2", "s3", "s4"));
  for (const v1::Alert& alert : fast_alerts) EXPECT_EQ(alert.dropped_before(), 0);
  const std::vector<v1::Alert> slow_alerts = Drain(*slow);
  EXPECT_THAT(Signals(slow_alerts), ElementsAre("s3", "s4"));
  EXPECT_EQ(slow_alerts[0].dropped_before(), 3);
  EXPECT_EQ(MetricValue(registry, "rrmon_monitoring_alerts_dropped_total"), 3);
}

TEST(AlertHubTest, APublishersDroppedBeforeIsNotPassedOn) {
  prometheus::Registry registry;
  AlertHub hub(registry, {});
  auto reader = hub.Subscribe("");
  v1::Alert alert = SignalAlert("654201001001", "s1");
  alert.set_dropped_before(42);

  hub.Publish(alert);

  const std::vector<v1::Alert> alerts = Drain(*reader);
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].dropped_before(), 0);
}

TEST(AlertHubTest, EverySeriesExistsFromTheStart) {
  prometheus::Registry registry;
  AlertHub hub(registry, {});

  EXPECT_EQ(Published(registry, "unspecified"), 0);
  EXPECT_EQ(Published(registry, "risk_signal"), 0);
  EXPECT_EQ(Published(registry, "step_overdue"), 0);
  EXPECT_EQ(Published(registry, "assessed_at_risk"), 0);
  EXPECT_EQ(MetricValue(registry, "rrmon_monitoring_alerts_dropped_total"), 0);
  EXPECT_EQ(MetricValue(registry, "rrmon_monitoring_alert_subscribers"), 0);
}

TEST(AlertHubTest, CountsPublishedAlertsByKind) {
  prometheus::Registry registry;
  AlertHub hub(registry, {});
  v1::Alert overdue;
  overdue.set_kind(v1::ALERT_KIND_STEP_OVERDUE);
  v1::Alert assessed;
  assessed.set_kind(v1::ALERT_KIND_ASSESSED_AT_RISK);
  v1::Alert unknown;
  unknown.set_kind(static_cast<v1::AlertKind>(99));  // from a newer sender

  hub.Publish(overdue);
  hub.Publish(overdue);
  hub.Publish(assessed);
  hub.Publish(unknown);

  EXPECT_EQ(Published(registry, "step_overdue"), 2);
  EXPECT_EQ(Published(registry, "assessed_at_risk"), 1);
  EXPECT_EQ(Published(registry, "risk_signal"), 0);
  EXPECT_EQ(Published(registry, "unspecified"), 1);
}

TEST(AlertHubTest, SubscriberGaugeFollowsTheSubscriptionsLifetime) {
  prometheus::Registry registry;
  AlertHub hub(registry, {});
  auto first = hub.Subscribe("6542");
  auto second = hub.Subscribe("");
  EXPECT_EQ(MetricValue(registry, "rrmon_monitoring_alert_subscribers"), 2);

  first.reset();
  EXPECT_EQ(MetricValue(registry, "rrmon_monitoring_alert_subscribers"), 1);
  // A destroyed reader no longer receives (nor crashes) a publish.
  hub.Publish(SignalAlert("654201001001", "s1"));
  EXPECT_THAT(Signals(Drain(*second)), ElementsAre("s1"));

  second.reset();
  EXPECT_EQ(MetricValue(registry, "rrmon_monitoring_alert_subscribers"), 0);
}

TEST(AlertHubTest, NextTimesOutWhenNothingArrives) {
  prometheus::Registry registry;
  AlertHub hub(registry, {});
  auto reader = hub.Subscribe("");

  const absl::Time start = absl::Now();
  EXPECT_EQ(reader->Next(absl::Milliseconds(50)), std::nullopt);
  EXPECT_GE(absl::Now() - start, absl::Milliseconds(45));
  EXPECT_FALSE(reader->closed());
}

// Both tests below wait without a time limit: Next returns only if it is woken, so a
// reader that is not woken fails the test by its timeout instead of by a guess of how
// long waking should take on this machine.
TEST(AlertHubTest, NextWakesWhenAnAlertArrives) {
  prometheus::Registry registry;
  AlertHub hub(registry, {});
  auto reader = hub.Subscribe("");
  std::optional<v1::Alert> received;

  std::thread consumer([&] { received = reader->Next(absl::InfiniteDuration()); });
  ASSERT_TRUE(WaitUntil([&] { return reader->has_waiting_reader(); }));
  hub.Publish(SignalAlert("654201001001", "s1"));
  consumer.join();

  ASSERT_TRUE(received.has_value());
  EXPECT_EQ(received->risk_signal(), "s1");
}

TEST(AlertHubTest, CloseWakesAReaderBlockedInNext) {
  prometheus::Registry registry;
  AlertHub hub(registry, {});
  auto reader = hub.Subscribe("");
  std::optional<v1::Alert> received = SignalAlert("", "sentinel");

  std::thread consumer([&] { received = reader->Next(absl::InfiniteDuration()); });
  ASSERT_TRUE(WaitUntil([&] { return reader->has_waiting_reader(); }));
  hub.Close();
  consumer.join();

  EXPECT_EQ(received, std::nullopt);
  EXPECT_TRUE(reader->closed());
}

TEST(AlertHubTest, AfterCloseNothingMoreIsDelivered) {
  prometheus::Registry registry;
  AlertHub hub(registry, {});
  auto reader = hub.Subscribe("");
  hub.Publish(SignalAlert("654201001001", "queued"));

  hub.Close();
  hub.Publish(SignalAlert("654201001001", "late"));

  // Queued alerts are discarded, not drained: shutdown must not wait for a backlog.
  const absl::Time start = absl::Now();
  EXPECT_EQ(reader->Next(absl::Seconds(10)), std::nullopt);
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  EXPECT_TRUE(reader->closed());
  hub.Close();  // idempotent
}

TEST(AlertHubTest, SubscribingAfterCloseGivesAClosedSubscription) {
  prometheus::Registry registry;
  AlertHub hub(registry, {});
  hub.Close();

  auto reader = hub.Subscribe("");
  EXPECT_TRUE(reader->closed());
  hub.Publish(SignalAlert("654201001001", "s1"));
  EXPECT_EQ(reader->Next(absl::Seconds(10)), std::nullopt);
  EXPECT_EQ(MetricValue(registry, "rrmon_monitoring_alert_subscribers"), 1);
  reader.reset();
  EXPECT_EQ(MetricValue(registry, "rrmon_monitoring_alert_subscribers"), 0);
}

// Several publishers and a reader at once, with readers coming and going: every alert is
// either delivered or counted in a later delivered alert's dropped_before, and each
// publisher's alerts arrive in the order it published them.
TEST(AlertHubTest, ConcurrentPublishersLoseNothingUncounted) {
  constexpr int kPublishers = 4;
  constexpr int kPerPublisher = 2000;
  prometheus::Registry registry;
  AlertHub hub(registry, {.buffer_size = 64});
  auto reader = hub.Subscribe("");
  std::atomic<int> publishers_done = 0;

  std::vector<std::thread> threads;
  for (int p = 0; p < kPublishers; ++p) {
    threads.emplace_back([&hub, &publishers_done, p] {
      for (int i = 0; i < kPerPublisher; ++i) {
        hub.Publish(SignalAlert(absl::StrCat("65420100100", p), absl::StrCat(p, "/", i)));
      }
      ++publishers_done;
    });
  }
  std::thread churn([&hub, &publishers_done] {
    while (publishers_done < kPublishers) {
      auto passer_by = hub.Subscribe("6542");
      passer_by->Next(absl::ZeroDuration());
    }
  });

  int64_t delivered = 0;
  int64_t reported_dropped = 0;
  std::vector<int> last_seen(kPublishers, -1);
  bool in_order = true;
  auto take = [&](const v1::Alert& alert) {
    ++delivered;
    reported_dropped += alert.dropped_before();
    const std::string& signal = alert.risk_signal();
    const size_t slash = signal.find('/');
    int publisher = 0;
    int sequence = 0;
    ASSERT_TRUE(absl::SimpleAtoi(signal.substr(0, slash), &publisher));
    ASSERT_TRUE(absl::SimpleAtoi(signal.substr(slash + 1), &sequence));
    if (sequence <= last_seen[publisher]) in_order = false;
    last_seen[publisher] = sequence;
  };
  while (publishers_done < kPublishers) {
    if (std::optional<v1::Alert> alert = reader->Next(absl::Milliseconds(10))) take(*alert);
  }
  for (std::thread& thread : threads) thread.join();
  churn.join();
  for (const v1::Alert& alert : Drain(*reader)) take(alert);

  EXPECT_EQ(delivered + reported_dropped, kPublishers * kPerPublisher);
  EXPECT_TRUE(in_order);
  EXPECT_EQ(Published(registry, "risk_signal"), kPublishers * kPerPublisher);
  // Only the long-lived reader can have dropped anything it was later told about; the
  // passers-by may have dropped too, so the metric is at least what the reader saw.
  EXPECT_GE(*MetricValue(registry, "rrmon_monitoring_alerts_dropped_total"), reported_dropped);
  EXPECT_EQ(MetricValue(registry, "rrmon_monitoring_alert_subscribers"), 1);
}

}  // namespace
}  // namespace rrmon::monitoring

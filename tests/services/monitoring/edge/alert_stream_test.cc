// The WatchAlerts stream without a thread. Most tests drive AlertPump with a fake sink
// that completes writes when told to, as gRPC does; the reactor is also served on a real
// loopback server with clients that read, cancel and see the hub close.

#include "services/monitoring/edge/alert_stream.h"

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "prometheus/registry.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::monitoring {
namespace {

// Records what the pump writes. A write stays pending until Complete() (gRPC completes it
// when the bytes are out); FailWrites makes completions report the client gone.
class FakeSink final : public AlertPump::Sink {
 public:
  void Write(const v1::Alert& alert) override {
    absl::MutexLock lock(&mutex_);
    EXPECT_FALSE(pending_) << "a second write started before the first was done";
    EXPECT_FALSE(end_.has_value()) << "a write after the end";
    pending_ = true;
    written_.push_back(alert);
  }
  void End(const absl::Status& status) override {
    absl::MutexLock lock(&mutex_);
    EXPECT_FALSE(end_.has_value()) << "ended twice";
    end_ = status;
  }

  // Completes the pending write, as gRPC would, and tells the pump.
  bool Complete(AlertPump& pump) {
    bool ok;
    {
      absl::MutexLock lock(&mutex_);
      if (!pending_) return false;
      pending_ = false;
      ok = !fail_writes_;
    }
    pump.OnWriteDone(ok);
    return true;
  }
  void FailWrites() {
    absl::MutexLock lock(&mutex_);
    fail_writes_ = true;
  }

  std::vector<v1::Alert> written() const {
    absl::MutexLock lock(&mutex_);
    return written_;
  }
  bool pending() const {
    absl::MutexLock lock(&mutex_);
    return pending_;
  }
  std::optional<absl::Status> end() const {
    absl::MutexLock lock(&mutex_);
    return end_;
  }

 private:
  mutable absl::Mutex mutex_;
  std::vector<v1::Alert> written_ ABSL_GUARDED_BY(mutex_);
  bool pending_ ABSL_GUARDED_BY(mutex_) = false;
  bool fail_writes_ ABSL_GUARDED_BY(mutex_) = false;
  std::optional<absl::Status> end_ ABSL_GUARDED_BY(mutex_);
};

v1::Alert SignalAlert(const std::string& signal) {
  v1::Alert alert;
  alert.set_kind(v1::ALERT_KIND_RISK_SIGNAL);
  alert.set_household("households/h1");
  alert.set_region_code("654201001001");
  alert.set_risk_signal(signal);
  return alert;
}

class AlertStreamTest : public ::testing::Test {
 protected:
  prometheus::Registry registry_;
  AlertHub hub_{registry_, {}};
};

TEST_F(AlertStreamTest, WritesEveryAlertInOrderAndEndsOkWhenTheHubCloses) {
  FakeSink sink;
  AlertPump pump(hub_.Subscribe("6542"), sink);
  pump.Start();
  EXPECT_FALSE(sink.pending());

  hub_.Publish(SignalAlert("s1"));
  hub_.Publish(SignalAlert("s2"));  // queued while s1 is being written
  ASSERT_EQ(sink.written().size(), 1u);
  ASSERT_TRUE(sink.Complete(pump));
  ASSERT_EQ(sink.written().size(), 2u);
  ASSERT_TRUE(sink.Complete(pump));
  EXPECT_FALSE(sink.pending());
  EXPECT_FALSE(sink.end().has_value());

  hub_.Close();
  ASSERT_TRUE(sink.end().has_value());
  EXPECT_TRUE(sink.end()->ok()) << *sink.end();
  const std::vector<v1::Alert> written = sink.written();
  EXPECT_EQ(written[0].risk_signal(), "s1");
  EXPECT_EQ(written[1].risk_signal(), "s2");
  pump.Detach();
  EXPECT_EQ(hub_.subscriber_count(), 0u);
}

TEST_F(AlertStreamTest, WritesWhatWasQueuedBeforeItStarted) {
  auto subscription = hub_.Subscribe("");
  hub_.Publish(SignalAlert("early"));
  FakeSink sink;
  AlertPump pump(subscription, sink);
  pump.Start();
  ASSERT_EQ(sink.written().size(), 1u);
  EXPECT_EQ(sink.written()[0].risk_signal(), "early");
  sink.Complete(pump);
  pump.Detach();
}

TEST_F(AlertStreamTest, EndsCancelledOnACancellation) {
  FakeSink sink;
  AlertPump pump(hub_.Subscribe(""), sink);
  pump.Start();
  hub_.Publish(SignalAlert("s1"));
  ASSERT_TRUE(sink.pending());
  // Cancelled while a write is under way: the end waits for the write to be done.
  pump.OnCancel();
  EXPECT_FALSE(sink.end().has_value());
  sink.Complete(pump);
  ASSERT_TRUE(sink.end().has_value());
  EXPECT_EQ(sink.end()->code(), absl::StatusCode::kCancelled);
  pump.Detach();
}

TEST_F(AlertStreamTest, EndsCancelledWhenAWriteFails) {
  FakeSink sink;
  sink.FailWrites();
  AlertPump pump(hub_.Subscribe(""), sink);
  pump.Start();
  hub_.Publish(SignalAlert("s1"));
  hub_.Publish(SignalAlert("s2"));
  sink.Complete(pump);
  ASSERT_TRUE(sink.end().has_value());
  EXPECT_EQ(sink.end()->code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(sink.written().size(), 1u);
  pump.Detach();
}

TEST_F(AlertStreamTest, ACallCancelledBeforehandSendsNothing) {
  auto subscription = hub_.Subscribe("");
  hub_.Publish(SignalAlert("s1"));
  FakeSink sink;
  AlertPump pump(subscription, sink);
  pump.OnCancel();
  pump.Start();
  ASSERT_TRUE(sink.end().has_value());
  EXPECT_EQ(sink.end()->code(), absl::StatusCode::kCancelled);
  EXPECT_TRUE(sink.written().empty());
  pump.Detach();
}

TEST_F(AlertStreamTest, ASubscriptionClosedBeforehandEndsOkAtOnce) {
  hub_.Close();
  FakeSink sink;
  AlertPump pump(hub_.Subscribe(""), sink);
  pump.Start();
  ASSERT_TRUE(sink.end().has_value());
  EXPECT_TRUE(sink.end()->ok());
  EXPECT_TRUE(sink.written().empty());
  pump.Detach();
}

TEST_F(AlertStreamTest, ASlowReaderLosesTheOldestAndIsToldHowMany) {
  prometheus::Registry registry;
  AlertHub small(registry, {.buffer_size = 2});
  FakeSink sink;
  AlertPump pump(small.Subscribe(""), sink);
  pump.Start();
  for (const char* signal : {"s1", "s2", "s3", "s4", "s5"}) small.Publish(SignalAlert(signal));
  // s1 is being written; s2 and s3 were pushed out by s4 and s5.
  while (sink.Complete(pump)) {
  }
  const std::vector<v1::Alert> written = sink.written();
  ASSERT_EQ(written.size(), 3u);
  EXPECT_EQ(written[0].risk_signal(), "s1");
  EXPECT_EQ(written[1].risk_signal(), "s4");
  EXPECT_EQ(written[1].dropped_before(), 2);
  EXPECT_EQ(written[2].risk_signal(), "s5");
  EXPECT_EQ(written[2].dropped_before(), 0);
  pump.Detach();
}

// A WatchAlerts handler reduced to what the stream needs (auth and region checks belong
// to the real handler), served on loopback so writes and cancellations are real.
class LoopbackAlertService final
    : public v1::MonitoringService::WithCallbackMethod_WatchAlerts<v1::MonitoringService::Service> {
 public:
  explicit LoopbackAlertService(AlertHub& hub) : hub_(hub) {}

  grpc::ServerWriteReactor<v1::Alert>* WatchAlerts(grpc::CallbackServerContext* /*context*/,
                                                   const v1::WatchAlertsRequest* request) override {
    return new AlertStreamReactor(hub_.Subscribe(request->region_prefix()), "test.rrmon");
  }

 private:
  AlertHub& hub_;
};

class AlertStreamLoopbackTest : public AlertStreamTest {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(server_, nullptr);
    ASSERT_GT(port, 0);
    stub_ = v1::MonitoringService::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                                                               grpc::InsecureChannelCredentials()));
  }
  void TearDown() override {
    hub_.Close();
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
  }

  LoopbackAlertService service_{hub_};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::MonitoringService::Stub> stub_;
};

bool WaitForSubscribers(const AlertHub& hub, size_t count) {
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (hub.subscriber_count() != count) {
    if (absl::Now() > deadline) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return true;
}

TEST_F(AlertStreamLoopbackTest, AClientCancellationEndsTheStreamAndUnsubscribes) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::WatchAlertsRequest request;
  request.set_region_prefix("654201");
  auto reader = stub_->WatchAlerts(&context, request);
  // The reactor subscribes before it sends the initial metadata.
  reader->WaitForInitialMetadata();
  hub_.Publish(SignalAlert("s1"));
  v1::Alert alert;
  ASSERT_TRUE(reader->Read(&alert));
  EXPECT_EQ(alert.risk_signal(), "s1");
  ASSERT_EQ(hub_.subscriber_count(), 1u);

  context.TryCancel();
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_TRUE(WaitForSubscribers(hub_, 0)) << "the stream outlived its cancellation";
}

TEST_F(AlertStreamLoopbackTest, ClosingTheHubEndsTheStreamWithOk) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto reader = stub_->WatchAlerts(&context, v1::WatchAlertsRequest());
  reader->WaitForInitialMetadata();

  hub_.Close();
  v1::Alert alert;
  EXPECT_FALSE(reader->Read(&alert));
  const grpc::Status status = reader->Finish();

  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(WaitForSubscribers(hub_, 0));
}

}  // namespace
}  // namespace rrmon::monitoring

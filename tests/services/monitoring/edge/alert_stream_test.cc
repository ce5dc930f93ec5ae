// The WatchAlerts stream loop. Most tests drive the predicate form with a fake writer; a
// grpc::ServerContext can only be cancelled inside a real call, so the context form is
// also exercised through a real server on loopback with a client that cancels.

#include "services/monitoring/edge/alert_stream.h"

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
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

// Records what the loop writes; can be told to fail writes, as gRPC does once the client
// has gone.
class FakeAlertWriter final : public grpc::ServerWriterInterface<v1::Alert> {
 public:
  void SendInitialMetadata() override {
    absl::MutexLock lock(&mutex_);
    ++initial_metadata_sent_;
  }

  bool Write(const v1::Alert& alert, grpc::WriteOptions /*options*/) override {
    absl::MutexLock lock(&mutex_);
    if (fail_writes_) return false;
    written_.push_back(alert);
    return true;
  }

  void FailWrites() {
    absl::MutexLock lock(&mutex_);
    fail_writes_ = true;
  }

  // Waits until `count` alerts were written; false after 5 s.
  bool AwaitWritten(size_t count) {
    absl::MutexLock lock(&mutex_);
    auto enough = [this, count]()
                      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return written_.size() >= count; };
    return mutex_.AwaitWithTimeout(absl::Condition(&enough), absl::Seconds(5));
  }

  std::vector<v1::Alert> written() const {
    absl::MutexLock lock(&mutex_);
    return written_;
  }
  int initial_metadata_sent() const {
    absl::MutexLock lock(&mutex_);
    return initial_metadata_sent_;
  }

 private:
  mutable absl::Mutex mutex_;
  std::vector<v1::Alert> written_ ABSL_GUARDED_BY(mutex_);
  int initial_metadata_sent_ ABSL_GUARDED_BY(mutex_) = 0;
  bool fail_writes_ ABSL_GUARDED_BY(mutex_) = false;
};

v1::Alert SignalAlert(const std::string& signal) {
  v1::Alert alert;
  alert.set_kind(v1::ALERT_KIND_RISK_SIGNAL);
  alert.set_household("households/h1");
  alert.set_region_code("654201001001");
  alert.set_risk_signal(signal);
  return alert;
}

// Runs the loop on its own thread, as a gRPC handler thread would.
class StreamRun {
 public:
  StreamRun(AlertHub::Subscription& subscription, std::function<bool()> cancelled,
            FakeAlertWriter& writer)
      : thread_([this, &subscription, cancelled = std::move(cancelled), &writer] {
          absl::Status status = ServeAlertStream(subscription, cancelled, writer);
          absl::MutexLock lock(&mutex_);
          status_ = std::move(status);
          ended_at_ = absl::Now();
        }) {}
  ~StreamRun() {
    if (thread_.joinable()) thread_.join();
  }

  // Joins the loop; its status and when it returned.
  std::pair<absl::Status, absl::Time> Join() {
    thread_.join();
    absl::MutexLock lock(&mutex_);
    return {*status_, ended_at_};
  }

 private:
  absl::Mutex mutex_;
  std::optional<absl::Status> status_ ABSL_GUARDED_BY(mutex_);
  absl::Time ended_at_ ABSL_GUARDED_BY(mutex_);
  std::thread thread_;
};

class AlertStreamTest : public ::testing::Test {
 protected:
  prometheus::Registry registry_;
  AlertHub hub_{registry_, {}};
};

TEST_F(AlertStreamTest, WritesEveryAlertAndEndsOkWhenTheHubCloses) {
  auto subscription = hub_.Subscribe("6542");
  FakeAlertWriter writer;
  StreamRun run(
      *subscription, [] { return false; }, writer);

  hub_.Publish(SignalAlert("s1"));
  hub_.Publish(SignalAlert("s2"));
  ASSERT_TRUE(writer.AwaitWritten(2));
  const absl::Time closed_at = absl::Now();
  hub_.Close();
  const auto [status, ended_at] = run.Join();

  EXPECT_TRUE(status.ok()) << status;
  // Close wakes the wait at once; the poll interval is only the upper bound.
  EXPECT_LT(ended_at - closed_at, kAlertStreamPollInterval + absl::Milliseconds(100));
  const std::vector<v1::Alert> written = writer.written();
  ASSERT_EQ(written.size(), 2u);
  EXPECT_EQ(written[0].risk_signal(), "s1");
  EXPECT_EQ(written[1].risk_signal(), "s2");
  EXPECT_EQ(writer.initial_metadata_sent(), 1);
}

TEST_F(AlertStreamTest, EndsCancelledWithinAPollIntervalOfACancellation) {
  auto subscription = hub_.Subscribe("");
  FakeAlertWriter writer;
  std::atomic<bool> cancelled = false;
  StreamRun run(
      *subscription, [&cancelled] { return cancelled.load(); }, writer);
  hub_.Publish(SignalAlert("s1"));
  ASSERT_TRUE(writer.AwaitWritten(1));

  const absl::Time cancelled_at = absl::Now();
  cancelled = true;
  const auto [status, ended_at] = run.Join();

  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled) << status;
  EXPECT_LT(ended_at - cancelled_at, kAlertStreamPollInterval + absl::Milliseconds(300));
}

TEST_F(AlertStreamTest, EndsCancelledWhenAWriteFails) {
  auto subscription = hub_.Subscribe("");
  FakeAlertWriter writer;
  writer.FailWrites();
  StreamRun run(
      *subscription, [] { return false; }, writer);

  hub_.Publish(SignalAlert("s1"));
  const auto [status, ended_at] = run.Join();

  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled) << status;
}

TEST_F(AlertStreamTest, ACallCancelledBeforehandSendsNothing) {
  auto subscription = hub_.Subscribe("");
  FakeAlertWriter writer;
  hub_.Publish(SignalAlert("s1"));

  const absl::Status status = ServeAlertStream(
      *subscription, [] { return true; }, writer);

  EXPECT_EQ(status.code(), absl::StatusCode::kCancelled);
  EXPECT_EQ(writer.initial_metadata_sent(), 0);
  EXPECT_TRUE(writer.written().empty());
}

TEST_F(AlertStreamTest, ASubscriptionClosedBeforehandEndsOkAtOnce) {
  hub_.Close();
  auto subscription = hub_.Subscribe("");
  FakeAlertWriter writer;

  const absl::Time start = absl::Now();
  const absl::Status status = ServeAlertStream(
      *subscription, [] { return false; }, writer);

  EXPECT_TRUE(status.ok()) << status;
  EXPECT_LT(absl::Now() - start, absl::Milliseconds(100));
  EXPECT_TRUE(writer.written().empty());
}

// A context not bound to a call is never cancelled; the context form still ends with the
// hub.
TEST_F(AlertStreamTest, ContextFormEndsOkWhenTheHubCloses) {
  auto subscription = hub_.Subscribe("");
  FakeAlertWriter writer;
  grpc::ServerContext context;
  absl::Status status;
  std::thread handler([&] { status = ServeAlertStream(*subscription, context, writer); });

  hub_.Publish(SignalAlert("s1"));
  ASSERT_TRUE(writer.AwaitWritten(1));
  hub_.Close();
  handler.join();

  EXPECT_TRUE(status.ok()) << status;
}

// A WatchAlerts handler reduced to what the loop needs (auth and region checks belong to
// the real handler), served on loopback so cancellation comes from a real client.
class LoopbackAlertService final : public v1::MonitoringService::Service {
 public:
  explicit LoopbackAlertService(AlertHub& hub) : hub_(hub) {}

  grpc::Status WatchAlerts(grpc::ServerContext* context, const v1::WatchAlertsRequest* request,
                           grpc::ServerWriter<v1::Alert>* writer) override {
    auto subscription = hub_.Subscribe(request->region_prefix());
    const absl::Status status = ServeAlertStream(*subscription, *context, *writer);
    absl::MutexLock lock(&mutex_);
    last_status_ = status;
    return status.ok() ? grpc::Status::OK
                       : grpc::Status(grpc::StatusCode::CANCELLED, std::string(status.message()));
  }

  // Waits for a handler to return; its status, or nullopt after 5 s.
  std::optional<absl::Status> AwaitHandlerReturned() {
    absl::MutexLock lock(&mutex_);
    auto returned = [this]()
                        ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_) { return last_status_.has_value(); };
    mutex_.AwaitWithTimeout(absl::Condition(&returned), absl::Seconds(5));
    return last_status_;
  }

 private:
  AlertHub& hub_;
  absl::Mutex mutex_;
  std::optional<absl::Status> last_status_ ABSL_GUARDED_BY(mutex_);
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
    if (server_ != nullptr) server_->Shutdown(std::chrono::system_clock::now());
  }

  LoopbackAlertService service_{hub_};
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<v1::MonitoringService::Stub> stub_;
};

TEST_F(AlertStreamLoopbackTest, AClientCancellationEndsTheHandler) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::WatchAlertsRequest request;
  request.set_region_prefix("654201");
  auto reader = stub_->WatchAlerts(&context, request);
  // The handler subscribes before it sends the initial metadata.
  reader->WaitForInitialMetadata();
  hub_.Publish(SignalAlert("s1"));
  v1::Alert alert;
  ASSERT_TRUE(reader->Read(&alert));
  EXPECT_EQ(alert.risk_signal(), "s1");

  const absl::Time cancelled_at = absl::Now();
  context.TryCancel();
  const std::optional<absl::Status> handler_status = service_.AwaitHandlerReturned();

  ASSERT_TRUE(handler_status.has_value()) << "the handler did not notice the cancellation";
  EXPECT_EQ(handler_status->code(), absl::StatusCode::kCancelled) << *handler_status;
  EXPECT_LT(absl::Now() - cancelled_at, absl::Seconds(2));
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
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
  const std::optional<absl::Status> handler_status = service_.AwaitHandlerReturned();
  ASSERT_TRUE(handler_status.has_value());
  EXPECT_TRUE(handler_status->ok()) << *handler_status;
}

}  // namespace
}  // namespace rrmon::monitoring

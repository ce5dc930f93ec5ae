#include "common/server/service_host.h"

#include <gmock/gmock.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/byte_buffer.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "absl/synchronization/notification.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"
#include "tests/support/http_get.h"

namespace rrmon {
namespace {

using ::rrmon::monitoring::v1::MonitoringService;
using ::testing::HasSubstr;

constexpr char kMonitoring[] = "rrmon.monitoring.v1.MonitoringService";

ServerOptions LoopbackOptions() {
  ServerOptions options;
  options.service_name = "test";
  options.grpc_listen = "127.0.0.1:0";
  options.metrics_listen = "127.0.0.1:0";
  options.drain_timeout = absl::Milliseconds(500);
  return options;
}

std::shared_ptr<grpc::Channel> Connect(int port) {
  return grpc::CreateChannel("127.0.0.1:" + std::to_string(port),
                             grpc::InsecureChannelCredentials());
}

std::string ToString(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  EXPECT_TRUE(buffer.Dump(&slices).ok());
  std::string out;
  for (const auto& slice : slices) {
    out.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return out;
}

grpc::ByteBuffer ToBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

// A unary call by method path with hand-encoded bytes, so no generated stubs of gRPC's
// own protocols are needed.
grpc::Status RawUnaryCall(int port, const std::string& method, const std::string& request,
                          std::string* response) {
  grpc::GenericStub stub(Connect(port));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  const grpc::ByteBuffer request_buffer = ToBuffer(request);
  grpc::ByteBuffer response_buffer;
  std::promise<grpc::Status> done;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request_buffer, &response_buffer,
                 [&done](grpc::Status status) { done.set_value(std::move(status)); });
  grpc::Status status = done.get_future().get();
  if (status.ok() && response != nullptr) *response = ToString(response_buffer);
  return status;
}

// grpc.health.v1.HealthCheckRequest{service}: field 1, length-delimited.
std::string HealthRequest(const std::string& service) {
  if (service.empty()) return "";
  return std::string("\x0a", 1) + static_cast<char>(service.size()) + service;
}
// grpc.health.v1.HealthCheckResponse{status: SERVING}: field 1 varint 1.
const std::string kServing("\x08\x01", 2);

grpc::Status CallGetHousehold(int port, absl::Duration deadline = absl::Seconds(10)) {
  auto stub = MonitoringService::NewStub(Connect(port));
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + deadline));
  rrmon::monitoring::v1::GetHouseholdRequest request;
  request.set_name("households/0123456789abcdef");
  rrmon::monitoring::v1::Household response;
  return stub->GetHousehold(&context, request, &response);
}

TEST(ServiceHostTest, ServesAndCountsCalls) {
  MonitoringService::Service service;  // Every method answers UNIMPLEMENTED.
  ServiceHost host(LoopbackOptions());
  host.AddService(&service, MonitoringService::service_full_name());
  ASSERT_TRUE(host.Start().ok());
  ASSERT_GT(host.grpc_port(), 0);
  ASSERT_GT(host.metrics_port(), 0);
  EXPECT_NE(host.grpc_port(), host.metrics_port());
  EXPECT_EQ(host.grpc_address(), "127.0.0.1:" + std::to_string(host.grpc_port()));
  ASSERT_NE(host.server(), nullptr);

  const grpc::Status status = CallGetHousehold(host.grpc_port());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << status.error_message();

  const auto metrics = rrmon::testing::HttpGet(host.metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(*metrics, HasSubstr("grpc_server_handled_total{grpc_code=\"Unimplemented\","
                                  "grpc_method=\"GetHousehold\",grpc_service=\"" +
                                  std::string(kMonitoring) + "\",grpc_type=\"unary\"} 1\n"));
  EXPECT_THAT(*metrics, HasSubstr("grpc_server_started_total{grpc_method=\"GetHousehold\","
                                  "grpc_service=\"" +
                                  std::string(kMonitoring) + "\",grpc_type=\"unary\"} 1\n"));
  // Series of the other methods exist before any call, at zero.
  EXPECT_THAT(*metrics, HasSubstr("grpc_server_handled_total{grpc_code=\"OK\","
                                  "grpc_method=\"ListHouseholds\",grpc_service=\"" +
                                  std::string(kMonitoring) + "\",grpc_type=\"unary\"} 0\n"));
  // And of the health service, which has no descriptor here.
  EXPECT_THAT(*metrics, HasSubstr("grpc_method=\"Check\",grpc_service=\"grpc.health.v1.Health\""));

  std::string output;
  EXPECT_EQ(rrmon::testing::RunWithInput("promtool check metrics", *metrics, &output), 0) << output;
}

// rrmon.monitoring.v1.GetHouseholdRequest{name} with the bytes of the name given as is.
std::string GetHouseholdRequestBytes(const std::string& name) {
  return std::string("\x0a", 1) + static_cast<char>(name.size()) + name;
}

google::rpc::ErrorInfo ErrorInfoOf(const grpc::Status& status) {
  google::rpc::Status rpc_status;
  EXPECT_TRUE(rpc_status.ParseFromString(status.error_details()));
  for (const auto& any : rpc_status.details()) {
    google::rpc::ErrorInfo info;
    if (any.UnpackTo(&info)) return info;
  }
  return {};
}

TEST(ServiceHostTest, RequestsThatAreNotValidProtobufAreTheClientsError) {
  MonitoringService::Service service;
  ServiceHost host(LoopbackOptions());
  host.AddService(&service, MonitoringService::service_full_name());
  ASSERT_TRUE(host.Start().ok());
  const std::string method = "/rrmon.monitoring.v1.MonitoringService/GetHousehold";

  // "王" then a lone surrogate (ED A0 80) then "建": not UTF-8, so protobuf refuses it.
  const grpc::Status bad_utf8 =
      RawUnaryCall(host.grpc_port(), method,
                   GetHouseholdRequestBytes("\xe7\x8e\x8b\xed\xa0\x80\xe5\xbb\xba"), nullptr);
  EXPECT_EQ(bad_utf8.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(bad_utf8.error_message(), HasSubstr("rrmon.monitoring.v1.GetHouseholdRequest.name"));
  EXPECT_THAT(bad_utf8.error_message(), HasSubstr("UTF-8"));
  const google::rpc::ErrorInfo info = ErrorInfoOf(bad_utf8);
  EXPECT_EQ(info.reason(), "MALFORMED_REQUEST");
  EXPECT_EQ(info.domain(), "test.rrmon");
  EXPECT_EQ(info.metadata().at("field"), "rrmon.monitoring.v1.GetHouseholdRequest.name");

  // Bytes that are no message at all: a truncated length-delimited field.
  const grpc::Status garbled =
      RawUnaryCall(host.grpc_port(), method, std::string("\x0a\x7f\x01", 3), nullptr);
  EXPECT_EQ(garbled.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(ErrorInfoOf(garbled).reason(), "MALFORMED_REQUEST");
  EXPECT_FALSE(ErrorInfoOf(garbled).metadata().contains("field"))
      << "no field is named that protobuf did not name";

  // A valid request still reaches the handler (UNIMPLEMENTED here).
  EXPECT_EQ(
      RawUnaryCall(host.grpc_port(), method, GetHouseholdRequestBytes("households/x"), nullptr)
          .error_code(),
      grpc::StatusCode::UNIMPLEMENTED);

  // The metrics count what the client was told.
  const auto metrics = rrmon::testing::HttpGet(host.metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(*metrics, HasSubstr("grpc_server_handled_total{grpc_code=\"InvalidArgument\","
                                  "grpc_method=\"GetHousehold\",grpc_service=\"" +
                                  std::string(kMonitoring) + "\",grpc_type=\"unary\"} 2\n"));
  EXPECT_THAT(*metrics, HasSubstr("grpc_server_handled_total{grpc_code=\"Internal\","
                                  "grpc_method=\"GetHousehold\",grpc_service=\"" +
                                  std::string(kMonitoring) + "\",grpc_type=\"unary\"} 0\n"));
}

TEST(ServiceHostTest, RegistryIsServedOnTheMetricsPort) {
  ServiceHost host(LoopbackOptions());
  prometheus::BuildCounter()
      .Name("rrmon_test_events_total")
      .Help("Test events.")
      .Register(host.registry())
      .Add({})
      .Increment(3);
  ASSERT_TRUE(host.Start().ok());
  const auto metrics = rrmon::testing::HttpGet(host.metrics_port(), "/metrics");
  ASSERT_TRUE(metrics.ok()) << metrics.status();
  EXPECT_THAT(*metrics, HasSubstr("rrmon_test_events_total 3"));
}

TEST(ServiceHostTest, HealthReportsEveryServiceServing) {
  MonitoringService::Service service;
  ServiceHost host(LoopbackOptions());
  host.AddService(&service, MonitoringService::service_full_name());
  ASSERT_TRUE(host.Start().ok());

  std::string response;
  grpc::Status status =
      RawUnaryCall(host.grpc_port(), "/grpc.health.v1.Health/Check", HealthRequest(""), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response, kServing);

  status = RawUnaryCall(host.grpc_port(), "/grpc.health.v1.Health/Check",
                        HealthRequest(kMonitoring), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response, kServing);

  status = RawUnaryCall(host.grpc_port(), "/grpc.health.v1.Health/Check",
                        HealthRequest("no.such.Service"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST(ServiceHostTest, ReflectionListsTheServices) {
  MonitoringService::Service service;
  ServiceHost host(LoopbackOptions());
  host.AddService(&service, MonitoringService::service_full_name());
  ASSERT_TRUE(host.Start().ok());

  grpc::GenericStub stub(Connect(host.grpc_port()));
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto call = stub.PrepareCall(&context,
                               "/grpc.reflection.v1alpha.ServerReflection/"
                               "ServerReflectionInfo",
                               &queue);
  ASSERT_NE(call, nullptr);
  auto step = [&queue](int expected_tag) {
    void* tag = nullptr;
    bool ok = false;
    EXPECT_TRUE(queue.Next(&tag, &ok));
    EXPECT_EQ(tag, reinterpret_cast<void*>(static_cast<intptr_t>(expected_tag)));
    return ok;
  };
  auto tag = [](int n) { return reinterpret_cast<void*>(static_cast<intptr_t>(n)); };
  call->StartCall(tag(1));
  ASSERT_TRUE(step(1));
  // ServerReflectionRequest{list_services: ""}: field 7, length-delimited, empty.
  call->Write(ToBuffer(std::string("\x3a\x00", 2)), tag(2));
  ASSERT_TRUE(step(2));
  call->WritesDone(tag(3));
  ASSERT_TRUE(step(3));
  grpc::ByteBuffer response;
  call->Read(&response, tag(4));
  ASSERT_TRUE(step(4));
  grpc::Status status;
  call->Finish(&status, tag(5));
  step(5);
  EXPECT_TRUE(status.ok()) << status.error_message();
  const std::string bytes = ToString(response);
  EXPECT_THAT(bytes, HasSubstr(kMonitoring));
  EXPECT_THAT(bytes, HasSubstr("grpc.health.v1.Health"));
  queue.Shutdown();
  void* ignored_tag;
  bool ignored_ok;
  while (queue.Next(&ignored_tag, &ignored_ok)) {
  }
}

TEST(ServiceHostTest, RefusesPlaintextOnNonLoopback) {
  ServerOptions options = LoopbackOptions();
  options.grpc_listen = "0.0.0.0:0";
  ServiceHost host(options);
  const absl::Status status = host.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("0.0.0.0:0"));
  EXPECT_EQ(host.server(), nullptr);
  EXPECT_EQ(host.grpc_port(), 0);
  EXPECT_EQ(host.metrics_port(), 0);
}

TEST(ServiceHostTest, AllowsPlaintextOnNonLoopbackWhenAsked) {
  ServerOptions options = LoopbackOptions();
  options.grpc_listen = "0.0.0.0:0";
  options.allow_plaintext_non_loopback = true;
  MonitoringService::Service service;
  ServiceHost host(options);
  host.AddService(&service, MonitoringService::service_full_name());
  const absl::Status status = host.Start();
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_GT(host.grpc_port(), 0);
  EXPECT_EQ(CallGetHousehold(host.grpc_port()).error_code(), grpc::StatusCode::UNIMPLEMENTED);
}

TEST(ServiceHostTest, MissingCertificateIsAnError) {
  ServerOptions options = LoopbackOptions();
  options.tls.cert_file = "/nonexistent/rrmon/server.pem";
  options.tls.key_file = "/nonexistent/rrmon/server.key";
  ServiceHost host(options);
  const absl::Status status = host.Start();
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(std::string(status.message()), HasSubstr("/nonexistent/rrmon/server.pem"));
  EXPECT_EQ(host.server(), nullptr);
}

TEST(ServiceHostTest, TakenMetricsPortIsAnError) {
  ServiceHost first(LoopbackOptions());
  ASSERT_TRUE(first.Start().ok());
  ServerOptions options = LoopbackOptions();
  options.metrics_listen = "127.0.0.1:" + std::to_string(first.metrics_port());
  ServiceHost second(options);
  const absl::Status status = second.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_EQ(second.server(), nullptr);
}

TEST(ServiceHostTest, TakenGrpcPortIsAnError) {
  ServiceHost first(LoopbackOptions());
  ASSERT_TRUE(first.Start().ok());
  ServerOptions options = LoopbackOptions();
  options.grpc_listen = "127.0.0.1:" + std::to_string(first.grpc_port());
  ServiceHost second(options);
  const absl::Status status = second.Start();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
}

TEST(ServiceHostTest, ShutdownWithoutStartAndTwiceIsHarmless) {
  ServiceHost idle(LoopbackOptions());
  idle.Shutdown();
  idle.Wait();

  ServiceHost host(LoopbackOptions());
  ASSERT_TRUE(host.Start().ok());
  host.Shutdown();
  host.Shutdown();
  host.Wait();
  host.Wait();
  EXPECT_NE(CallGetHousehold(host.grpc_port(), absl::Seconds(2)).error_code(),
            grpc::StatusCode::OK);
}

// GetHousehold blocks for 5 s, far beyond the drain timeout.
class SlowService final : public MonitoringService::Service {
 public:
  grpc::Status GetHousehold(grpc::ServerContext*, const rrmon::monitoring::v1::GetHouseholdRequest*,
                            rrmon::monitoring::v1::Household*) override {
    entered.Notify();
    std::this_thread::sleep_for(std::chrono::seconds(5));
    return grpc::Status::OK;
  }
  absl::Notification entered;
};

// GetHousehold waits up to 5 s but gives up once its call is cancelled, as handlers
// should.
class CancellableSlowService final : public MonitoringService::Service {
 public:
  grpc::Status GetHousehold(grpc::ServerContext* context,
                            const rrmon::monitoring::v1::GetHouseholdRequest*,
                            rrmon::monitoring::v1::Household*) override {
    entered.Notify();
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (!context->IsCancelled() && std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    saw_cancel = context->IsCancelled();
    return grpc::Status::OK;
  }
  absl::Notification entered;
  std::atomic<bool> saw_cancel{false};
};

TEST(ServiceHostTest, ShutdownCancelsCallsStillRunningAtTheDeadline) {
  CancellableSlowService service;
  ServiceHost host(LoopbackOptions());  // drain_timeout 500 ms.
  host.AddService(&service, MonitoringService::service_full_name());
  ASSERT_TRUE(host.Start().ok());

  const int port = host.grpc_port();
  auto in_flight =
      std::async(std::launch::async, [port] { return CallGetHousehold(port, absl::Seconds(30)); });
  ASSERT_TRUE(service.entered.WaitForNotificationWithTimeout(absl::Seconds(10)));

  const auto start = std::chrono::steady_clock::now();
  host.Shutdown();
  host.Wait();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_LT(elapsed, std::chrono::seconds(3))
      << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms";
  EXPECT_GE(elapsed, std::chrono::milliseconds(400));
  EXPECT_TRUE(service.saw_cancel);
  EXPECT_NE(in_flight.get().error_code(), grpc::StatusCode::OK);
}

// The drain bound must hold even for a handler that ignores cancellation (blocked in a
// library call without a timeout); otherwise one stuck call holds the process past its
// termination grace period.
// A handler that ignores cancellation keeps its thread past the deadline (gRPC's sync
// server joins handler threads; main() bounds that with ExitIfStillRunningAfter), but the
// caller is answered at the deadline, not when the handler finally returns.
TEST(ServiceHostTest, ShutdownAnswersACallInFlightAtTheDrainDeadline) {
  SlowService service;
  ServiceHost host(LoopbackOptions());  // drain_timeout 500 ms.
  host.AddService(&service, MonitoringService::service_full_name());
  ASSERT_TRUE(host.Start().ok());

  const int port = host.grpc_port();
  auto in_flight = std::async(std::launch::async, [port] {
    const auto start = std::chrono::steady_clock::now();
    grpc::Status status = CallGetHousehold(port, absl::Seconds(30));
    return std::make_pair(status, std::chrono::steady_clock::now() - start);
  });
  ASSERT_TRUE(service.entered.WaitForNotificationWithTimeout(absl::Seconds(10)));

  host.Shutdown();
  const auto [status, elapsed] = in_flight.get();
  EXPECT_NE(status.error_code(), grpc::StatusCode::OK);
  EXPECT_LT(elapsed, std::chrono::seconds(3))
      << std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count() << " ms";
  host.Wait();
}

}  // namespace
}  // namespace rrmon

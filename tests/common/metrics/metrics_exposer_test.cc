#include "common/metrics/metrics_exposer.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "common/metrics/grpc_server_metrics.h"
#include "google/protobuf/descriptor.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"
#include "tests/support/http_get.h"

namespace rrmon {
namespace {

using ::testing::HasSubstr;

TEST(LatencyBucketsSecondsTest, SortedFromOneHundredMicroseconds) {
  const auto& buckets = LatencyBucketsSeconds();
  ASSERT_FALSE(buckets.empty());
  EXPECT_DOUBLE_EQ(buckets.front(), 0.0001);
  EXPECT_DOUBLE_EQ(buckets.back(), 10);
  EXPECT_TRUE(std::is_sorted(buckets.begin(), buckets.end()));
  EXPECT_EQ(std::adjacent_find(buckets.begin(), buckets.end()), buckets.end()) << "duplicate";
}

// A registry with gRPC series of every kind; the families live in the registry, so the
// GrpcServerMetrics that created them need not outlive this function.
std::shared_ptr<prometheus::Registry> PopulatedRegistry() {
  auto registry = std::make_shared<prometheus::Registry>();
  GrpcServerMetrics metrics(*registry);
  // Named through a generated message so monitoring_service.pb.cc is linked in.
  const auto* service =
      rrmon::monitoring::v1::GetHouseholdRequest::descriptor()->file()->FindServiceByName(
          "MonitoringService");
  EXPECT_NE(service, nullptr);
  if (service != nullptr) metrics.RegisterService(*service);
  metrics.RegisterMethod("/grpc.health.v1.Health/Watch", "server_stream");
  auto& series = metrics.ForMethod("/rrmon.monitoring.v1.MonitoringService/GetHousehold", "unary");
  series.started->Increment();
  series.handled[static_cast<size_t>(grpc::StatusCode::OK)]->Increment();
  series.handling_seconds->Observe(0.003);
  metrics.ForMethod("/nope.Nope/Nope", "unary").started->Increment();
  return registry;
}

TEST(MetricsExposerTest, ServesMetricsOnAPickedPort) {
  auto registry = PopulatedRegistry();
  auto exposer = MetricsExposer::Start("127.0.0.1:0", registry);
  ASSERT_TRUE(exposer.ok()) << exposer.status();
  const int port = (*exposer)->port();
  EXPECT_GT(port, 0);
  EXPECT_LT(port, 65536);

  const auto body = rrmon::testing::HttpGet(port, "/metrics");
  ASSERT_TRUE(body.ok()) << body.status();
  EXPECT_THAT(*body, HasSubstr("# TYPE grpc_server_handled_total counter"));
  EXPECT_THAT(*body, HasSubstr("# TYPE grpc_server_handling_seconds histogram"));
  EXPECT_THAT(*body, HasSubstr("grpc_code=\"DeadlineExceeded\""));
  EXPECT_THAT(*body, HasSubstr("grpc_method=\"GetHousehold\""));
  EXPECT_THAT(*body, HasSubstr("grpc_server_handling_seconds_bucket{"));
  EXPECT_THAT(*body, HasSubstr("le=\"0.0001\""));
}

TEST(MetricsExposerTest, TextPassesPromtool) {
  auto registry = PopulatedRegistry();
  auto exposer = MetricsExposer::Start("127.0.0.1:0", registry);
  ASSERT_TRUE(exposer.ok()) << exposer.status();
  const auto body = rrmon::testing::HttpGet((*exposer)->port(), "/metrics");
  ASSERT_TRUE(body.ok()) << body.status();
  std::string output;
  EXPECT_EQ(rrmon::testing::RunWithInput("promtool check metrics", *body, &output), 0) << output;
}

TEST(MetricsExposerTest, TakenPortIsAnError) {
  auto registry = std::make_shared<prometheus::Registry>();
  auto first = MetricsExposer::Start("127.0.0.1:0", registry);
  ASSERT_TRUE(first.ok()) << first.status();
  const std::string address = "127.0.0.1:" + std::to_string((*first)->port());
  absl::StatusOr<std::unique_ptr<MetricsExposer>> second;
  EXPECT_NO_THROW(second = MetricsExposer::Start(address, registry));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(std::string(second.status().message()), HasSubstr(address));
  // The first exposer still serves.
  EXPECT_TRUE(rrmon::testing::HttpGet((*first)->port(), "/metrics").ok());
}

TEST(MetricsExposerTest, StopsServingWhenDestroyed) {
  auto registry = std::make_shared<prometheus::Registry>();
  int port = 0;
  {
    auto exposer = MetricsExposer::Start("127.0.0.1:0", registry);
    ASSERT_TRUE(exposer.ok()) << exposer.status();
    port = (*exposer)->port();
    ASSERT_TRUE(rrmon::testing::HttpGet(port, "/metrics").ok());
  }
  EXPECT_FALSE(rrmon::testing::HttpGet(port, "/metrics").ok());
}

}  // namespace
}  // namespace rrmon

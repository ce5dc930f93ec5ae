#include "common/metrics/grpc_server_metrics.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <stdexcept>
#include <string>

#include "common/metrics/metrics_exposer.h"
#include "google/protobuf/descriptor.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"
#include "tests/common/metrics/metrics_test_util.h"

namespace rrmon {
namespace {

using ::rrmon::testing::FindSeries;
using ::rrmon::testing::LabelsOf;
using ::rrmon::testing::MetricLabels;
using ::rrmon::testing::SeriesOf;

constexpr char kService[] = "rrmon.monitoring.v1.MonitoringService";

// Through a generated message: naming it links monitoring_service.pb.cc, which registers
// the file (and so the service) in the generated pool.
const google::protobuf::ServiceDescriptor& MonitoringDescriptor() {
  const auto* descriptor =
      rrmon::monitoring::v1::GetHouseholdRequest::descriptor()->file()->pool()->FindServiceByName(
          kService);
  if (descriptor == nullptr) throw std::logic_error("MonitoringService descriptor missing");
  return *descriptor;
}

TEST(GrpcCodeLabelTest, GoGrpcPrometheusNamesForAllCodes) {
  const std::vector<std::string> expected = {
      "OK",       "Canceled",       "Unknown",          "InvalidArgument",   "DeadlineExceeded",
      "NotFound", "AlreadyExists",  "PermissionDenied", "ResourceExhausted", "FailedPrecondition",
      "Aborted",  "OutOfRange",     "Unimplemented",    "Internal",          "Unavailable",
      "DataLoss", "Unauthenticated"};
  ASSERT_EQ(expected.size(), 17u);
  std::set<std::string> distinct;
  for (int code = 0; code < 17; ++code) {
    const std::string label(GrpcCodeLabel(static_cast<grpc::StatusCode>(code)));
    EXPECT_EQ(label, expected[code]) << "code " << code;
    distinct.insert(label);
  }
  EXPECT_EQ(distinct.size(), 17u);
}

TEST(GrpcCodeLabelTest, OutOfRangeCodeIsUnknown) {
  EXPECT_EQ(GrpcCodeLabel(static_cast<grpc::StatusCode>(99)), "Unknown");
}

TEST(GrpcServerMetricsTest, RegisterServiceCreatesEverySeriesUpFront) {
  prometheus::Registry registry;
  GrpcServerMetrics metrics(registry);
  const auto& service = MonitoringDescriptor();
  // Every method the service has today (the count grows with the API).
  const size_t methods = static_cast<size_t>(service.method_count());
  ASSERT_GE(methods, 9u);
  metrics.RegisterService(service);

  EXPECT_EQ(SeriesOf(registry, "grpc_server_started_total").size(), methods);
  EXPECT_EQ(SeriesOf(registry, "grpc_server_handled_total").size(), methods * 17u);
  EXPECT_EQ(SeriesOf(registry, "grpc_server_handling_seconds").size(), methods);
  EXPECT_EQ(SeriesOf(registry, "grpc_server_msg_received_total").size(), methods);
  EXPECT_EQ(SeriesOf(registry, "grpc_server_msg_sent_total").size(), methods);

  for (int i = 0; i < service.method_count(); ++i) {
    // go-grpc-prometheus names: WatchAlerts streams its responses.
    const std::string grpc_type = service.method(i)->server_streaming() ? "server_stream" : "unary";
    const MetricLabels labels = {{"grpc_type", grpc_type},
                                 {"grpc_service", kService},
                                 {"grpc_method", service.method(i)->name()}};
    prometheus::ClientMetric started;
    ASSERT_TRUE(FindSeries(registry, "grpc_server_started_total", labels, &started))
        << service.method(i)->name();
    EXPECT_EQ(started.counter.value, 0);
    EXPECT_TRUE(FindSeries(registry, "grpc_server_handling_seconds", labels));
    for (int code = 0; code < 17; ++code) {
      MetricLabels with_code = labels;
      with_code["grpc_code"] = std::string(GrpcCodeLabel(static_cast<grpc::StatusCode>(code)));
      EXPECT_TRUE(FindSeries(registry, "grpc_server_handled_total", with_code))
          << service.method(i)->name() << " " << with_code["grpc_code"];
    }
  }
}

TEST(GrpcServerMetricsTest, HistogramUsesTheLatencyBuckets) {
  prometheus::Registry registry;
  GrpcServerMetrics metrics(registry);
  metrics.RegisterMethod("/pkg.Svc/Call", "unary");
  const auto series = SeriesOf(registry, "grpc_server_handling_seconds");
  ASSERT_EQ(series.size(), 1u);
  const auto& buckets = series[0].histogram.bucket;
  ASSERT_EQ(buckets.size(), LatencyBucketsSeconds().size() + 1);  // + Inf
  EXPECT_DOUBLE_EQ(buckets.front().upper_bound, 0.0001);
}

TEST(GrpcServerMetricsTest, ForMethodReturnsTheRegisteredSeries) {
  prometheus::Registry registry;
  GrpcServerMetrics metrics(registry);
  metrics.RegisterService(MonitoringDescriptor());
  auto& series = metrics.ForMethod("/rrmon.monitoring.v1.MonitoringService/GetHousehold", "unary");
  series.started->Increment();
  series.handled[static_cast<size_t>(grpc::StatusCode::NOT_FOUND)]->Increment();
  EXPECT_EQ(&series,
            &metrics.ForMethod("/rrmon.monitoring.v1.MonitoringService/GetHousehold", "unary"));

  prometheus::ClientMetric metric;
  ASSERT_TRUE(FindSeries(
      registry, "grpc_server_started_total",
      {{"grpc_type", "unary"}, {"grpc_service", kService}, {"grpc_method", "GetHousehold"}},
      &metric));
  EXPECT_EQ(metric.counter.value, 1);
  ASSERT_TRUE(FindSeries(registry, "grpc_server_handled_total",
                         {{"grpc_type", "unary"},
                          {"grpc_service", kService},
                          {"grpc_method", "GetHousehold"},
                          {"grpc_code", "NotFound"}},
                         &metric));
  EXPECT_EQ(metric.counter.value, 1);
}

TEST(GrpcServerMetricsTest, UnknownMethodsShareOneSeries) {
  prometheus::Registry registry;
  GrpcServerMetrics metrics(registry);
  metrics.RegisterService(MonitoringDescriptor());
  auto& first = metrics.ForMethod("/evil.Probe/Method0", "unary");
  first.started->Increment();
  const size_t started_series = SeriesOf(registry, "grpc_server_started_total").size();
  const size_t handled_series = SeriesOf(registry, "grpc_server_handled_total").size();
  const size_t methods = static_cast<size_t>(MonitoringDescriptor().method_count());
  EXPECT_EQ(started_series, methods + 1);  // every method + "unknown".

  std::mt19937 random(12345);
  for (int i = 0; i < 100; ++i) {
    const std::string path =
        "/probe" + std::to_string(random()) + ".Service/Method" + std::to_string(random());
    auto& series = metrics.ForMethod(path, "unary");
    EXPECT_EQ(&series, &first) << path;
    series.started->Increment();
  }
  EXPECT_EQ(SeriesOf(registry, "grpc_server_started_total").size(), started_series);
  EXPECT_EQ(SeriesOf(registry, "grpc_server_handled_total").size(), handled_series);

  prometheus::ClientMetric unknown;
  ASSERT_TRUE(FindSeries(
      registry, "grpc_server_started_total",
      {{"grpc_type", "unary"}, {"grpc_service", "unknown"}, {"grpc_method", "unknown"}}, &unknown));
  EXPECT_EQ(unknown.counter.value, 101);
}

TEST(GrpcServerMetricsTest, RegisterMethodIsIdempotentAndRejectsMalformedPaths) {
  prometheus::Registry registry;
  GrpcServerMetrics metrics(registry);
  metrics.RegisterMethod("/grpc.health.v1.Health/Check", "unary");
  metrics.RegisterMethod("/grpc.health.v1.Health/Check", "unary");
  metrics.RegisterMethod("/grpc.health.v1.Health/Watch", "server_stream");
  metrics.RegisterMethod("no-leading-slash/Method", "unary");
  metrics.RegisterMethod("/NoMethodSeparator", "unary");
  metrics.RegisterMethod("", "unary");
  const auto started = SeriesOf(registry, "grpc_server_started_total");
  ASSERT_EQ(started.size(), 2u);
  std::set<MetricLabels> labels;
  for (const auto& metric : started) labels.insert(LabelsOf(metric));
  EXPECT_TRUE(labels.contains({{"grpc_type", "unary"},
                               {"grpc_service", "grpc.health.v1.Health"},
                               {"grpc_method", "Check"}}));
  EXPECT_TRUE(labels.contains({{"grpc_type", "server_stream"},
                               {"grpc_service", "grpc.health.v1.Health"},
                               {"grpc_method", "Watch"}}));
}

}  // namespace
}  // namespace rrmon

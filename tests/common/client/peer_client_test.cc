#include "common/client/peer_client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/client/channel.h"
#include "tests/common/client/test_server.h"

namespace rrmon::client {
namespace {

using ::testing::HasSubstr;

// The value of the series of `family` whose labels include all of `labels`; -1 if none.
double Series(prometheus::Registry& registry, const std::string& family,
              const std::map<std::string, std::string>& labels) {
  for (const prometheus::MetricFamily& metrics : registry.Collect()) {
    if (metrics.name != family) continue;
    for (const prometheus::ClientMetric& metric : metrics.metric) {
      int matched = 0;
      for (const prometheus::ClientMetric::Label& label : metric.label) {
        auto it = labels.find(label.name);
        if (it != labels.end() && it->second == label.value) ++matched;
      }
      if (matched != static_cast<int>(labels.size())) continue;
      if (metrics.type == prometheus::MetricType::Counter) return metric.counter.value;
      if (metrics.type == prometheus::MetricType::Gauge) return metric.gauge.value;
      if (metrics.type == prometheus::MetricType::Histogram) {
        return static_cast<double>(metric.histogram.sample_count);
      }
    }
  }
  return -1;
}

grpc::Status Unavailable() { return grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"); }

class PeerClientTest : public ::testing::Test {
 protected:
  PeerClientTest() : clock_(absl::FromUnixSeconds(1'800'000'000)), metrics_(registry_) {
    EXPECT_TRUE(server_.started());
    options_.peer = "monitoring";
    options_.call.token = "service-token";
    options_.call.timeout = absl::Seconds(5);
    options_.retry.sleep = [](absl::Duration) {};
    options_.failure_threshold = 2;
    options_.open_duration = absl::Seconds(10);
  }

  std::unique_ptr<PeerClient> Client() {
    auto channel = OpenChannel(absl::StrCat("127.0.0.1:", server_.port()), ChannelSecurity{});
    EXPECT_TRUE(channel.ok());
    return std::make_unique<PeerClient>(*channel, options_, clock_, &metrics_);
  }

  // GetHousehold through `client`; counts the attempts that reached the call function.
  grpc::Status Get(PeerClient& client, CallKind kind = CallKind::kIdempotent,
                   int* attempts = nullptr) {
    auto stub = monitoring::v1::MonitoringService::NewStub(client.channel());
    return client.Call("GetHousehold", kind, [&](grpc::ClientContext& context) {
      if (attempts != nullptr) ++*attempts;
      monitoring::v1::GetHouseholdRequest request;
      request.set_name("households/h1");
      monitoring::v1::Household household;
      return stub->GetHousehold(&context, request, &household);
    });
  }

  rrmon::testing::TestServer server_;
  FakeClock clock_;
  prometheus::Registry registry_;
  OutgoingCallMetrics metrics_;
  PeerClientOptions options_;
};

TEST_F(PeerClientTest, CallsCarryTheTokenAndAreCounted) {
  auto client = Client();
  EXPECT_TRUE(Get(*client).ok());
  EXPECT_EQ(server_.service().last_authorization(), "Bearer service-token");
  const std::map<std::string, std::string> ok = {
      {"peer", "monitoring"}, {"method", "GetHousehold"}, {"code", "OK"}};
  EXPECT_EQ(Series(registry_, "rrmon_client_calls_total", ok), 1);
  EXPECT_EQ(Series(registry_, "rrmon_client_call_duration_seconds",
                   {{"peer", "monitoring"}, {"method", "GetHousehold"}}),
            1);
  EXPECT_EQ(Series(registry_, "rrmon_client_circuit_open", {{"peer", "monitoring"}}), 0);
}

TEST_F(PeerClientTest, IdempotentCallsRetryOverTheWire) {
  options_.failure_threshold = 5;
  auto client = Client();
  server_.service().Script({Unavailable(), Unavailable()});
  EXPECT_TRUE(Get(*client).ok());
  EXPECT_EQ(server_.service().calls(), 3);
  EXPECT_EQ(Series(registry_, "rrmon_client_retries_total", {{"method", "GetHousehold"}}), 2);
  EXPECT_EQ(Series(registry_, "rrmon_client_calls_total", {{"code", "UNAVAILABLE"}}), 2);
}

TEST_F(PeerClientTest, OtherCallsAreSentOnce) {
  auto client = Client();
  server_.service().Script({Unavailable()});
  EXPECT_EQ(Get(*client, CallKind::kNotIdempotent).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(server_.service().calls(), 1);
}

TEST_F(PeerClientTest, AStoppedPeerOpensTheCircuitAndThenCostsNothing) {
  options_.retry.max_attempts = 1;
  auto client = Client();
  server_.Stop();
  EXPECT_EQ(Get(*client).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Get(*client).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(client->circuit_state(), CircuitBreaker::State::kOpen);

  int attempts = 0;
  const absl::Time start = absl::Now();
  grpc::Status refused = Get(*client, CallKind::kIdempotent, &attempts);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_THAT(refused.error_message(), HasSubstr("monitoring service is not answering"));
  EXPECT_EQ(attempts, 0);  // nothing was sent
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
  EXPECT_EQ(Series(registry_, "rrmon_client_calls_short_circuited_total",
                   {{"peer", "monitoring"}, {"method", "GetHousehold"}}),
            1);
  EXPECT_EQ(Series(registry_, "rrmon_client_circuit_open", {{"peer", "monitoring"}}), 1);
}

TEST_F(PeerClientTest, AnswersDoNotOpenTheCircuit) {
  auto client = Client();
  const grpc::Status not_found(grpc::StatusCode::NOT_FOUND, "no such household");
  server_.service().Script({not_found, not_found, not_found, not_found});
  for (int i = 0; i < 4; ++i) EXPECT_EQ(Get(*client).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(server_.service().calls(), 4);
  EXPECT_EQ(client->circuit_state(), CircuitBreaker::State::kClosed);
}

TEST_F(PeerClientTest, AProbeAfterTheOpenTimeClosesTheCircuitAgain) {
  options_.retry.max_attempts = 1;
  auto client = Client();
  server_.service().Script({Unavailable(), Unavailable()});
  Get(*client);
  Get(*client);
  ASSERT_EQ(client->circuit_state(), CircuitBreaker::State::kOpen);
  EXPECT_EQ(Get(*client).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(server_.service().calls(), 2);

  clock_.Advance(options_.open_duration);
  EXPECT_TRUE(Get(*client).ok());  // the probe
  EXPECT_EQ(client->circuit_state(), CircuitBreaker::State::kClosed);
  EXPECT_TRUE(Get(*client).ok());
  EXPECT_EQ(server_.service().calls(), 4);
  EXPECT_EQ(Series(registry_, "rrmon_client_circuit_open", {{"peer", "monitoring"}}), 0);
}

TEST_F(PeerClientTest, WorksWithoutMetrics) {
  auto channel = OpenChannel(absl::StrCat("127.0.0.1:", server_.port()), ChannelSecurity{});
  ASSERT_TRUE(channel.ok());
  PeerClient client(*channel, options_, clock_, nullptr);
  EXPECT_TRUE(Get(client).ok());
}

}  // namespace
}  // namespace rrmon::client

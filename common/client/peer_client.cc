#include "common/client/peer_client.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status/status_details.h"

namespace rrmon::client {
namespace {

std::string CodeName(grpc::StatusCode code) {
  return CanonicalCodeName(static_cast<absl::StatusCode>(code));
}

}  // namespace

OutgoingCallMetrics::OutgoingCallMetrics(prometheus::Registry& registry)
    : calls_(prometheus::BuildCounter()
                 .Name("rrmon_client_calls_total")
                 .Help("Attempts of calls to peer services, by peer, method and status code")
                 .Register(registry)),
      durations_(prometheus::BuildHistogram()
                     .Name("rrmon_client_call_duration_seconds")
                     .Help("Time of one attempt of a call to a peer service")
                     .Register(registry)),
      retries_(prometheus::BuildCounter()
                   .Name("rrmon_client_retries_total")
                   .Help("Attempts of calls to peer services that were retries")
                   .Register(registry)),
      short_circuited_(prometheus::BuildCounter()
                           .Name("rrmon_client_calls_short_circuited_total")
                           .Help("Calls to peer services refused locally: circuit open")
                           .Register(registry)),
      circuit_open_(prometheus::BuildGauge()
                        .Name("rrmon_client_circuit_open")
                        .Help("1 while calls to the peer are refused locally")
                        .Register(registry)) {}

void OutgoingCallMetrics::RecordAttempt(absl::string_view peer, absl::string_view method,
                                        grpc::StatusCode code, absl::Duration took) {
  calls_
      .Add({{"peer", std::string(peer)}, {"method", std::string(method)}, {"code", CodeName(code)}})
      .Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  durations_.Add({{"peer", std::string(peer)}, {"method", std::string(method)}}, kBuckets)
      .Observe(absl::ToDoubleSeconds(took));
}

void OutgoingCallMetrics::CountRetry(absl::string_view peer, absl::string_view method) {
  retries_.Add({{"peer", std::string(peer)}, {"method", std::string(method)}}).Increment();
}

void OutgoingCallMetrics::CountShortCircuit(absl::string_view peer, absl::string_view method) {
  short_circuited_.Add({{"peer", std::string(peer)}, {"method", std::string(method)}}).Increment();
}

void OutgoingCallMetrics::SetCircuitOpen(absl::string_view peer, bool open) {
  circuit_open_.Add({{"peer", std::string(peer)}}).Set(open ? 1 : 0);
}

PeerClient::PeerClient(std::shared_ptr<grpc::Channel> channel, PeerClientOptions options,
                       const Clock& clock, OutgoingCallMetrics* metrics)
    : channel_(std::move(channel)),
      options_(std::move(options)),
      breaker_(options_.failure_threshold, options_.open_duration, clock),
      metrics_(metrics) {
  if (metrics_ != nullptr) metrics_->SetCircuitOpen(options_.peer, false);
}

bool PeerClient::IsPeerFailure(const grpc::Status& status) {
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
    case grpc::StatusCode::DEADLINE_EXCEEDED:
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::UNKNOWN:
      return true;
    default:
      return false;
  }
}

grpc::Status PeerClient::Call(absl::string_view method, CallKind kind, const CallFunction& call,
                              absl::Time deadline) {
  AttemptHooks hooks;
  hooks.admit = [&] {
    if (breaker_.AllowRequest()) return true;
    if (metrics_ != nullptr) metrics_->CountShortCircuit(options_.peer, method);
    return false;
  };
  hooks.refusal = grpc::Status(
      grpc::StatusCode::UNAVAILABLE,
      absl::StrCat("the ", options_.peer, " service is not answering; calls resume when it does"));
  hooks.observe = [&](const grpc::Status& status, absl::Duration took) {
    if (IsPeerFailure(status)) {
      breaker_.RecordFailure();
    } else {
      breaker_.RecordSuccess();
    }
    if (metrics_ != nullptr) {
      metrics_->RecordAttempt(options_.peer, method, status.error_code(), took);
      metrics_->SetCircuitOpen(options_.peer, breaker_.state() == CircuitBreaker::State::kOpen);
    }
  };
  hooks.retrying = [&] {
    if (metrics_ != nullptr) metrics_->CountRetry(options_.peer, method);
  };
  return client::Call(options_.call, options_.retry, kind, call, deadline, hooks);
}

}  // namespace rrmon::client

#pragma once

// Calls from one rrmon service to another (employment and courtyard to monitoring, the
// assessment at monitoring to both): every call has a deadline, idempotent calls retry,
// a peer that keeps failing is not called at all for a while (a circuit breaker), so a
// peer that is down costs the caller an immediate UNAVAILABLE instead of a hang, and
// every attempt is counted for the dashboards.

#include <grpcpp/channel.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/cache/circuit_breaker.h"
#include "common/client/call_policy.h"
#include "common/time/clock.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/gauge.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace rrmon::client {

// rrmon_client_calls_total{peer,method,code}, rrmon_client_call_duration_seconds
// {peer,method}, rrmon_client_retries_total{peer,method},
// rrmon_client_calls_short_circuited_total{peer,method} (refused here, breaker open) and
// rrmon_client_circuit_open{peer}. `method` is the short RPC name, never an id.
class OutgoingCallMetrics {
 public:
  explicit OutgoingCallMetrics(prometheus::Registry& registry);

  void RecordAttempt(absl::string_view peer, absl::string_view method, grpc::StatusCode code,
                     absl::Duration took);
  void CountRetry(absl::string_view peer, absl::string_view method);
  void CountShortCircuit(absl::string_view peer, absl::string_view method);
  void SetCircuitOpen(absl::string_view peer, bool open);

 private:
  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& durations_;
  prometheus::Family<prometheus::Counter>& retries_;
  prometheus::Family<prometheus::Counter>& short_circuited_;
  prometheus::Family<prometheus::Gauge>& circuit_open_;
};

struct PeerClientOptions {
  std::string peer;   // the service called, e.g. "monitoring": metrics label and messages
  CallSettings call;  // the service's token and the per-attempt timeout
  RetryPolicy retry;  // for CallKind::kIdempotent
  // Consecutive failed attempts that open the circuit, and how long it stays open
  // before one probe call decides whether calls resume.
  int failure_threshold = 5;
  absl::Duration open_duration = absl::Seconds(10);
};

class PeerClient {
 public:
  // `clock` (the breaker's) and `metrics` (may be null) must outlive the client.
  PeerClient(std::shared_ptr<grpc::Channel> channel, PeerClientOptions options, const Clock& clock,
             OutgoingCallMetrics* metrics);

  PeerClient(const PeerClient&) = delete;
  PeerClient& operator=(const PeerClient&) = delete;

  // The channel to build stubs on.
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }

  // Runs `call` (a stub method on the given context) under the deadline, retry and
  // breaker rules. UNAVAILABLE at once, without touching the network, while the circuit
  // is open. `deadline` bounds every attempt and every retry (a caller's own deadline).
  grpc::Status Call(absl::string_view method, CallKind kind, const CallFunction& call,
                    absl::Time deadline = absl::InfiniteFuture());

  CircuitBreaker::State circuit_state() const { return breaker_.state(); }

  // Whether a status means the peer failed (and counts toward opening the circuit), as
  // opposed to an answer: NOT_FOUND or INVALID_ARGUMENT are the peer working.
  static bool IsPeerFailure(const grpc::Status& status);

 private:
  std::shared_ptr<grpc::Channel> channel_;
  PeerClientOptions options_;
  CircuitBreaker breaker_;
  OutgoingCallMetrics* metrics_;
};

}  // namespace rrmon::client

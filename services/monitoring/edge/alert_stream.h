#pragma once

// The server side of WatchAlerts after the handler has authenticated the caller, checked
// its region and subscribed: copies alerts from the subscription to the stream until the
// hub closes or the client goes away. Free of auth so it can be tested with a fake
// writer.

#include <grpcpp/server_context.h>
#include <grpcpp/support/sync_stream.h>

#include <functional>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"
#include "services/monitoring/usecases/alert_hub.h"

namespace rrmon::monitoring {

// How long one wait for an alert lasts before cancellation is checked again. It bounds
// how long a stream outlives its client's cancellation; AlertHub::Close wakes the wait at
// once.
inline constexpr absl::Duration kAlertStreamPollInterval = absl::Milliseconds(200);

// Sends the initial metadata (so a client knows the watch is established; the handler
// must not have sent it already), then writes every alert the subscription yields. OK
// when the hub closes; CANCELLED when the call is cancelled or a write fails (the client
// is gone). The synchronous API offers no wake-up on cancellation, hence the polling of
// context.IsCancelled().
absl::Status ServeAlertStream(AlertHub::Subscription& subscription, grpc::ServerContext& context,
                              grpc::ServerWriterInterface<v1::Alert>& writer);

// The same loop with cancellation as a predicate: a grpc::ServerContext cannot be
// cancelled outside a real call, so unit tests drive this form.
absl::Status ServeAlertStream(AlertHub::Subscription& subscription,
                              const std::function<bool()>& cancelled,
                              grpc::ServerWriterInterface<v1::Alert>& writer);

}  // namespace rrmon::monitoring

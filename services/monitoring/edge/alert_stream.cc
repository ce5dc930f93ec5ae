#include "services/monitoring/edge/alert_stream.h"

#include <optional>

namespace rrmon::monitoring {

absl::Status ServeAlertStream(AlertHub::Subscription& subscription, grpc::ServerContext& context,
                              grpc::ServerWriterInterface<v1::Alert>& writer) {
  return ServeAlertStream(
      subscription, [&context] { return context.IsCancelled(); }, writer);
}

absl::Status ServeAlertStream(AlertHub::Subscription& subscription,
                              const std::function<bool()>& cancelled,
                              grpc::ServerWriterInterface<v1::Alert>& writer) {
  if (cancelled()) return absl::CancelledError("the client cancelled the watch");
  writer.SendInitialMetadata();
  while (true) {
    if (cancelled()) return absl::CancelledError("the client cancelled the watch");
    std::optional<v1::Alert> alert = subscription.Next(kAlertStreamPollInterval);
    if (!alert.has_value()) {
      if (subscription.closed()) return absl::OkStatus();
      continue;  // a quiet interval: look at cancellation again
    }
    if (!writer.Write(*alert)) {
      return absl::CancelledError("the client is gone (a write to the stream failed)");
    }
  }
}

}  // namespace rrmon::monitoring

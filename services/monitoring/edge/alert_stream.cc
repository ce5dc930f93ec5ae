#include "services/monitoring/edge/alert_stream.h"

#include <optional>
#include <utility>

#include "common/status/grpc_status.h"

namespace rrmon::monitoring {

AlertPump::AlertPump(std::shared_ptr<AlertHub::Subscription> subscription, Sink& sink)
    : subscription_(std::move(subscription)), sink_(sink) {}

void AlertPump::Start() {
  subscription_->SetListener([this] { Pump(); });
  Pump();
}

void AlertPump::OnWriteDone(bool ok) {
  {
    absl::MutexLock lock(&mu_);
    writing_ = false;
    // A failed write means the client is gone: end rather than write into the void.
    if (!ok) cancelled_ = true;
  }
  Pump();
}

void AlertPump::OnCancel() {
  {
    absl::MutexLock lock(&mu_);
    cancelled_ = true;
  }
  Pump();
}

void AlertPump::Detach() {
  // Unregistering takes the hub's lock, which every call of the listener holds: once the
  // subscription is gone no Publish or Close is still inside Pump.
  subscription_->SetListener(nullptr);
  subscription_.reset();
}

void AlertPump::Pump() {
  absl::Status end;
  const v1::Alert* next = nullptr;
  {
    absl::MutexLock lock(&mu_);
    if (ended_ || writing_) return;
    if (cancelled_) {
      ended_ = true;
      end = absl::CancelledError("the client cancelled the watch");
    } else if (std::optional<v1::Alert> alert = subscription_->Next(absl::ZeroDuration())) {
      current_ = *std::move(alert);
      writing_ = true;
      next = &current_;
    } else if (subscription_->closed()) {
      ended_ = true;
    } else {
      return;  // nothing queued: the listener wakes the pump when something is
    }
  }
  // Outside the lock: the sink may call back (OnWriteDone) before returning. current_ is
  // not touched again until that write is done.
  if (next != nullptr) {
    sink_.Write(*next);
  } else {
    sink_.End(end);
  }
}

AlertStreamReactor::AlertStreamReactor(std::shared_ptr<AlertHub::Subscription> subscription,
                                       std::string error_domain)
    : error_domain_(std::move(error_domain)), pump_(std::move(subscription), *this) {
  // So a client knows the watch is established before the first alert.
  StartSendInitialMetadata();
  pump_.Start();
}

void AlertStreamReactor::End(const absl::Status& status) {
  Finish(ToGrpcStatus(status, error_domain_));
}

void AlertStreamReactor::OnDone() {
  pump_.Detach();
  delete this;
}

}  // namespace rrmon::monitoring

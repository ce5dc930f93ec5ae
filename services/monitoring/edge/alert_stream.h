#pragma once

// The server side of WatchAlerts after the handler has authenticated the caller, checked
// its region and subscribed, without a thread per stream: the stream is a reactor of
// gRPC's callback API that writes the next queued alert when the previous write is done
// and is woken by the hub when an alert arrives, so an idle stream costs its queue and
// nothing else.
//
// AlertPump is the logic, free of gRPC so it can be tested with a fake sink;
// AlertStreamReactor connects it to a call.

#include <grpcpp/support/server_callback.h>

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"
#include "services/monitoring/usecases/alert_hub.h"

namespace rrmon::monitoring {

class AlertPump {
 public:
  // Where the alerts go: one write at a time, then one end.
  class Sink {
   public:
    virtual ~Sink() = default;
    // Starts writing `alert` (valid until the write is done); AlertPump::OnWriteDone follows.
    virtual void Write(const v1::Alert& alert) = 0;
    // Ends the stream: OK when the hub closed, CANCELLED when the client went away.
    virtual void End(const absl::Status& status) = 0;
  };

  // `sink` must outlive the pump.
  AlertPump(std::shared_ptr<AlertHub::Subscription> subscription, Sink& sink);

  // Starts listening to the subscription and writes what is already queued.
  void Start();
  // The write started last is done; `ok` is false when the client is gone.
  void OnWriteDone(bool ok) ABSL_LOCKS_EXCLUDED(mu_);
  // The client cancelled (or its deadline passed).
  void OnCancel() ABSL_LOCKS_EXCLUDED(mu_);
  // Unsubscribes. After it returns the hub no longer calls into the pump; call it before
  // destroying the pump, outside any of its callbacks.
  void Detach();

 private:
  // Writes the next alert, or ends the stream, unless a write is under way.
  void Pump() ABSL_LOCKS_EXCLUDED(mu_);

  std::shared_ptr<AlertHub::Subscription> subscription_;
  Sink& sink_;
  absl::Mutex mu_;
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  v1::Alert current_ ABSL_GUARDED_BY(mu_);
};

// One WatchAlerts call. Deletes itself when gRPC is done with it.
class AlertStreamReactor final : public grpc::ServerWriteReactor<v1::Alert>, AlertPump::Sink {
 public:
  // `error_domain` names the ErrorInfo domain of the end status.
  AlertStreamReactor(std::shared_ptr<AlertHub::Subscription> subscription,
                     std::string error_domain);

  void OnWriteDone(bool ok) override { pump_.OnWriteDone(ok); }
  void OnCancel() override { pump_.OnCancel(); }
  void OnDone() override;

 private:
  void Write(const v1::Alert& alert) override { StartWrite(&alert); }
  void End(const absl::Status& status) override;

  const std::string error_domain_;
  AlertPump pump_;
};

// A WatchAlerts call refused before it started (authentication, region, capacity).
class RefusedAlertStream final : public grpc::ServerWriteReactor<v1::Alert> {
 public:
  explicit RefusedAlertStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace rrmon::monitoring

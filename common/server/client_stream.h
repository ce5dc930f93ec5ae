#pragma once

// A client-streaming method on gRPC's callback API (an upload in batches): each message
// is handled through the CallGate (token, role, security log, status mapping) on the
// blocking executor, one at a time and in order, and the next message is read only when
// the previous one is done, so a fast client cannot queue up more than one batch in the
// server. The first failing message finishes the call with its status; the end of the
// stream runs `on_end`, whose status finishes it.
//
//   return ServeClientStream<v1::ImportRequest>(gate_, context, "Import", response,
//       [state](const auth::Principal& caller, const v1::ImportRequest& batch) {...},
//       [state](const auth::Principal& caller) {...});
//
// The callbacks are copied into the reactor, which lives until the call is done: what
// they share (the upload's state) is owned by them, e.g. through a shared_ptr.

#include <grpcpp/support/server_callback.h>

#include <functional>
#include <utility>

#include "common/server/call_gate.h"

namespace rrmon {

template <typename Request>
class ClientStreamReactor final : public grpc::ServerReadReactor<Request> {
 public:
  using OnMessage = std::function<absl::Status(const auth::Principal&, const Request&)>;
  using OnEnd = std::function<absl::Status(const auth::Principal&)>;

  ClientStreamReactor(const CallGate& gate, grpc::CallbackServerContext* context,
                      const char* method, OnMessage on_message, OnEnd on_end)
      : gate_(gate),
        context_(context),
        method_(method),
        on_message_(std::move(on_message)),
        on_end_(std::move(on_end)) {
    this->StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (ok) {
      Run([this](const auth::Principal& caller) { return on_message_(caller, request_); },
          /*last=*/false);
    } else if (context_->IsCancelled()) {
      this->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the upload was cancelled"));
    } else {
      Run([this](const auth::Principal& caller) { return on_end_(caller); }, /*last=*/true);
    }
  }

  void OnDone() override { delete this; }

 private:
  // Runs `body` through the gate on the executor; then reads on, or finishes.
  template <typename Body>
  void Run(Body body, bool last) {
    auto work = [this, body = std::move(body), last]() mutable {
      const grpc::Status status = gate_.Handle(context_, method_, body);
      if (!status.ok() || last) {
        this->Finish(status);
      } else {
        this->StartRead(&request_);
      }
    };
    BlockingExecutor* executor = gate_.executor();
    if (executor == nullptr) {
      work();
    } else if (!executor->Submit(std::move(work))) {
      this->Finish(gate_.Busy());
    }
  }

  const CallGate& gate_;
  grpc::CallbackServerContext* const context_;
  const char* const method_;
  OnMessage on_message_;
  OnEnd on_end_;
  Request request_;
};

// The reactor of one call of a client-streaming method (gRPC deletes it when done).
template <typename Request>
grpc::ServerReadReactor<Request>* ServeClientStream(
    const CallGate& gate, grpc::CallbackServerContext* context, const char* method,
    typename ClientStreamReactor<Request>::OnMessage on_message,
    typename ClientStreamReactor<Request>::OnEnd on_end) {
  return new ClientStreamReactor<Request>(gate, context, method, std::move(on_message),
                                          std::move(on_end));
}

}  // namespace rrmon

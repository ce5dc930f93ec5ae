#pragma once

// The door every call of a service goes through: authenticate the bearer token, check the
// caller's role against the service's table of who may call which method, run the
// handler body, write refusals to the security log, and turn the result into a
// grpc::Status (RunHandler). Handlers stay one line of wiring each, and the role table is
// one value per service that start-up checks against the service's descriptor, so a new
// method cannot be served without an entry.

#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "common/auth/authorizer.h"
#include "common/auth/principal.h"
#include "common/auth/security_log.h"
#include "common/server/blocking_executor.h"
#include "common/server/handler.h"
#include "google/protobuf/descriptor.h"

namespace rrmon {

// Method name ("GetHousehold") → the roles that may call it.
class MethodRoles {
 public:
  using Entry = std::pair<std::string, std::vector<rrmon::common::v1::Role>>;

  explicit MethodRoles(std::vector<Entry> entries);

  // Null for a method the table does not name.
  const std::vector<rrmon::common::v1::Role>* RolesOf(std::string_view method) const;

  // OK when the table names exactly the methods of `service`: FAILED_PRECONDITION naming
  // the first method without an entry, or the first entry without a method. Checked when
  // a server is created, so a gap is a start-up failure, never a call served unchecked.
  absl::Status CheckCovers(const google::protobuf::ServiceDescriptor& service) const;
  // The same for the service of that full name in the generated descriptor pool.
  absl::Status CheckCovers(std::string_view service_full_name) const;

 private:
  absl::flat_hash_map<std::string, std::vector<rrmon::common::v1::Role>> roles_;
};

class CallGate {
 public:
  // `service` names the service in the security log ("monitoring"); `error_domain` is the
  // ErrorInfo domain ("monitoring.rrmon"). The authenticator and table must outlive it.
  // `executor` is where Serve runs handler bodies and must outlive the gate's calls;
  // without one, Serve runs them on gRPC's thread (tests of the gate alone).
  CallGate(std::string service, std::string error_domain, const auth::Authenticator& authenticator,
           const MethodRoles& roles, BlockingExecutor* executor = nullptr)
      : service_(std::move(service)),
        error_domain_(std::move(error_domain)),
        authenticator_(authenticator),
        roles_(roles),
        executor_(executor) {}

  // Runs `body(const auth::Principal&) -> absl::Status` for an authenticated caller whose
  // role the table allows for `method`.
  template <typename Body>
  grpc::Status Handle(grpc::ServerContextBase* context, const char* method, Body&& body) const {
    return RunHandler(error_domain_, method, [&]() -> absl::Status {
      absl::StatusOr<auth::Principal> caller =
          authenticator_.Authenticate(context->client_metadata());
      if (!caller.ok()) {
        auth::LogIfRefused(service_, method, nullptr, caller.status());
        return caller.status();
      }
      absl::Status status = Admit(*caller, method);
      if (status.ok()) status = body(*caller);
      auth::LogIfRefused(service_, method, &*caller, status);
      return status;
    });
  }

  // Handle for a unary method of gRPC's callback API: the body runs on the executor,
  // never on gRPC's own threads, and its status finishes the call. `body` must capture
  // what it uses by value (the request and response pointers stay valid until then). A
  // call cancelled while it waited for a thread is not run; a full queue is
  // RESOURCE_EXHAUSTED.
  template <typename Body>
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const char* method,
                                  Body body) const {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    if (executor_ == nullptr) {
      reactor->Finish(Handle(context, method, body));
      return reactor;
    }
    const bool queued =
        executor_->Submit([this, context, method, reactor, body = std::move(body)]() mutable {
          if (context->IsCancelled()) {
            reactor->Finish(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled while queued"));
            return;
          }
          reactor->Finish(Handle(context, method, body));
        });
    if (!queued) reactor->Finish(Busy());
    return reactor;
  }

  // Serve with a fast path: `fast(const auth::Principal&) -> std::optional<absl::Status>`
  // runs first on gRPC's thread and must not block (no storage, no network: an answer
  // from what the process holds). When it answers, that finishes the call there, with
  // no hand-off to the executor; std::nullopt sends the call on to `body` as Serve does.
  // Authentication and the role check run before `fast`, so a refusal never waits.
  template <typename Fast, typename Body>
  grpc::ServerUnaryReactor* Serve(grpc::CallbackServerContext* context, const char* method,
                                  Fast fast, Body body) const {
    bool answered = false;
    const grpc::Status status =
        Handle(context, method, [&](const auth::Principal& caller) -> absl::Status {
          std::optional<absl::Status> quick = fast(caller);
          if (!quick.has_value()) return absl::OkStatus();
          answered = true;
          return *std::move(quick);
        });
    if (answered || !status.ok()) {
      grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
      reactor->Finish(status);
      return reactor;
    }
    return Serve(context, method, std::move(body));
  }

  // Where Serve runs handler bodies; null runs them on gRPC's thread.
  BlockingExecutor* executor() const { return executor_; }

 private:
  // PERMISSION_DENIED (ROLE_NOT_ALLOWED) unless the table lets the caller's role call
  // `method`; a method missing from the table is refused to everyone.
  absl::Status Admit(const auth::Principal& caller, const char* method) const;

 public:
  // RESOURCE_EXHAUSTED: the executor's queue is full.
  grpc::Status Busy() const;

 private:
  const std::string service_;
  const std::string error_domain_;
  const auth::Authenticator& authenticator_;
  const MethodRoles& roles_;
  BlockingExecutor* const executor_;
};

}  // namespace rrmon

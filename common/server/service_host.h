#pragma once

// Runs a service's gRPC server with what every rrmon service needs: grpc.health.v1
// with a status per service (NOT_SERVING once shutdown begins), server reflection,
// go-grpc-prometheus metrics with an exposer on its own port, TLS when configured,
// and a graceful shutdown that drains in-flight calls within a deadline.
//
// Handlers use the synchronous API with a bounded thread pool: every handler blocks on
// SQLite, libpq or hiredis, and blocking work on callback-API threads stalls the server
// (see docs/architecture.md for the measurement behind this choice).

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "common/metrics/grpc_server_metrics.h"
#include "common/metrics/metrics_exposer.h"
#include "common/server/blocking_executor.h"
#include "prometheus/registry.h"

namespace rrmon {

// The largest header block a call may carry (GRPC_ARG_MAX_METADATA_SIZE).
inline constexpr int kMaxMetadataBytes = 64 * 1024;

struct TlsOptions {
  std::string cert_file;       // PEM certificate chain; TLS is on when set.
  std::string key_file;        // PEM private key.
  std::string client_ca_file;  // When set, clients must present a certificate it signed (mTLS).
};

struct ServerOptions {
  std::string service_name;                    // "monitoring": logs and the error domain.
  std::string grpc_listen = "127.0.0.1:0";     // host:port; port 0 picks a free port.
  std::string metrics_listen = "127.0.0.1:0";  // empty: no /metrics endpoint (tests)
  TlsOptions tls;
  // Plaintext is refused on anything but loopback unless this is set (e.g. a mesh
  // sidecar provides mTLS).
  bool allow_plaintext_non_loopback = false;
  // Upper bound on handler threads. gRPC's sync server answers RESOURCE_EXHAUSTED to a
  // call that finds no thread, so this must exceed the expected concurrent calls.
  int max_threads = 128;
  // Handler threads kept waiting for calls when idle. gRPC's default (2) ends every other
  // thread when its call is done and starts a new one for the next: under load the
  // server spent a fifth of its CPU creating and tearing down threads (docs/performance.md).
  int idle_threads = 32;
  // Threads that run handler bodies of the callback API (BlockingExecutor), and how many
  // calls may wait for one before new calls get RESOURCE_EXHAUSTED.
  int handler_threads = 16;
  size_t max_queued_calls = 4096;
  absl::Duration drain_timeout = absl::Seconds(10);
  int max_message_bytes = 4 * 1024 * 1024;
};

class ServiceHost {
 public:
  explicit ServiceHost(ServerOptions options);
  ~ServiceHost();
  ServiceHost(const ServiceHost&) = delete;
  ServiceHost& operator=(const ServiceHost&) = delete;

  // The registry every component of the service adds its metrics to.
  prometheus::Registry& registry() { return *registry_; }
  std::shared_ptr<prometheus::Registry> shared_registry() { return registry_; }

  // Registers a service before Start() under its full name (e.g.
  // Foo::service_full_name()): the health status name, and the key to its descriptor for
  // the metrics of each method.
  void AddService(grpc::Service* service, absl::string_view full_name);

  // Binds, starts serving and marks every service SERVING.
  absl::Status Start();

  int grpc_port() const { return grpc_port_; }
  int metrics_port() const { return metrics_ != nullptr ? metrics_->port() : 0; }
  // "127.0.0.1:50051" with the real port.
  std::string grpc_address() const;

  // Marks every service NOT_SERVING, stops accepting calls and waits for in-flight
  // calls up to drain_timeout, then cancels what remains. Idempotent.
  void Shutdown();

  // Blocks until the server has shut down.
  void Wait();

  grpc::Server* server() { return server_.get(); }

  // Where the services' handlers run their blocking work (CallGate::Serve).
  BlockingExecutor& executor() { return executor_; }

 private:
  ServerOptions options_;
  std::shared_ptr<prometheus::Registry> registry_;
  GrpcServerMetrics grpc_metrics_;
  // Before server_: destroyed after it, once no call can submit work any more.
  BlockingExecutor executor_;
  std::unique_ptr<MetricsExposer> metrics_;
  std::vector<std::pair<grpc::Service*, std::string>> services_;
  std::unique_ptr<grpc::Server> server_;
  int grpc_port_ = 0;
  bool shut_down_ = false;
};

}  // namespace rrmon

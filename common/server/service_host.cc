#include "common/server/service_host.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>

#include <algorithm>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/config/read_file.h"
#include "common/log/log.h"
#include "common/net/address.h"
#include "common/server/malformed_request.h"

namespace rrmon {
namespace {

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeCredentials(
    const ServerOptions& options) {
  if (options.tls.cert_file.empty()) {
    if (!net::IsLoopbackAddress(options.grpc_listen) && !options.allow_plaintext_non_loopback) {
      return absl::FailedPreconditionError(absl::StrCat(
          "refusing plaintext gRPC on non-loopback address ", options.grpc_listen,
          ": configure TLS (tls.cert_file, tls.key_file) or allow plaintext explicitly"));
    }
    return grpc::InsecureServerCredentials();
  }
  grpc::SslServerCredentialsOptions ssl;
  auto cert = ReadFileContents(options.tls.cert_file, "tls.cert_file");
  if (!cert.ok()) return cert.status();
  auto key = ReadFileContents(options.tls.key_file, "tls.key_file");
  if (!key.ok()) return key.status();
  ssl.pem_key_cert_pairs.push_back({*key, *cert});
  if (!options.tls.client_ca_file.empty()) {
    auto ca = ReadFileContents(options.tls.client_ca_file, "tls.client_ca_file");
    if (!ca.ok()) return ca.status();
    ssl.pem_root_certs = *ca;
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

ServiceHost::ServiceHost(ServerOptions options)
    : options_(std::move(options)),
      registry_(std::make_shared<prometheus::Registry>()),
      grpc_metrics_(*registry_),
      executor_(options_.handler_threads, options_.max_queued_calls) {
  // The health and reflection services are not linked as descriptors; name them here
  // so their series exist up front like the others.
  grpc_metrics_.RegisterMethod("/grpc.health.v1.Health/Check", "unary");
  grpc_metrics_.RegisterMethod("/grpc.health.v1.Health/Watch", "server_stream");
  grpc_metrics_.RegisterMethod("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
                               "bidi_stream");
}

ServiceHost::~ServiceHost() {
  Shutdown();
  Wait();
}

void ServiceHost::AddService(grpc::Service* service, absl::string_view full_name) {
  services_.emplace_back(service, std::string(full_name));
  const auto* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(std::string(full_name));
  if (descriptor != nullptr) grpc_metrics_.RegisterService(*descriptor);
}

absl::Status ServiceHost::Start() {
  auto credentials = MakeCredentials(options_);
  if (!credentials.ok()) return credentials.status();

  // No listen address, no endpoint: for tests that read no metrics, where the HTTP
  // server's shutdown (up to 2 s, civetweb's poll quantum) would dominate their run time.
  if (!options_.metrics_listen.empty()) {
    auto exposer = MetricsExposer::Start(options_.metrics_listen, registry_);
    if (!exposer.ok()) return exposer.status();
    metrics_ = std::move(*exposer);
  }

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  grpc::ServerBuilder builder;
  builder.AddListeningPort(options_.grpc_listen, *credentials, &grpc_port_);
  // gRPC sets SO_REUSEPORT by default: a second server on a taken port would start and
  // silently share its traffic instead of failing.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  for (auto& [service, name] : services_) builder.RegisterService(service);

  grpc::ResourceQuota quota(absl::StrCat("rrmon-", options_.service_name));
  quota.SetMaxThreads(options_.max_threads);
  builder.SetResourceQuota(quota);
  builder.SetSyncServerOption(grpc::ServerBuilder::SyncServerOption::MAX_POLLERS,
                              std::min(options_.idle_threads, options_.max_threads));
  builder.SetMaxReceiveMessageSize(options_.max_message_bytes);
  // gRPC core drops the whole HTTP/2 connection when a call's headers pass this limit
  // (8 KiB by default), ending every stream on it. Far above the auth layer's own bound
  // on a token (4 KiB), an oversize token is one call's UNAUTHENTICATED instead.
  builder.AddChannelArgument(GRPC_ARG_MAX_METADATA_SIZE, kMaxMetadataBytes);
  builder.SetMaxSendMessageSize(options_.max_message_bytes);
  // Keepalive: detect dead township links instead of holding their calls forever.
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIME_MS, 60'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 20'000);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_MIN_RECV_PING_INTERVAL_WITHOUT_DATA_MS, 10'000);
  builder.AddChannelArgument(GRPC_ARG_KEEPALIVE_PERMIT_WITHOUT_CALLS, 1);

  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> factories;
  // First, so the status it corrects is the one the metrics count.
  InstallProtobufLogHandler();
  factories.push_back(
      MakeMalformedRequestInterceptorFactory(absl::StrCat(options_.service_name, ".rrmon")));
  factories.push_back(grpc_metrics_.MakeInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(factories));

  server_ = builder.BuildAndStart();
  if (server_ == nullptr || grpc_port_ == 0) {
    server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot serve gRPC on ", options_.grpc_listen, " (address in use?)"));
  }
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus(true);
  for (const auto& [service, name] : services_) health->SetServingStatus(name, true);
  LogInfo(options_.service_name, "serving",
          {{"grpc", grpc_address()}, {"metrics_port", std::to_string(metrics_port())}});
  return absl::OkStatus();
}

std::string ServiceHost::grpc_address() const {
  std::string host = options_.grpc_listen;
  if (const size_t colon = host.rfind(':'); colon != std::string::npos) host.resize(colon);
  return absl::StrCat(host, ":", grpc_port_);
}

void ServiceHost::Shutdown() {
  if (server_ == nullptr || shut_down_) return;
  shut_down_ = true;
  auto* health = server_->GetHealthCheckService();
  health->SetServingStatus(false);
  for (const auto& [service, name] : services_) health->SetServingStatus(name, false);
  LogInfo(options_.service_name, "draining",
          {{"deadline", absl::FormatDuration(options_.drain_timeout)}});
  server_->Shutdown(absl::ToChronoTime(absl::Now() + options_.drain_timeout));
}

void ServiceHost::Wait() {
  if (server_ != nullptr) server_->Wait();
}

}  // namespace rrmon

#include "common/metrics/grpc_server_metrics.h"

#include <chrono>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/metrics/metrics_exposer.h"

namespace rrmon {
namespace {

constexpr absl::string_view kUnknown = "unknown";

absl::string_view GrpcTypeOf(const google::protobuf::MethodDescriptor& method) {
  if (method.client_streaming() && method.server_streaming()) return "bidi_stream";
  if (method.client_streaming()) return "client_stream";
  if (method.server_streaming()) return "server_stream";
  return "unary";
}

absl::string_view GrpcTypeOf(grpc::experimental::ServerRpcInfo::Type type) {
  using Type = grpc::experimental::ServerRpcInfo::Type;
  switch (type) {
    case Type::UNARY:
      return "unary";
    case Type::CLIENT_STREAMING:
      return "client_stream";
    case Type::SERVER_STREAMING:
      return "server_stream";
    case Type::BIDI_STREAMING:
      return "bidi_stream";
  }
  return kUnknown;
}

// Records one call: started on creation, messages as they pass, handled with the
// code and elapsed time when the status is sent.
class MetricsInterceptor final : public grpc::experimental::Interceptor {
 public:
  explicit MetricsInterceptor(GrpcServerMetrics::MethodSeries& series)
      : series_(series), start_(std::chrono::steady_clock::now()) {
    series_.started->Increment();
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      series_.received->Increment();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      series_.sent->Increment();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      size_t code = static_cast<size_t>(status.error_code());
      if (code >= series_.handled.size()) code = static_cast<size_t>(grpc::StatusCode::UNKNOWN);
      series_.handled[code]->Increment();
      const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start_;
      series_.handling_seconds->Observe(elapsed.count());
    }
    methods->Proceed();
  }

 private:
  GrpcServerMetrics::MethodSeries& series_;
  std::chrono::steady_clock::time_point start_;
};

class MetricsInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit MetricsInterceptorFactory(GrpcServerMetrics& metrics) : metrics_(metrics) {}

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    const absl::string_view type = GrpcTypeOf(info->type());
    return new MetricsInterceptor(metrics_.ForMethod(info->method(), type));
  }

 private:
  GrpcServerMetrics& metrics_;
};

}  // namespace

absl::string_view GrpcCodeLabel(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "Canceled";
    case grpc::StatusCode::UNKNOWN:
      return "Unknown";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "InvalidArgument";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DeadlineExceeded";
    case grpc::StatusCode::NOT_FOUND:
      return "NotFound";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "AlreadyExists";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PermissionDenied";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "ResourceExhausted";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FailedPrecondition";
    case grpc::StatusCode::ABORTED:
      return "Aborted";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OutOfRange";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "Unimplemented";
    case grpc::StatusCode::INTERNAL:
      return "Internal";
    case grpc::StatusCode::UNAVAILABLE:
      return "Unavailable";
    case grpc::StatusCode::DATA_LOSS:
      return "DataLoss";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "Unauthenticated";
    default:
      return "Unknown";
  }
}

GrpcServerMetrics::GrpcServerMetrics(prometheus::Registry& registry)
    : started_(prometheus::BuildCounter()
                   .Name("grpc_server_started_total")
                   .Help("Total number of RPCs started on the server.")
                   .Register(registry)),
      handled_(prometheus::BuildCounter()
                   .Name("grpc_server_handled_total")
                   .Help("Total number of RPCs completed on the server, regardless of success "
                         "or failure.")
                   .Register(registry)),
      received_(prometheus::BuildCounter()
                    .Name("grpc_server_msg_received_total")
                    .Help("Total number of RPC stream messages received on the server.")
                    .Register(registry)),
      sent_(prometheus::BuildCounter()
                .Name("grpc_server_msg_sent_total")
                .Help("Total number of gRPC stream messages sent by the server.")
                .Register(registry)),
      handling_seconds_(prometheus::BuildHistogram()
                            .Name("grpc_server_handling_seconds")
                            .Help("Histogram of response latency (seconds) of gRPC that had "
                                  "been application-level handled by the server.")
                            .Register(registry)) {}

void GrpcServerMetrics::RegisterService(const google::protobuf::ServiceDescriptor& service) {
  for (int i = 0; i < service.method_count(); ++i) {
    const auto& method = *service.method(i);
    RegisterMethod(absl::StrCat("/", service.full_name(), "/", method.name()), GrpcTypeOf(method));
  }
}

void GrpcServerMetrics::RegisterMethod(absl::string_view full_method, absl::string_view grpc_type) {
  std::string path(full_method);
  const size_t slash = path.rfind('/');
  if (path.size() < 3 || path.front() != '/' || slash == 0 || slash == std::string::npos) return;
  absl::MutexLock lock(&mu_);
  if (by_method_.contains(path)) return;
  Create(path, grpc_type, absl::string_view(path).substr(1, slash - 1),
         absl::string_view(path).substr(slash + 1));
}

GrpcServerMetrics::MethodSeries& GrpcServerMetrics::Create(const std::string& key,
                                                           absl::string_view grpc_type,
                                                           absl::string_view service,
                                                           absl::string_view method) {
  auto series = std::make_unique<MethodSeries>();
  const prometheus::Labels labels = {{"grpc_type", std::string(grpc_type)},
                                     {"grpc_service", std::string(service)},
                                     {"grpc_method", std::string(method)}};
  series->started = &started_.Add(labels);
  series->received = &received_.Add(labels);
  series->sent = &sent_.Add(labels);
  series->handling_seconds = &handling_seconds_.Add(labels, LatencyBucketsSeconds());
  for (size_t code = 0; code < series->handled.size(); ++code) {
    prometheus::Labels with_code = labels;
    with_code.emplace("grpc_code", std::string(GrpcCodeLabel(static_cast<grpc::StatusCode>(code))));
    series->handled[code] = &handled_.Add(with_code);
  }
  auto& result = *series;
  by_method_.emplace(key, std::move(series));
  return result;
}

GrpcServerMetrics::MethodSeries& GrpcServerMetrics::ForMethod(absl::string_view full_method,
                                                              absl::string_view grpc_type) {
  {
    absl::ReaderMutexLock lock(&mu_);
    if (auto it = by_method_.find(full_method); it != by_method_.end()) return *it->second;
  }
  const std::string unknown_key = absl::StrCat(kUnknown, "/", grpc_type);
  absl::MutexLock lock(&mu_);
  if (auto it = by_method_.find(unknown_key); it != by_method_.end()) return *it->second;
  return Create(unknown_key, grpc_type, kUnknown, kUnknown);
}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
GrpcServerMetrics::MakeInterceptorFactory() {
  return std::make_unique<MetricsInterceptorFactory>(*this);
}

}  // namespace rrmon

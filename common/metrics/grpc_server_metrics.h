#pragma once

// gRPC server metrics with the names and labels of go-grpc-prometheus, which the
// dashboards and alert rules already expect:
//   grpc_server_started_total{grpc_type,grpc_service,grpc_method}
//   grpc_server_handled_total{grpc_type,grpc_service,grpc_method,grpc_code}
//   grpc_server_msg_received_total / grpc_server_msg_sent_total{grpc_type,grpc_service,grpc_method}
//   grpc_server_handling_seconds{grpc_type,grpc_service,grpc_method} (buckets from 100 µs)
// Series for every method of a registered service and every code are created up front,
// so rates and ratios exist before the first error happens.

#include <grpcpp/support/server_interceptor.h>

#include <array>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "google/protobuf/descriptor.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace rrmon {

// "NotFound" style names, as go-grpc-prometheus writes grpc_code.
absl::string_view GrpcCodeLabel(grpc::StatusCode code);

class GrpcServerMetrics {
 public:
  // One method's series, resolved once: recording a call does no label lookups.
  struct MethodSeries {
    prometheus::Counter* started = nullptr;
    prometheus::Counter* received = nullptr;
    prometheus::Counter* sent = nullptr;
    prometheus::Histogram* handling_seconds = nullptr;
    std::array<prometheus::Counter*, 17> handled{};  // by grpc::StatusCode
  };

  explicit GrpcServerMetrics(prometheus::Registry& registry);

  // Creates the series of every method of `service`.
  void RegisterService(const google::protobuf::ServiceDescriptor& service);
  // For services whose descriptor is not linked in (health, reflection).
  void RegisterMethod(absl::string_view full_method /* "/pkg.Service/Method" */,
                      absl::string_view grpc_type /* unary, server_stream, ... */);

  // Series of a method by its path; methods never registered share one "unknown"
  // series so a client probing names cannot grow the label set.
  MethodSeries& ForMethod(absl::string_view full_method, absl::string_view grpc_type);

  // The interceptor factory to hand to grpc::ServerBuilder.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> MakeInterceptorFactory();

 private:
  MethodSeries& Create(const std::string& full_method, absl::string_view grpc_type,
                       absl::string_view service, absl::string_view method)
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  prometheus::Family<prometheus::Counter>& started_;
  prometheus::Family<prometheus::Counter>& handled_;
  prometheus::Family<prometheus::Counter>& received_;
  prometheus::Family<prometheus::Counter>& sent_;
  prometheus::Family<prometheus::Histogram>& handling_seconds_;

  absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::unique_ptr<MethodSeries>> by_method_ ABSL_GUARDED_BY(mu_);
};

}  // namespace rrmon

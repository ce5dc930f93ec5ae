#pragma once

// Serves a Prometheus registry over HTTP (`/metrics`) on its own port, separate from
// gRPC so scraping never competes with API traffic for a port or a thread.

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "prometheus/exposer.h"
#include "prometheus/registry.h"

namespace rrmon {

class MetricsExposer {
 public:
  // `listen_address` is "host:port"; port 0 picks a free port. A taken port or a bad
  // address is an error, not an exception.
  static absl::StatusOr<std::unique_ptr<MetricsExposer>> Start(
      const std::string& listen_address, const std::shared_ptr<prometheus::Registry>& registry);

  int port() const { return port_; }

 private:
  MetricsExposer(std::unique_ptr<prometheus::Exposer> exposer, int port)
      : exposer_(std::move(exposer)), port_(port) {}

  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_;
};

// Histogram buckets in seconds from 100 µs to 10 s, roughly ×2.5 per step, for
// request handling and storage/cache latencies.
const std::vector<double>& LatencyBucketsSeconds();

}  // namespace rrmon

#pragma once

// A gRPC server on loopback for the client tests: a monitoring service whose GetHousehold
// answers with scripted statuses, so retries, deadlines and the breaker are seen over a
// real channel.

#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <deque>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"

namespace rrmon::testing {

class ScriptedMonitoring final : public monitoring::v1::MonitoringService::Service {
 public:
  // The statuses the next calls answer, in order; OK once they run out.
  void Script(std::deque<grpc::Status> answers) {
    absl::MutexLock lock(&mu_);
    answers_ = std::move(answers);
  }
  int calls() const {
    absl::MutexLock lock(&mu_);
    return calls_;
  }
  std::string last_authorization() const {
    absl::MutexLock lock(&mu_);
    return last_authorization_;
  }

  grpc::Status GetHousehold(grpc::ServerContext* context,
                            const monitoring::v1::GetHouseholdRequest* request,
                            monitoring::v1::Household* response) override {
    absl::MutexLock lock(&mu_);
    ++calls_;
    auto auth = context->client_metadata().find("authorization");
    last_authorization_ = auth == context->client_metadata().end()
                              ? std::string()
                              : std::string(auth->second.data(), auth->second.size());
    response->set_name(request->name());
    if (answers_.empty()) return grpc::Status::OK;
    grpc::Status answer = answers_.front();
    answers_.pop_front();
    return answer;
  }

 private:
  mutable absl::Mutex mu_;
  std::deque<grpc::Status> answers_ ABSL_GUARDED_BY(mu_);
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
  std::string last_authorization_ ABSL_GUARDED_BY(mu_);
};

class TestServer {
 public:
  explicit TestServer(
      std::shared_ptr<grpc::ServerCredentials> credentials = grpc::InsecureServerCredentials()) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", std::move(credentials), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
  }
  ~TestServer() { Stop(); }

  bool started() const { return server_ != nullptr && port_ > 0; }
  int port() const { return port_; }
  ScriptedMonitoring& service() { return service_; }
  void Stop() {
    if (server_ != nullptr) {
      server_->Shutdown();
      server_->Wait();
      server_.reset();
    }
  }

 private:
  ScriptedMonitoring service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

}  // namespace rrmon::testing

#pragma once

// A real monitoring server for integration tests: in-process on 127.0.0.1 port 0, a
// fresh SQLite file, a real Redis started for the test, real tokens signed by a key
// made for the test, and a stub talking real gRPC over loopback.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "common/auth/principal.h"
#include "common/auth/token.h"
#include "common/time/clock.h"
#include "rrmon/monitoring/v1/monitoring_service.grpc.pb.h"
#include "services/monitoring/monitoring_server.h"
#include "tests/support/redis_server.h"
#include "tests/support/temp_dir.h"

namespace rrmon::monitoring::testing {

using rrmon::common::v1::Role;

// Lines for the test years, in the format of deploy/config/monitoring-lines.txt: the
// whole of Xinjiang, and a higher line of Tacheng prefecture that must win there. The
// env's clock starts on 2026-06-15, inside these years whatever the calendar says.
inline constexpr char kTestMonitoringLines[] =
    "2025 65 6800\n2026 65 7000\n2027 65 7200\n2028 65 7400\n"
    "2026 6542 7300\n2027 6542 7600\n2028 6542 7900\n";

struct EnvOptions {
  bool with_redis = true;
  std::string monitoring_lines = kTestMonitoringLines;
  size_t max_alert_streams = 32;
  // Serve /metrics. Off unless a test reads it: the HTTP server takes up to 2 s to stop.
  bool with_metrics_endpoint = false;
  // Off here, so the statistics tests can read small fixtures as analysts; the server's
  // own default is 5.
  int32_t analyst_min_cell_size = 1;
  // How long a household may stay in a server's in-process cache tier.
  absl::Duration local_cache_ttl = absl::Seconds(5);
  // When set, monitoring asks an employment service on 127.0.0.1 at this port for wage
  // income, with a service token this env signs.
  int employment_peer_port = 0;
};

class MonitoringTestEnv {
 public:
  static std::unique_ptr<MonitoringTestEnv> Start(EnvOptions options = {});
  ~MonitoringTestEnv();

  v1::MonitoringService::Stub& stub() { return *stub_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }
  MonitoringServer& server() { return *server_; }

  // A second server on the same database file, Redis, keys and clock, as another replica
  // of the service behind a load balancer would be; started, on a port of its own.
  std::unique_ptr<MonitoringServer> StartReplica() const;
  rrmon::testing::RedisServer* redis() { return redis_.get(); }
  FakeClock& clock() { return clock_; }
  const std::string& database_path() const { return database_path_; }
  // The public key the server trusts; a peer service started beside it trusts it too.
  const std::string& public_key_file() const { return settings_.auth_public_key_file; }
  // The actions of the audit rows written for `resource` exactly, oldest first, read
  // from the database file.
  std::vector<std::string> AuditActionsOf(const std::string& resource) const;

  // A token for the role and region, valid for an hour from the server's clock.
  std::string Token(Role role, const std::string& region_prefix,
                    const std::string& subject = "tester") const;
  // A token signed by this env's key with any expiry (for expiry tests).
  std::string TokenExpiringAt(Role role, const std::string& region_prefix,
                              absl::Time expire_time) const;
  // Soft-deletes `household` as a township officer of its county (reason 重复登记).
  grpc::Status DeleteHousehold(const std::string& household, const std::string& county = "654201");
  // A token signed by this env's key with exactly these claims, issued at `issued`.
  std::string TokenFor(const auth::Principal& principal, absl::Time issued) const;
  // A context carrying a token for the role and region, with a 10 s deadline.
  std::unique_ptr<grpc::ClientContext> Context(Role role, const std::string& region_prefix) const;
  std::unique_ptr<grpc::ClientContext> ContextWithToken(const std::string& token) const;

 private:
  MonitoringTestEnv();

  rrmon::testing::TempDir dir_;
  FakeClock clock_;
  std::unique_ptr<rrmon::testing::RedisServer> redis_;
  std::unique_ptr<auth::TokenSigner> signer_;
  std::unique_ptr<MonitoringServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::MonitoringService::Stub> stub_;
  std::string database_path_;
  MonitoringSettings settings_;
};

// What completing a case's `step` takes: fills `request` with the step's evidence (the
// home visit today with a signed authorisation, data matched with 医保 and 民政, a public
// notice from today for five days, after which `env`'s clock moves past its end), with
// `determination()` where the step records one (village review, county approval), and
// returns the role that decides the step.
Role CompleteStepEvidence(MonitoringTestEnv& env, v1::CaseStep step,
                          absl::FunctionRef<v1::Determination()> determination,
                          v1::DecideCaseStepRequest& request);

// A household that passes validation in village 654201001001 (塔城市), with a head and
// a spouse whose ID numbers are unique per `seed`.
v1::Household SampleHousehold(int seed, const std::string& village = "654201001001");

// What a failed call's details say: the fields of its BadRequest, the subjects of its
// PreconditionFailure, the reason of its ErrorInfo.
std::vector<std::string> ViolatedFields(const grpc::Status& status);
std::vector<std::string> PreconditionSubjects(const grpc::Status& status);
std::string ErrorReasonOf(const grpc::Status& status);

}  // namespace rrmon::monitoring::testing

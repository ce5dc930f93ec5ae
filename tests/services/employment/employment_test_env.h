#pragma once

// A real employment server for integration tests, beside a real monitoring server
// (MonitoringTestEnv: in-process, port 0, fresh SQLite, real Redis), both trusting one
// signing key: employment calls monitoring over loopback gRPC with a service token.

#include <grpcpp/grpcpp.h>

#include <memory>
#include <string>

#include "rrmon/employment/v1/employment_service.grpc.pb.h"
#include "services/employment/employment_server.h"
#include "tests/services/monitoring/monitoring_test_env.h"
#include "tests/support/temp_dir.h"

namespace rrmon::employment::testing {

using rrmon::common::v1::Role;

struct EmploymentEnvOptions {
  // Give employment the monitoring peer (address and token); off: no peer configured.
  bool with_monitoring_peer = true;
};

class EmploymentTestEnv {
 public:
  static std::unique_ptr<EmploymentTestEnv> Start(EmploymentEnvOptions options = {});
  ~EmploymentTestEnv();

  monitoring::testing::MonitoringTestEnv& monitoring() { return *monitoring_; }
  v1::EmploymentService::Stub& stub() { return *stub_; }
  EmploymentServer& server() { return *server_; }
  FakeClock& clock() { return monitoring_->clock(); }
  const std::string& database_path() const { return database_path_; }

  // A token for employment in the role and region, valid for an hour.
  std::string Token(Role role, const std::string& region_prefix) const;
  // A context carrying such a token, with a 10 s deadline.
  std::unique_ptr<grpc::ClientContext> Context(Role role, const std::string& region_prefix) const;

  // Registers monitoring::testing::SampleHousehold(seed, village) at monitoring (a 脱贫户
  // whose head and spouse have ID numbers unique per seed) and returns it as stored.
  monitoring::v1::Household RegisterHousehold(int seed,
                                              const std::string& village = "654201001001");

 private:
  EmploymentTestEnv() = default;

  rrmon::testing::TempDir dir_;
  std::unique_ptr<monitoring::testing::MonitoringTestEnv> monitoring_;
  std::unique_ptr<EmploymentServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::EmploymentService::Stub> stub_;
  std::string database_path_;
};

// A labourer of `village` for CreateLabourer, with the given ID number.
v1::Labourer SampleLabourer(const std::string& id_number,
                            const std::string& village = "654201001001");

// A spell worked in Ürümqi (in the province, outside the home county) from `start`.
v1::JobSpell SampleSpell(const std::string& start, const std::string& end = "");

// A spell worked from `home_village` at `tier`, to a destination that fits the tier, with
// an employer, industry and income; ended (with a reason) when `end` is given.
v1::JobSpell SpellAtTier(const std::string& home_village, v1::PlaceTier tier,
                         const std::string& start, const std::string& end = "",
                         v1::JobForm form = v1::JOB_FORM_ENTERPRISE);

}  // namespace rrmon::employment::testing

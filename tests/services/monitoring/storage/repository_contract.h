#pragma once

// The contract of the monitoring repositories: what every storage backend must do, stated
// once as tests over the interfaces in services/monitoring/usecases/, and run against each
// backend registered in MonitoringBackends(). A new backend (PostgreSQL) adds itself
// there and must pass the same assertions unchanged.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/api/audit_record.h"
#include "common/api/etag.h"
#include "rrmon/monitoring/v1/household.pb.h"
#include "services/monitoring/usecases/case_repository.h"
#include "services/monitoring/usecases/household_repository.h"
#include "services/monitoring/usecases/plan_repository.h"

namespace rrmon::monitoring::contract {

// One backend's repositories over one fresh, empty database.
class MonitoringStore {
 public:
  virtual ~MonitoringStore() = default;
  virtual HouseholdRepository& households() = 0;
  virtual CaseRepository& cases() = 0;
  virtual PlanRepository& plans() = 0;
};

struct MonitoringBackend {
  std::string name;  // a test-name suffix: letters and digits
  std::function<std::unique_ptr<MonitoringStore>()> open;
};

// Every backend the contract runs against.
std::vector<MonitoringBackend> MonitoringBackends();

class RepositoryContractTest : public ::testing::TestWithParam<MonitoringBackend> {
 protected:
  void SetUp() override {
    store_ = GetParam().open();
    ASSERT_NE(store_, nullptr);
  }
  HouseholdRepository& households() { return store_->households(); }
  CaseRepository& cases() { return store_->cases(); }
  PlanRepository& plans() { return store_->plans(); }

 private:
  std::unique_ptr<MonitoringStore> store_;
};

inline std::string BackendName(const ::testing::TestParamInfo<MonitoringBackend>& info) {
  return info.param.name;
}

// A household as the registry would hand it to storage: named, in `region_code`, at
// `revision`, with one member per ID number given.
v1::Household MakeHousehold(const std::string& id, const std::string& region_code,
                            const std::vector<std::string>& id_numbers, int64_t revision = 1);

AuditRecord MakeAudit(const std::string& action, const std::string& resource);

inline constexpr absl::Time kWriteTime = absl::FromUnixSeconds(1'781'481'600);  // 2026-06-15

// A household stored through `repository`, for the suites that need one to exist.
v1::Household StoreHousehold(HouseholdRepository& repository, const std::string& id,
                             const std::string& region_code);

}  // namespace rrmon::monitoring::contract

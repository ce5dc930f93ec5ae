// The employment service: labourers, job spells and the employment of poverty-alleviated
// labour.
//
//   rrmon-employment [--config FILE] [--print-config]
//
// Settings come from FILE (`key = value` lines) and RRMON_EMPLOYMENT_* variables.

#include "common/server/service_main.h"
#include "services/employment/employment_server.h"

int main(int argc, char** argv) {
  using namespace rrmon::employment;
  return rrmon::RunServiceMain<EmploymentSettings, EmploymentServer>(
      argc, argv, "employment", EmploymentConfigKeys(), kEmploymentEnvPrefix,
      EmploymentSettingsFromConfig);
}

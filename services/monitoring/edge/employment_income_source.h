#pragma once

// Wage income from the employment service, for the assessment: EmploymentService.
// GetHouseholdWageIncome through the peer client. When employment cannot answer in time,
// or knows nothing of the household, the figure is left out and the reason given, so the
// assessment uses the declared wage and says why.

#include <memory>

#include "absl/time/time.h"
#include "common/client/peer_client.h"
#include "rrmon/employment/v1/employment_service.grpc.pb.h"
#include "services/monitoring/usecases/peer_income.h"

namespace rrmon::monitoring {

class EmploymentIncomeSource final : public PeerIncomeSource {
 public:
  // `employment` must outlive the source. `budget` bounds each assessment's wait for
  // employment, retries included.
  EmploymentIncomeSource(client::PeerClient& employment, absl::Duration budget);

  PeerIncome IncomeOf(const v1::Household& household, const AssessmentPeriod& period) override;

 private:
  client::PeerClient& employment_;
  const absl::Duration budget_;
  std::unique_ptr<employment::v1::EmploymentService::Stub> stub_;
};

}  // namespace rrmon::monitoring

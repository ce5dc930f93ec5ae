#include "services/monitoring/edge/employment_income_source.h"

#include "absl/time/clock.h"
#include "common/log/log.h"

namespace rrmon::monitoring {

EmploymentIncomeSource::EmploymentIncomeSource(client::PeerClient& employment,
                                               absl::Duration budget)
    : employment_(employment),
      budget_(budget),
      stub_(employment::v1::EmploymentService::NewStub(employment.channel())) {}

PeerIncome EmploymentIncomeSource::IncomeOf(const v1::Household& household,
                                            const AssessmentPeriod& period) {
  employment::v1::GetHouseholdWageIncomeRequest request;
  request.set_household(household.name());
  request.set_start_month(FormatMonth(period.first));
  request.set_end_month(FormatMonth(period.last));
  employment::v1::HouseholdWageIncome income;
  const grpc::Status status = employment_.Call(
      "GetHouseholdWageIncome", client::CallKind::kIdempotent,
      [&](grpc::ClientContext& context) {
        income.Clear();
        return stub_->GetHouseholdWageIncome(&context, request, &income);
      },
      absl::Now() + budget_);
  PeerIncome peer;
  if (status.ok()) {
    peer.wage_fen = income.wage_fen();
  } else if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    peer.wage_fallback = v1::INCOME_FALLBACK_PEER_HAS_NO_RECORD;
  } else {
    LogWarning("monitoring", "employment did not answer; the declared wage is used",
               {{"household", household.name()}, {"status", status.error_message()}});
    peer.wage_fallback = v1::INCOME_FALLBACK_PEER_UNAVAILABLE;
  }
  return peer;
}

}  // namespace rrmon::monitoring

#pragma once

// A household's wage income from its labourers' job spells, for monitoring's assessment
// (GetHouseholdWageIncome): the labourers linked to the household, in the caller's
// region, and what their spells earned over whole months.

#include "absl/status/statusor.h"
#include "common/auth/principal.h"
#include "rrmon/employment/v1/employment_service.pb.h"
#include "services/employment/usecases/labourer_repository.h"

namespace rrmon::employment {

// At most this many months per call: the assessment asks for 12.
inline constexpr int kMaxWageIncomeMonths = 36;

class WageIncomeReader {
 public:
  // `repository` must outlive the reader.
  explicit WageIncomeReader(LabourerRepository& repository) : repository_(repository) {}

  // NOT_FOUND (NO_LABOURERS) when no labourer in the caller's region is linked to the
  // household: employment knows nothing of it, which is not an income of zero.
  absl::StatusOr<v1::HouseholdWageIncome> Read(const auth::Principal& caller,
                                               const v1::GetHouseholdWageIncomeRequest& request);

 private:
  LabourerRepository& repository_;
};

}  // namespace rrmon::employment

#pragma once

// Where the assessment gets the income other services know better than a declaration:
// wages from the employment service's job spells, courtyard income from the courtyard
// service. A peer that is down, slow or has no data for the household must not stop an
// assessment: a source answers nullopt and the declared figure is used, and the
// assessment says which source each figure came from (IncomeFactor.source).

#include "rrmon/monitoring/v1/household.pb.h"
#include "services/monitoring/domain/income_assessment.h"

namespace rrmon::monitoring {

class PeerIncomeSource {
 public:
  virtual ~PeerIncomeSource() = default;

  // The peer figures of `household` over `period`; a field is nullopt when its service is
  // unavailable or knows nothing of the household. Never fails, never blocks for longer
  // than the implementation's own deadline.
  virtual PeerIncome IncomeOf(const v1::Household& household, const AssessmentPeriod& period) = 0;
};

// No peer service configured: every figure is the declared one.
class DeclaredIncomeOnly final : public PeerIncomeSource {
 public:
  PeerIncome IncomeOf(const v1::Household&, const AssessmentPeriod&) override { return {}; }
};

}  // namespace rrmon::monitoring

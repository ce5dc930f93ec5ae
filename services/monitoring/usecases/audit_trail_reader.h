#pragma once

// Reading a household's audit trail: the changes of it and of everything it owns, and
// the reads of its personal data, oldest first, a page at a time. Access follows the
// household's current region like every other household record; who may read a trail at
// all is the edge's role table.

#include "absl/status/statusor.h"
#include "common/audit/audit_trail.h"
#include "common/auth/principal.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"
#include "services/monitoring/usecases/household_repository.h"

namespace rrmon::monitoring {

class AuditTrailReader {
 public:
  AuditTrailReader(HouseholdRepository& households, AuditTrailRepository& trail)
      : households_(households), trail_(trail) {}

  // INVALID_ARGUMENT naming parent, page_size or page_token; NOT_FOUND for a household
  // that does not exist or lies outside the caller's region.
  absl::StatusOr<v1::ListAuditEntriesResponse> List(const auth::Principal& caller,
                                                    const v1::ListAuditEntriesRequest& request);

 private:
  HouseholdRepository& households_;
  AuditTrailRepository& trail_;
};

}  // namespace rrmon::monitoring

#include "services/monitoring/usecases/audit_trail_reader.h"

#include <cstdint>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/api/fingerprint.h"
#include "common/api/page_token.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/validation/identifiers.h"
#include "services/monitoring/domain/household_rules.h"
#include "services/monitoring/usecases/household_scope.h"

namespace rrmon::monitoring {
namespace {

// A trail is long (every read is an entry): pages are larger than the lists' default.
constexpr int kDefaultTrailPageSize = 100;

}  // namespace

absl::StatusOr<v1::ListAuditEntriesResponse> AuditTrailReader::List(
    const auth::Principal& caller, const v1::ListAuditEntriesRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string household_id, ParseHouseholdName(request.parent(), "parent"));
  int limit = kDefaultTrailPageSize;
  if (request.page_size() != 0) {
    RRMON_ASSIGN_OR_RETURN(limit, EffectivePageSize(request.page_size()));
  }
  const uint64_t fingerprint = Fingerprint64(absl::StrCat("auditEntries|", request.parent()));
  RRMON_ASSIGN_OR_RETURN(std::string last_key, DecodePageToken(request.page_token(), fingerprint));
  int64_t after_id = 0;
  if (!last_key.empty() && !absl::SimpleAtoi(last_key, &after_id)) {
    return InvalidFieldError("page_token", "is not a token of this list");
  }
  RRMON_RETURN_IF_ERROR(LoadHouseholdInRegion(households_, caller, household_id).status());
  RRMON_ASSIGN_OR_RETURN(AuditTrailPage page,
                         trail_.List(HouseholdName(household_id), after_id, limit));
  v1::ListAuditEntriesResponse response;
  for (auto& entry : page.entries) *response.add_audit_entries() = std::move(entry);
  if (page.more) {
    response.set_next_page_token(EncodePageToken(absl::StrCat(page.last_id), fingerprint));
  }
  return response;
}

}  // namespace rrmon::monitoring

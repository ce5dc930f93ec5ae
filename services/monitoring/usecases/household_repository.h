#pragma once

// Storage of the household registry. The registry treats a household with its members
// as one aggregate: it computes the new state and the repository writes it whole, with
// its audit entry, in one transaction guarded by the household's revision. SQLite (the
// embedded default) implements it; every implementation, PostgreSQL next, must pass the
// repository contract in tests/services/monitoring/storage/.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/api/audit_record.h"
#include "common/api/etag.h"
#include "common/api/request_key.h"
#include "common/storage/page.h"
#include "rrmon/monitoring/v1/household.pb.h"

namespace rrmon::monitoring {

struct WriteResult {
  v1::Household household;    // as stored
  std::string resource_name;  // what the call created, e.g. a member's name
  bool replayed = false;      // an earlier call with the same request id did the work
};

struct HouseholdQuery {
  std::string region_prefix;  // never empty: the caller's region at most
  v1::MonitoringCategory category = v1::MONITORING_CATEGORY_UNSPECIFIED;
  v1::HouseholdStatus status = v1::HOUSEHOLD_STATUS_UNSPECIFIED;
  bool show_deleted = false;
  std::string after_key;  // from a page token; "" for the first page
  int limit = 50;
};

// Households in list order; last_key is the sort key of the last one.
using HouseholdPage = Page<v1::Household>;

struct HouseholdCount {
  std::string county_code;
  v1::MonitoringCategory category;
  v1::HouseholdStatus status;
  int64_t households = 0;
  int64_t people = 0;
};

class HouseholdRepository {
 public:
  virtual ~HouseholdRepository() = default;

  // Stores a new household. With a key seen before (AIP-155), returns the earlier result
  // (replayed) or, when the earlier request differed, INVALID_ARGUMENT on request_id.
  // A member ID number registered in another household is ALREADY_EXISTS
  // (PERSON_ALREADY_REGISTERED). Nothing is stored on an error.
  virtual absl::StatusOr<WriteResult> Insert(const v1::Household& household,
                                             const AuditRecord& audit,
                                             const std::optional<RequestKey>& key,
                                             const std::string& resource_name) = 0;

  // The household with its members, soft-deleted or not; NOT_FOUND otherwise.
  virtual absl::StatusOr<v1::Household> Get(const std::string& household_id) = 0;

  // The earlier result of a request id, if any (checked before recomputing a change).
  virtual absl::StatusOr<std::optional<WriteResult>> FindRequest(const RequestKey& key) = 0;

  // Writes the new state if the stored revision is still `expected_revision` (ABORTED
  // otherwise), replacing the member list.
  virtual absl::StatusOr<WriteResult> Replace(const v1::Household& household,
                                              int64_t expected_revision, const AuditRecord& audit,
                                              const std::optional<RequestKey>& key,
                                              const std::string& resource_name) = 0;

  // The id of the live household (not soft-deleted) a person with this normalised ID
  // number belongs to, if any.
  virtual absl::StatusOr<std::optional<std::string>> FindHouseholdOfPerson(
      const std::string& id_number) = 0;

  // Households in region-code order, then by id.
  virtual absl::StatusOr<HouseholdPage> List(const HouseholdQuery& query) = 0;

  // Households and people (adjusted size) by county, category and status, soft-deleted
  // households excluded: the registry's gauges.
  virtual absl::StatusOr<std::vector<HouseholdCount>> CountHouseholds() = 0;
};

}  // namespace rrmon::monitoring

#pragma once

// Storage of risk signals and cases. A signal, the case it opens or joins, the status of
// its household and the audit rows change together, so the repository writes a whole
// CaseChange in one transaction: the household by compare-and-set on its revision, the
// case by compare-and-set on its own. The same interface is implemented for SQLite and,
// later, PostgreSQL.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/api/audit_record.h"
#include "common/storage/page.h"
#include "rrmon/monitoring/v1/household.pb.h"
#include "rrmon/monitoring/v1/risk.pb.h"
#include "services/monitoring/usecases/household_repository.h"

namespace rrmon::monitoring {

// A case as stored: the resource plus what only storage knows.
struct StoredCase {
  v1::Case record;  // etag is the case revision
  std::string household_id;
  std::string region_code;  // of the household when the case was written
  // The household's status before the case opened; a rejected case restores it.
  v1::HouseholdStatus prior_status = v1::HOUSEHOLD_STATUS_UNSPECIFIED;
};

// A signal as submitted, with the fingerprint of its caller-given fields, so a resent
// signal id with another body is told apart from a retry.
struct StoredSignal {
  v1::RiskSignal record;
  std::string household_id;
  std::string region_code;
  std::string fingerprint;
};

// Everything one use case changes, written in one transaction.
struct CaseChange {
  // A new signal. If (household, signal id) is already stored, nothing of the change is
  // written and the stored signal is returned instead.
  std::optional<StoredSignal> new_signal;
  // The case to insert (expected_case_revision empty) or to compare-and-set.
  std::optional<StoredCase> case_after;
  std::optional<int64_t> expected_case_revision;
  // The household's new state, written if its stored revision is still the expected one.
  std::optional<v1::Household> household_after;
  int64_t expected_household_revision = 0;
  // Makes the call idempotent (AIP-155); the response stored is case_after.
  std::optional<RequestKey> request_key;
  std::vector<AuditRecord> audits;
};

struct CaseWriteResult {
  // Set when new_signal was already stored: the earlier signal, nothing written.
  std::optional<StoredSignal> existing_signal;
  // Set when request_key was seen before: the earlier response, nothing written.
  std::optional<v1::Case> replayed_case;
};

struct RegionPageQuery {
  std::string household_id;   // one household, or empty for every household in the region
  std::string region_prefix;  // never empty: the caller's region at most
  std::string after_key;      // from a page token; "" for the first page
  int limit = 50;
  // Region-wide lists leave out the records of soft-deleted households unless this is set.
  bool show_deleted = false;
};

struct CaseQuery {
  RegionPageQuery page;
  v1::CaseKind kind = v1::CASE_KIND_UNSPECIFIED;
  bool open_only = false;
  // Only open cases whose step is due strictly before this instant (microseconds).
  std::optional<int64_t> due_before_micros;
};

class CaseRepository {
 public:
  virtual ~CaseRepository() = default;

  // Writes `change` whole or not at all. ABORTED when the household or the case changed
  // since it was read; INVALID_ARGUMENT on request_id reused for another request.
  virtual absl::StatusOr<CaseWriteResult> Apply(const CaseChange& change) = 0;

  virtual absl::StatusOr<std::optional<StoredSignal>> GetSignal(const std::string& household_id,
                                                                const std::string& signal_id) = 0;
  // NOT_FOUND when absent.
  virtual absl::StatusOr<StoredCase> GetCase(const std::string& household_id,
                                             const std::string& case_id) = 0;
  // The household's open case, if any (at most one is open at a time).
  virtual absl::StatusOr<std::optional<StoredCase>> GetOpenCase(
      const std::string& household_id) = 0;
  // The earlier response of a request id, if any.
  virtual absl::StatusOr<std::optional<v1::Case>> FindCaseRequest(const RequestKey& key) = 0;

  // In region-code order, then household, then id.
  virtual absl::StatusOr<Page<v1::RiskSignal>> ListSignals(const RegionPageQuery& query) = 0;
  virtual absl::StatusOr<Page<v1::Case>> ListCases(const CaseQuery& query) = 0;

  // Every open case (few: they close within weeks), for the gauges and the overdue
  // alerts; with household and region, since an alert is routed by region.
  virtual absl::StatusOr<std::vector<StoredCase>> ListOpenCases() = 0;
};

}  // namespace rrmon::monitoring

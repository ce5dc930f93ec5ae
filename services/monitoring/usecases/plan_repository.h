#pragma once

// Storage of what is known and planned per household beyond the registry: the 一户一策
// assistance measures, the declared income by month and the guarantees as last checked.
// Each write goes with its audit row in one transaction, by compare-and-set on the
// revision of the record it changes. The same interface is implemented for SQLite and,
// later, PostgreSQL.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/api/audit_record.h"
#include "rrmon/monitoring/v1/assessment.pb.h"
#include "rrmon/monitoring/v1/measures.pb.h"
#include "services/monitoring/usecases/case_repository.h"
#include "services/monitoring/usecases/household_repository.h"

namespace rrmon::monitoring {

struct StoredMeasure {
  v1::AssistanceMeasure record;  // etag is the measure's revision
  std::string household_id;
  std::string region_code;  // of the household when written
};

// One write of a household's plan, income or guarantees. Exactly one of the three
// records is set.
struct PlanChange {
  std::string household_id;
  std::string region_code;

  // A measure to insert (expected_revision empty) or to compare-and-set.
  std::optional<v1::AssistanceMeasure> measure;
  // An income record (keyed by its month) or the guarantees, likewise.
  std::optional<v1::IncomeRecord> income_record;
  std::optional<v1::Guarantees> guarantees;
  std::optional<int64_t> expected_revision;

  // Makes a measure's creation idempotent (AIP-155); the response stored is the measure.
  std::optional<RequestKey> request_key;
  std::vector<AuditRecord> audits;
};

struct MeasureQuery {
  RegionPageQuery page;
  v1::MeasureType type = v1::MEASURE_TYPE_UNSPECIFIED;
  v1::MeasureStatus status = v1::MEASURE_STATUS_UNSPECIFIED;
};

class PlanRepository {
 public:
  virtual ~PlanRepository() = default;

  // Writes `change` whole or not at all. ABORTED when the record changed since it was
  // read, or was created meanwhile; INVALID_ARGUMENT on a request_id reused for another
  // request. Returns the earlier measure when request_key was seen before (nothing
  // written), nullopt otherwise.
  virtual absl::StatusOr<std::optional<v1::AssistanceMeasure>> Apply(const PlanChange& change) = 0;

  // The earlier response of a request id, if any.
  virtual absl::StatusOr<std::optional<v1::AssistanceMeasure>> FindMeasureRequest(
      const RequestKey& key) = 0;
  // NOT_FOUND when absent.
  virtual absl::StatusOr<v1::AssistanceMeasure> GetMeasure(const std::string& household_id,
                                                           const std::string& measure_id) = 0;
  // Every measure of a household (a plan has tens at most), by start date.
  virtual absl::StatusOr<std::vector<v1::AssistanceMeasure>> HouseholdMeasures(
      const std::string& household_id) = 0;
  // In region-code order, then household, then id.
  virtual absl::StatusOr<Page<v1::AssistanceMeasure>> ListMeasures(const MeasureQuery& query) = 0;

  virtual absl::StatusOr<std::optional<v1::IncomeRecord>> GetIncomeRecord(
      const std::string& household_id, const std::string& month) = 0;
  // Months first_month..last_month (`YYYY-MM`, "" for an open end), oldest first.
  virtual absl::StatusOr<std::vector<v1::IncomeRecord>> ListIncomeRecords(
      const std::string& household_id, const std::string& first_month,
      const std::string& last_month) = 0;

  virtual absl::StatusOr<std::optional<v1::Guarantees>> GetGuarantees(
      const std::string& household_id) = 0;

  // Measures of households not deleted, by status: the gauges.
  virtual absl::StatusOr<std::vector<std::pair<v1::MeasureStatus, int64_t>>>
  CountMeasuresByStatus() = 0;
};

}  // namespace rrmon::monitoring

#pragma once

// The counts behind GetEmploymentProgress and the yearly targets. The counts are kept by
// the labourer repository's writes (progress_counts.h); this interface reads them.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "common/api/audit_record.h"
#include "rrmon/employment/v1/progress.pb.h"
#include "services/employment/domain/progress_counts.h"

namespace rrmon::employment {

struct ProgressQuery {
  std::string region_prefix;  // never empty
  int year = 0;
  absl::CivilDay as_of;  // within `year`
};

// The sum of one kind of count in one area and month, up to the day asked for.
struct ProgressCountRow {
  std::string area;  // the region itself, or an area one level below it
  ProgressFigure figure = ProgressFigure::kRuralLabourEmployed;
  int form = 0;
  int tier = 0;
  int month = 0;  // 1–12
  int64_t n = 0;
};

struct TargetChange {
  v1::EmploymentTarget target;  // its etag carries the new revision
  // The revision the change was computed from; nullopt creates the target.
  std::optional<int64_t> expected_revision;
  AuditRecord audit;
};

class ProgressRepository {
 public:
  virtual ~ProgressRepository() = default;

  // The counts of the region and of the areas one level below it, from one snapshot.
  // Brings the counts forward to `current_year` first (ongoing spells start counting in
  // a new year when it begins; nothing needs to be written for that to happen).
  virtual absl::StatusOr<std::vector<ProgressCountRow>> ReadCounts(const ProgressQuery& query,
                                                                   int current_year) = 0;

  // The target of exactly this region and year, if set.
  virtual absl::StatusOr<std::optional<v1::EmploymentTarget>> FindTarget(
      const std::string& region_prefix, int year) = 0;
  // The targets of the areas one level below the region, by prefix.
  virtual absl::StatusOr<std::vector<v1::EmploymentTarget>> ListTargetsBelow(
      const std::string& region_prefix, int year) = 0;
  // Stores the target with its audit row; ABORTED (ETAG_MISMATCH) if the stored revision
  // is not `expected_revision` (ALREADY_EXISTS-like races on create come back ABORTED too).
  virtual absl::Status WriteTarget(const TargetChange& change) = 0;
};

}  // namespace rrmon::employment

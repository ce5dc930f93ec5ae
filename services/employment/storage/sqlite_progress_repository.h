#pragma once

// The progress repository on the employment service's SQLite database: the counts the
// labourer repository keeps, and the targets.

#include <optional>
#include <string>
#include <vector>

#include "common/storage/sqlite_database.h"
#include "services/employment/domain/work_year.h"
#include "services/employment/usecases/progress_repository.h"

namespace rrmon::employment {

class SqliteProgressRepository final : public ProgressRepository {
 public:
  // `rule` must be the labourer repository's.
  SqliteProgressRepository(SqliteDatabase& database, EmployedRule rule)
      : database_(database), rule_(rule) {}

  absl::StatusOr<std::vector<ProgressCountRow>> ReadCounts(const ProgressQuery& query,
                                                           int current_year) override;
  absl::StatusOr<std::optional<v1::EmploymentTarget>> FindTarget(const std::string& region_prefix,
                                                                 int year) override;
  absl::StatusOr<std::vector<v1::EmploymentTarget>> ListTargetsBelow(
      const std::string& region_prefix, int year) override;
  absl::Status WriteTarget(const TargetChange& change) override;

 private:
  SqliteDatabase& database_;
  const EmployedRule rule_;
};

}  // namespace rrmon::employment

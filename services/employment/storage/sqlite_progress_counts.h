#pragma once

// The progress counts on the employment database (schema in sqlite_schema.cc): the
// statements the labourer and progress repositories share. Each runs on a connection
// inside the caller's transaction.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/storage/sqlite_connection.h"
#include "services/employment/domain/progress_counts.h"
#include "services/employment/usecases/labourer_repository.h"

namespace rrmon::employment {

// The labourer with spells and businesses, from one statement (one snapshot); nullopt
// if there is no such labourer.
absl::StatusOr<std::optional<LabourerRecord>> ReadLabourerAggregate(SqliteConnection& connection,
                                                                    const std::string& labourer_id);

// Whether the counts were made under `rule` through `year` at least, so that nothing
// needs to be written before they are read for it.
absl::StatusOr<bool> ProgressCountsAreCurrent(SqliteConnection& connection,
                                              const EmployedRule& rule, int year);

// Inside a write transaction: makes the counts those of `rule` through `year` at least,
// recounting every labourer when the rule changed and rolling the labourers with an
// ongoing spell into the years after the last one counted. Returns the year the counts
// now go through, the one a write must compute contributions for.
absl::StatusOr<int> BringProgressCountsUpTo(SqliteConnection& connection, const EmployedRule& rule,
                                            int year);

// Adds the signed changes to the stored counts.
absl::Status ApplyProgressChanges(SqliteConnection& connection,
                                  const std::vector<std::pair<ProgressCountKey, int64_t>>& changes);

}  // namespace rrmon::employment

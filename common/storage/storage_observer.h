#pragma once

// A hook for database metrics that keeps the storage layer free of any metrics library:
// the metrics code implements it and the database calls it once per statement execution.

#include <string_view>

#include "absl/time/time.h"

namespace rrmon {

class StorageObserver {
 public:
  virtual ~StorageObserver() = default;

  // Called on the thread that ran the statement, once per execution: when it finishes,
  // fails, or is abandoned after some rows were read. `operation` is a static,
  // low-cardinality label (SELECT, INSERT, UPDATE, DELETE, BEGIN, COMMIT, ROLLBACK or
  // OTHER); `elapsed` is the time spent inside SQLite, not the caller's time between rows.
  // Runs on the query path, so implementations must be cheap and must not block.
  virtual void OnStatement(std::string_view operation, absl::Duration elapsed, bool ok) = 0;
};

}  // namespace rrmon

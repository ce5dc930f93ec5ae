#pragma once

// Keyset paging (AIP-158 page tokens over a sort key): a list reads `limit + 1` rows after
// the last key the client saw, ordered by that key, so a page costs one index range
// whatever its depth and rows written meanwhile are neither skipped nor repeated.

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/status/macros.h"
#include "common/storage/page.h"
#include "common/storage/sqlite_statement.h"

namespace rrmon {

// Reads a page from a statement selecting (sort_key, serialized record) with LIMIT
// limit + 1: at most `limit` records, and whether more follow. `Message` is parsed with
// ParseFromString; `what` names the record in a DATA_LOSS error.
template <typename Message>
absl::StatusOr<Page<Message>> ReadKeyedPage(SqliteStatement& statement, int limit,
                                            const char* what) {
  Page<Message> page;
  while (true) {
    RRMON_ASSIGN_OR_RETURN(bool row, statement.Step());
    if (!row) break;
    if (static_cast<int>(page.items.size()) == limit) {
      page.more = true;
      break;
    }
    page.last_key = statement.ColumnText(0);
    if (!page.items.emplace_back().ParseFromString(statement.ColumnBlob(1))) {
      return absl::DataLossError(absl::StrCat("a stored ", what, " is unreadable"));
    }
  }
  return page;
}

}  // namespace rrmon

#pragma once

// What the SQLite repositories of the monitoring database share when they list records
// across a region: the filter text and the keyset page read. Rows carry their household's
// region and a sort key "{region}/{household}/{id}".

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/status/macros.h"
#include "common/storage/sqlite_database.h"
#include "services/monitoring/case_repository.h"

namespace rrmon::monitoring {

// Region filter (?1 prefix), optional household (?2, '' for any), keyset paging (?3 the
// last sort key seen), and whether a region-wide list shows the records of soft-deleted
// households (?4; a named household shows its own): one fixed text per list so each
// statement is prepared once. ':' sorts right after '9', closing the prefix range. The
// region and deletion on the rows are their household's current ones (migration 5).
inline constexpr char kRegionPageFilter[] =
    "region_code >= ?1 AND region_code < ?1 || ':' AND (?2 = '' OR household_id = ?2) "
    "AND (?2 <> '' OR ?4 OR household_deleted = 0) AND sort_key > ?3 ";

// Reads a page from a statement selecting (sort_key, record) with LIMIT limit + 1: at most
// `limit` records, and whether more follow. `what` names the record in a DATA_LOSS error.
template <typename Message>
absl::StatusOr<Page<Message>> ReadRegionPage(SqliteStatement& statement, int limit,
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

}  // namespace rrmon::monitoring

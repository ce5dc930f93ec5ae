#pragma once

// What the SQLite repositories of the monitoring database share when they list records
// across a region: the filter text (the page read is common/storage/keyset_page.h). Rows
// carry their household's region and a sort key "{region}/{household}/{id}".

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/status/macros.h"
#include "common/storage/keyset_page.h"
#include "common/storage/sqlite_database.h"
#include "services/monitoring/usecases/case_repository.h"

namespace rrmon::monitoring {

// Region filter (?1 prefix), optional household (?2, '' for any), keyset paging (?3 the
// last sort key seen), and whether a region-wide list shows the records of soft-deleted
// households (?4; a named household shows its own): one fixed text per list so each
// statement is prepared once. ':' sorts right after '9', closing the prefix range. The
// region and deletion on the rows are their household's current ones (migration 5).
inline constexpr char kRegionPageFilter[] =
    "region_code >= ?1 AND region_code < ?1 || ':' AND (?2 = '' OR household_id = ?2) "
    "AND (?2 <> '' OR ?4 OR household_deleted = 0) AND sort_key > ?3 ";

}  // namespace rrmon::monitoring

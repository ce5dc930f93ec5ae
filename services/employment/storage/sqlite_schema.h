#pragma once

// The employment database's schema: every table, index and trigger, as numbered
// migrations applied in order at start-up (SqliteDatabase::Open). A migration once
// released is never edited; a change is a new step at the end.

#include <vector>

#include "common/storage/sqlite_database.h"

namespace rrmon::employment {

const std::vector<Migration>& EmploymentSqliteMigrations();

}  // namespace rrmon::employment

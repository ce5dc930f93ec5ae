#pragma once

// The monitoring database's schema: every table, index and trigger, as numbered
// migrations applied in order at start-up (SqliteDatabase::Open). A migration once
// released is never edited; a change is a new step at the end.

#include <vector>

#include "common/storage/sqlite_database.h"

namespace rrmon::monitoring {

const std::vector<Migration>& MonitoringSqliteMigrations();

}  // namespace rrmon::monitoring

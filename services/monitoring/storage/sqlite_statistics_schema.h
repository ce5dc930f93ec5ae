#pragma once

// The figures of GetMonitoringStatistics kept up to date by the database itself: a table
// of counts per area at every level of the region code (province 2, prefecture 4, county
// 6, township 9, village 12 digits), and triggers on households, measures and cases that
// change it in the same transaction as the row they fire on. However a row is written
// (a repository, a migration, the sqlite3 shell), the counts follow; a query reads the
// few rows of the areas one level under its prefix instead of every household.
//
// The counts are of every live household, measure and case as they stand now; what a
// past day leaves out (households registered after it, measures starting after it,
// eliminations approved after it) and what depends on the instant (overdue steps) is
// taken from indexes by the repository (sqlite_statistics_repository.cc).

#include <string>

namespace rrmon::monitoring {

// What a row of statistic_counts counts; the number is stored, so never renumbered.
//   kHouseholds         k1 status, k2 category, k3 primary risk type; n households, m people
//   kMeasures           k1 type, k2 status, k3 1 if the household is MONITORED; n measures,
//                       m funds in fen
//   kOpenCases          k1 step; n open cases
//   kEliminated         n households with an approved elimination
//   kEliminatedInYear   k1 year; n households with an elimination approved in that year
enum class StatisticFigure : int {
  kHouseholds = 1,
  kMeasures = 2,
  kOpenCases = 3,
  kEliminated = 4,
  kEliminatedInYear = 5,
};

// The migration that creates the table, fills it from the rows already there, and adds
// the triggers and the indexes the repository's corrections read.
std::string MaintainedStatisticsMigration();

}  // namespace rrmon::monitoring

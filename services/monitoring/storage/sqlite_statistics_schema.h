#pragma once

// The figures of GetMonitoringStatistics kept up to date by the database itself: a table
// of counts per area at every level of the region code (province 2, prefecture 4, county
// 6, township 9, village 12 digits), and triggers on households, measures and cases that
// change it in the same transaction as the row they fire on. However a row is written
// (a repository, a migration, the sqlite3 shell), the counts follow; a query reads the
// few rows of the areas one level under its prefix instead of every household.
//
// The counts are of every live household, measure and case as they stand now. Two figures
// depend on the clock rather than on a write: whether a measure has started and whether
// an open case's step is overdue. For those the rows carry a flag the counts follow
// (measures.counted_as_not_started, cases.counted_as_overdue), moved on by the repository's
// AdvanceCounts from time to time. What a day or instant asks for that the counts do not
// hold (households registered after the day, eliminations approved after it, flags behind
// or ahead of it) is taken from indexes by the repository
// (sqlite_statistics_repository.cc); with the flags caught up, a query of today reads
// none.

#include <string>

namespace rrmon::monitoring {

// What a row of statistic_counts counts; the number is stored, so never renumbered.
//   kHouseholds         k1 status, k2 category, k3 primary risk type; n households, m people
//   kMeasures           k1 type, k2 status, k3 1 if the household is MONITORED (from
//                       migration 9, + 2 if the measure is counted as not started yet);
//                       n measures,
//                       m funds in fen
//   kOpenCases          k1 step; n open cases, m of them counted as overdue (from 9)
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
// Migration 9: the counted_as_not_started and counted_as_overdue flags and the triggers that
// read them.
std::string CountedFlagsMigration();

}  // namespace rrmon::monitoring

#pragma once

// What a person's job spells amount to in one calendar year: whether, and from which
// day, they count as employed in it, their main job of the year, and which spells are
// person-times (人次) of migrant work. Pure: the spells and the rule are given.

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "rrmon/employment/v1/labour.pb.h"

namespace rrmon::employment {

// What counts as employed in a year (configuration; e.g. a month's work in it).
struct EmployedRule {
  // Days of the year worked, on any spell (a day worked on two jobs is one day).
  int min_days = 30;
};

struct WorkYear {
  // The day the person completed `min_days` of work in the year; nullopt if they do not
  // within it. An ongoing spell is taken to go on: the day may lie after today, and a
  // count as of an earlier day leaves the person out until then.
  std::optional<absl::CivilDay> employed_from;
  // The spell with the most days in the year (ties: the earlier start, then the name):
  // its form and tier place the person in the breakdowns, so each is counted once.
  v1::JobForm main_form = v1::JOB_FORM_UNSPECIFIED;
  v1::PlaceTier main_tier = v1::PLACE_TIER_UNSPECIFIED;
};

WorkYear WorkInYear(const std::vector<v1::JobSpell>& spells, int year, const EmployedRule& rule);

// The day from which `spell` counts as one person-time of migrant work (外出务工, outside
// the home county) in `year`: its first day within the year; nullopt when it is worked
// inside the county or does not meet the year.
std::optional<absl::CivilDay> PersonTimeDay(const v1::JobSpell& spell, int year);

// The years `spells` meet, from the earliest start to the latest end; an ongoing spell
// meets every year up to and including `through_year`.
std::vector<int> YearsMet(const std::vector<v1::JobSpell>& spells, int through_year);

}  // namespace rrmon::employment

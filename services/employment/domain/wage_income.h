#pragma once

// 工资性收入 from job spells: what monitoring's assessment counts as a household's wage
// income over whole months. Pure: spells and months in, fen out.

#include <cstdint>
#include <vector>

#include "absl/time/civil_time.h"
#include "rrmon/employment/v1/labour.pb.h"

namespace rrmon::employment {

// The income of `spells` over the months `first`..`last` (both included): each spell
// earns its monthly income for every month it covers whole, and the share of it for the
// days it worked in a month it covers in part (a spell of 1–15 June earns 15/30 of a
// month), rounded down to the fen per spell and month. An ongoing spell is taken to go on
// to the end of the period.
int64_t WageIncomeFen(const std::vector<v1::JobSpell>& spells, absl::CivilMonth first,
                      absl::CivilMonth last);

}  // namespace rrmon::employment

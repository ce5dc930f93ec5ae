#pragma once

// Administrative division codes (统计用区划代码): province(2) prefecture(2) county(2)
// township(3) village(3). A full code has 12 digits, zero-filled below its level; a prefix
// of 2, 4, 6, 9 or 12 digits names an area and everything below it, and scopes access.

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rrmon::validation {

enum class RegionLevel { kProvince, kPrefecture, kCounty, kTownship, kVillage };

// True for the two-digit codes of the 31 mainland provincial-level divisions, the only
// ones the statistical division codes (and so rural monitoring) cover.
bool IsMainlandProvinceCode(std::string_view two_digits);

// A 12-digit code: ASCII digits, a mainland province, and no non-zero level under an
// all-zero one (650000001001 is invalid).
absl::Status ValidateRegionCode(std::string_view code, std::string_view field);

// A prefix of 2, 4, 6, 9 or 12 digits with a mainland province. Below 12 digits the last
// level must not be all zeros: "654200" selects no county, so it is a mistake for "6542".
absl::Status ValidateRegionPrefix(std::string_view prefix, std::string_view field);

// Whether the area named by `prefix` contains `code` (a code or a narrower prefix). An
// empty prefix covers nothing: a missing scope must never grant access to everything.
bool RegionCovers(std::string_view prefix, std::string_view code);

// The county part (first 6 digits) of a code: the finest level allowed in metric labels.
std::string CountyOf(std::string_view code);

// How many digits name the areas one level below a prefix of `prefix_length` digits:
// counties (6) under a prefecture (4), townships (9) under a county, villages (12) under a
// township; 0 below a village, which has no areas under it.
size_t SubareaPrefixLength(size_t prefix_length);

// The level a valid prefix selects, by its length (12 digits is kVillage).
absl::StatusOr<RegionLevel> LevelOfPrefix(std::string_view prefix,
                                          std::string_view field = "region_prefix");

}  // namespace rrmon::validation

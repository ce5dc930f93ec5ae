#pragma once

// Resident identity card numbers (公民身份号码, GB 11643-1999). The number is sensitive
// personal data: error descriptions never repeat it, and it is shown masked to roles that
// do not need it.

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"

namespace rrmon::validation {

struct IdNumber {
  std::string normalized;  // 18 characters, check character as uppercase X.
  std::string area_code;   // The first 6 digits: where the number was first issued.
  absl::CivilDay birth_date;
  bool female = false;
};

// Parses an 18-character number: 17 digits and a digit or X/x check character (ISO 7064
// MOD 11-2), a real birth date from 1900-01-01 to `today`, and a province part that is a
// mainland province or 71/81/82/83 (Taiwan, Hong Kong, Macau residents; 83 is used by the
// residence permits of Taiwan residents). INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<IdNumber> ParseIdNumber(std::string_view text, std::string_view field,
                                       absl::CivilDay today);

// Keeps the first 4 and last 4 characters (`6542**********123X`); shorter than 9
// characters, everything is masked, so a short fragment never leaks in full.
std::string MaskIdNumber(std::string_view id);

}  // namespace rrmon::validation

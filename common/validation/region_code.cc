#include "common/validation/region_code.h"

#include <array>

#include "absl/strings/ascii.h"
#include "common/validation/field_error.h"

namespace rrmon::validation {
namespace {

// Where each level ends in a 12-digit code.
constexpr std::array<size_t, 5> kLevelEnds = {2, 4, 6, 9, 12};

bool AllDigits(std::string_view text) {
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

bool AllZeros(std::string_view text) {
  return text.find_first_not_of('0') == std::string_view::npos;
}

// Checks that no level below an all-zero level is non-zero, over the levels `text` has.
bool LevelsConsistent(std::string_view text) {
  bool zero_seen = false;
  size_t start = 2;
  for (size_t i = 1; i < kLevelEnds.size() && kLevelEnds[i] <= text.size(); ++i) {
    const bool zero = AllZeros(text.substr(start, kLevelEnds[i] - start));
    if (zero_seen && !zero) return false;
    zero_seen = zero_seen || zero;
    start = kLevelEnds[i];
  }
  return true;
}

}  // namespace

bool IsMainlandProvinceCode(std::string_view two_digits) {
  if (two_digits.size() != 2 || !AllDigits(two_digits)) return false;
  const int code = (two_digits[0] - '0') * 10 + (two_digits[1] - '0');
  return (code >= 11 && code <= 15) || (code >= 21 && code <= 23) || (code >= 31 && code <= 37) ||
         (code >= 41 && code <= 46) || (code >= 50 && code <= 54) || (code >= 61 && code <= 65);
}

absl::Status ValidateRegionCode(std::string_view code, std::string_view field) {
  if (code.size() != 12 || !AllDigits(code)) {
    return FieldError(field, "must be a region code of exactly 12 digits");
  }
  if (!IsMainlandProvinceCode(code.substr(0, 2))) {
    return FieldError(field, "does not start with a valid province code");
  }
  if (!LevelsConsistent(code)) {
    return FieldError(field, "has a non-zero level under an all-zero higher level");
  }
  return absl::OkStatus();
}

absl::Status ValidateRegionPrefix(std::string_view prefix, std::string_view field) {
  const size_t n = prefix.size();
  if ((n != 2 && n != 4 && n != 6 && n != 9 && n != 12) || !AllDigits(prefix)) {
    return FieldError(field, "must be a region prefix of 2, 4, 6, 9 or 12 digits");
  }
  if (n == 12) return ValidateRegionCode(prefix, field);
  if (!IsMainlandProvinceCode(prefix.substr(0, 2))) {
    return FieldError(field, "does not start with a valid province code");
  }
  if (!LevelsConsistent(prefix)) {
    return FieldError(field, "has a non-zero level under an all-zero higher level");
  }
  if (n > 2) {
    const size_t last_start = n == 9 ? 6 : n - 2;
    if (AllZeros(prefix.substr(last_start))) {
      return FieldError(field, "must not end in an all-zero level; use the shorter prefix");
    }
  }
  return absl::OkStatus();
}

bool RegionCovers(std::string_view prefix, std::string_view code) {
  if (prefix.empty()) return false;
  return code.starts_with(prefix);
}

std::string CountyOf(std::string_view code) { return std::string(code.substr(0, 6)); }

absl::StatusOr<RegionLevel> LevelOfPrefix(std::string_view prefix, std::string_view field) {
  if (absl::Status status = ValidateRegionPrefix(prefix, field); !status.ok()) return status;
  switch (prefix.size()) {
    case 2:
      return RegionLevel::kProvince;
    case 4:
      return RegionLevel::kPrefecture;
    case 6:
      return RegionLevel::kCounty;
    case 9:
      return RegionLevel::kTownship;
    default:
      return RegionLevel::kVillage;
  }
}

size_t SubareaPrefixLength(size_t prefix_length) {
  switch (prefix_length) {
    case 2:
      return 4;
    case 4:
      return 6;
    case 6:
      return 9;
    case 9:
      return 12;
    default:
      return 0;
  }
}

}  // namespace rrmon::validation

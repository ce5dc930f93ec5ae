#include "common/validation/id_number.h"

#include <array>
#include <utility>

#include "absl/strings/ascii.h"
#include "common/validation/field_error.h"
#include "common/validation/region_code.h"

namespace rrmon::validation {
namespace {

constexpr size_t kLength = 18;
constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckCharacters = "10X98765432";

bool IsDigit(char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); }

char CheckCharacter(std::string_view first17) {
  int sum = 0;
  for (size_t i = 0; i < kWeights.size(); ++i) sum += (first17[i] - '0') * kWeights[i];
  return kCheckCharacters[sum % 11];
}

int Number(std::string_view digits) {
  int value = 0;
  for (char c : digits) value = value * 10 + (c - '0');
  return value;
}

bool IsIdProvinceCode(std::string_view two_digits) {
  return IsMainlandProvinceCode(two_digits) || two_digits == "71" || two_digits == "81" ||
         two_digits == "82" || two_digits == "83";
}

}  // namespace

absl::StatusOr<IdNumber> ParseIdNumber(std::string_view text, std::string_view field,
                                       absl::CivilDay today) {
  if (text.size() != kLength) {
    return FieldError(field, "must be an ID number of exactly 18 characters");
  }
  std::string normalized(text);
  if (normalized[17] == 'x') normalized[17] = 'X';
  for (size_t i = 0; i < kLength; ++i) {
    if (!IsDigit(normalized[i]) && !(i == kLength - 1 && normalized[i] == 'X')) {
      return FieldError(
          field, "must be 17 digits followed by a digit or X (no spaces or other characters)");
    }
  }
  if (!IsIdProvinceCode(std::string_view(normalized).substr(0, 2))) {
    return FieldError(field, "does not start with a valid province code");
  }
  const int year = Number(std::string_view(normalized).substr(6, 4));
  const int month = Number(std::string_view(normalized).substr(10, 2));
  const int day = Number(std::string_view(normalized).substr(12, 2));
  const absl::CivilDay birth(year, month, day);
  // CivilDay normalises 1990-02-30 to 1990-03-02: a changed field means not a real day.
  if (month < 1 || month > 12 || day < 1 || birth.year() != year || birth.month() != month ||
      birth.day() != day) {
    return FieldError(field, "contains a birth date that is not a real calendar day");
  }
  if (birth < absl::CivilDay(1900, 1, 1) || birth > today) {
    return FieldError(field, "contains a birth date before 1900 or in the future");
  }
  if (CheckCharacter(normalized) != normalized[17]) {
    return FieldError(field,
                      "has a wrong check character (last character); "
                      "a digit may be mistyped");
  }
  IdNumber id;
  id.area_code = normalized.substr(0, 6);
  id.birth_date = birth;
  id.female = (normalized[16] - '0') % 2 == 0;
  id.normalized = std::move(normalized);
  return id;
}

std::string MaskIdNumber(std::string_view id) {
  if (id.size() < 9) return std::string(id.size(), '*');
  std::string masked(id);
  for (size_t i = 4; i + 4 < masked.size(); ++i) masked[i] = '*';
  return masked;
}

}  // namespace rrmon::validation

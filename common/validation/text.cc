#include "common/validation/text.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

#include "absl/strings/str_cat.h"
#include "common/validation/field_error.h"

namespace rrmon::validation {
namespace {

bool IsBidiControl(UChar32 c) {
  return (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069);
}

}  // namespace

absl::Status ValidateFreeText(std::string_view text, std::string_view field, size_t max_code_points,
                              bool required) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(text.data());
  // Longer than any limit a caller would set; keeps the offset arithmetic in int32_t.
  if (text.size() > static_cast<size_t>(INT32_MAX)) {
    return FieldError(field, "is too long");
  }
  const int32_t length = static_cast<int32_t>(text.size());
  int32_t offset = 0;
  size_t code_points = 0;
  bool blank = true;
  while (offset < length) {
    UChar32 c;
    U8_NEXT(bytes, offset, length, c);
    if (c < 0) return FieldError(field, "is not valid UTF-8");
    if (++code_points > max_code_points) {
      return FieldError(field, absl::StrCat("is longer than ", max_code_points, " characters"));
    }
    if (IsBidiControl(c)) {
      return FieldError(field, "must not contain bidirectional override characters");
    }
    if (u_charType(c) == U_CONTROL_CHAR && c != '\n' && c != '\t') {
      return FieldError(field, "must not contain control characters other than newline and tab");
    }
    if (!u_isUWhiteSpace(c)) blank = false;
  }
  if (required && blank) return FieldError(field, "is required");
  return absl::OkStatus();
}

}  // namespace rrmon::validation

#include "clients/rrctl/date_text.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace rrmon::rrctl {
namespace {

// Whether `text` has the shape of `pattern`, where '9' stands for any digit.
bool HasShape(absl::string_view text, absl::string_view pattern) {
  if (text.size() != pattern.size()) return false;
  for (size_t i = 0; i < text.size(); ++i) {
    const bool digit = absl::ascii_isdigit(static_cast<unsigned char>(text[i]));
    if (pattern[i] == '9' ? !digit : text[i] != pattern[i]) return false;
  }
  return true;
}

absl::StatusOr<std::string> CheckShape(absl::string_view text, absl::string_view what,
                                       absl::string_view pattern, absl::string_view shown,
                                       absl::string_view example) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (!HasShape(trimmed, pattern)) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": \"", text, "\" is not ", shown, " (e.g. ", example, ")"));
  }
  return std::string(trimmed);
}

}  // namespace

absl::StatusOr<std::string> CheckDateText(absl::string_view text, absl::string_view what) {
  return CheckShape(text, what, "9999-99-99", "a date YYYY-MM-DD", "2026-11-25");
}

absl::StatusOr<std::string> CheckMonthText(absl::string_view text, absl::string_view what) {
  return CheckShape(text, what, "9999-99", "a month YYYY-MM", "2026-11");
}

}  // namespace rrmon::rrctl

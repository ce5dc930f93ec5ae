#include "clients/rrctl/flag_values.h"

#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace rrmon::rrctl {

absl::StatusOr<std::string> RequiredText(absl::string_view text, absl::string_view what) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  if (trimmed.empty()) return absl::InvalidArgumentError(absl::StrCat(what, " must not be empty"));
  return std::string(trimmed);
}

absl::StatusOr<bool> ParseYesNo(absl::string_view text, absl::string_view what) {
  const std::string value = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  if (value == "yes" || value == "true") return true;
  if (value == "no" || value == "false") return false;
  return absl::InvalidArgumentError(absl::StrCat(what, ": \"", text, "\" is neither yes nor no"));
}

}  // namespace rrmon::rrctl

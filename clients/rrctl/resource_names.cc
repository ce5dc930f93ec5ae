#include "clients/rrctl/resource_names.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace rrmon::rrctl {
namespace {

constexpr absl::string_view kHouseholds = "households/";

bool IsValidId(absl::string_view id) {
  if (id.empty()) return false;
  for (char c : id) {
    if (c == '/' || absl::ascii_isspace(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::string> NormaliseHouseholdName(absl::string_view text) {
  absl::string_view id = absl::StripAsciiWhitespace(text);
  absl::ConsumePrefix(&id, kHouseholds);
  if (!IsValidId(id)) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text, "\" is not a household name; expected households/ID or just ID"));
  }
  return absl::StrCat(kHouseholds, id);
}

absl::StatusOr<std::string> NormaliseMemberName(absl::string_view text) {
  absl::string_view rest = absl::StripAsciiWhitespace(text);
  absl::ConsumePrefix(&rest, kHouseholds);
  std::vector<absl::string_view> parts = absl::StrSplit(rest, '/');
  if (parts.size() != 3 || parts[1] != "members" || !IsValidId(parts[0]) || !IsValidId(parts[2])) {
    return absl::InvalidArgumentError(
        absl::StrCat("\"", text,
                     "\" is not a member name; expected households/ID/members/ID (as shown by "
                     "rrctl household get)"));
  }
  return absl::StrCat(kHouseholds, parts[0], "/members/", parts[2]);
}

absl::StatusOr<std::string> NormaliseHouseholdChildName(absl::string_view text,
                                                        absl::string_view collection,
                                                        absl::string_view shown_by) {
  absl::string_view rest = absl::StripAsciiWhitespace(text);
  absl::ConsumePrefix(&rest, kHouseholds);
  std::vector<absl::string_view> parts = absl::StrSplit(rest, '/');
  if (parts.size() != 3 || parts[1] != collection || !IsValidId(parts[0]) || !IsValidId(parts[2])) {
    return absl::InvalidArgumentError(absl::StrCat("\"", text,
                                                   "\" is not a name of the form households/ID/",
                                                   collection, "/ID (as shown by ", shown_by, ")"));
  }
  return absl::StrCat(kHouseholds, parts[0], "/", collection, "/", parts[2]);
}

absl::StatusOr<std::string> ListParent(absl::string_view household) {
  if (absl::StripAsciiWhitespace(household).empty()) return absl::StrCat(kHouseholds, "-");
  return NormaliseHouseholdName(household);
}

std::string HouseholdOf(absl::string_view name) {
  std::vector<absl::string_view> parts = absl::StrSplit(name, '/');
  if (parts.size() < 2 || parts[0] != "households") return std::string(name);
  return absl::StrCat(kHouseholds, parts[1]);
}

std::string ResourceId(absl::string_view name) {
  const size_t slash = name.rfind('/');
  return std::string(slash == absl::string_view::npos ? name : name.substr(slash + 1));
}

}  // namespace rrmon::rrctl

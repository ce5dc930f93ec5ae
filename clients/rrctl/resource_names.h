#pragma once

// Resource names as typed by people: the collection prefix may be left out.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rrmon::rrctl {

// "abc" or "households/abc" -> "households/abc". INVALID_ARGUMENT for an empty id, a
// member name, or anything with other slashes.
absl::StatusOr<std::string> NormaliseHouseholdName(absl::string_view text);

// "households/h/members/m" or "h/members/m" -> "households/h/members/m".
absl::StatusOr<std::string> NormaliseMemberName(absl::string_view text);

// A resource in a household's `collection` ("cases", "measures"):
// "households/h/cases/c" or "h/cases/c" -> "households/h/cases/c". INVALID_ARGUMENT
// otherwise, saying which command shows such names (`shown_by`).
absl::StatusOr<std::string> NormaliseHouseholdChildName(absl::string_view text,
                                                        absl::string_view collection,
                                                        absl::string_view shown_by);

// The parent of a list: the household when one is given, else "households/-" (every
// household in the region).
absl::StatusOr<std::string> ListParent(absl::string_view household);

// "households/h" for "households/h/cases/c"; the name itself when it is no child.
std::string HouseholdOf(absl::string_view name);

// The last segment of a resource name ("m" for "households/h/members/m").
std::string ResourceId(absl::string_view name);

}  // namespace rrmon::rrctl

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

// The last segment of a resource name ("m" for "households/h/members/m").
std::string ResourceId(absl::string_view name);

}  // namespace rrmon::rrctl

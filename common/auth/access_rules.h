#pragma once

// The two authorisation checks every use case makes on an authenticated caller: is this
// role allowed to do this, and is this region inside the caller's region prefix. Plain
// functions of a Principal: no gRPC, so use cases and rules include them directly.

#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/auth/principal.h"

namespace rrmon::auth {

// PERMISSION_DENIED naming the role and `action` (e.g. "approve identification") unless
// the principal's role is one of `allowed`.
absl::Status RequireRole(const Principal& principal, absl::Span<const Role> allowed,
                         std::string_view action);

// PERMISSION_DENIED unless the principal's region prefix covers `region_code_or_prefix`:
// an equal or narrower code or prefix is covered, a broader one (or an empty one) is not.
absl::Status RequireRegion(const Principal& principal, std::string_view region_code_or_prefix);

// The region a region-wide request covers: `requested` (validated, INVALID_ARGUMENT naming
// region_prefix) or, when empty, the caller's whole region; PERMISSION_DENIED outside the
// caller's region, also for an empty one, so that no request ever covers every region.
absl::StatusOr<std::string> ScopedRegionPrefix(const Principal& caller,
                                               const std::string& requested);

// Whether the role may see ID numbers, health and income of individual people: the cadres
// and officers who handle cases do; analysts (aggregates only) and peer services do not.
bool CanSeeSensitiveData(const Principal& principal);

}  // namespace rrmon::auth

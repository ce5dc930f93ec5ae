#pragma once

// Identifiers in requests: idempotency keys (AIP-155) and resource names (AIP-122).

#include <string>
#include <string_view>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rrmon::validation {

// Empty means "not idempotent"; otherwise 1–64 characters of [A-Za-z0-9_-], e.g. a UUID.
absl::Status ValidateRequestId(std::string_view id, std::string_view field);

// A resource id: 1–63 characters of [a-z0-9-].
absl::Status ValidateResourceId(std::string_view id, std::string_view field);

// `households/{id}` with collection "households" → id.
absl::StatusOr<std::string> ParseResourceName(std::string_view name, std::string_view collection,
                                              std::string_view field);

// `households/{h}/members/{m}` with collections "households" and "members" → {h, m}.
absl::StatusOr<std::pair<std::string, std::string>> ParseChildResourceName(
    std::string_view name, std::string_view parent_collection, std::string_view child_collection,
    std::string_view field);

}  // namespace rrmon::validation

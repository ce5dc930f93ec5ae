#pragma once

// Opaque page tokens (AIP-158): base64url of a rrmon.common.v1.PageToken holding the
// last sort key and a fingerprint of the query, so a token is refused when the
// client changes the filter between pages instead of silently skipping rows.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rrmon {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

std::string EncodePageToken(absl::string_view last_key, uint64_t query_fingerprint);

// The last key of the previous page; "" for an empty token. INVALID_ARGUMENT naming
// `field` when the token is malformed or was issued for another query.
absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t query_fingerprint,
                                            absl::string_view field = "page_token");

// page_size 0 → default; negative → INVALID_ARGUMENT; above the maximum → the maximum.
absl::StatusOr<int> EffectivePageSize(int page_size, absl::string_view field = "page_size");

}  // namespace rrmon

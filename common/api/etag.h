#pragma once

// Etags (AIP-154): a record's revision in decimal, and the one error every service gives
// when a write names an etag that is no longer the record's, so that clients handle
// ABORTED / ETAG_MISMATCH the same way everywhere (read again, retry).

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace rrmon {

std::string EtagOf(int64_t revision);
// The revision an etag names; nullopt for anything that is not a positive decimal.
std::optional<int64_t> RevisionOf(absl::string_view etag);

// ABORTED, reason ETAG_MISMATCH: "the {what} changed since it was read ...".
absl::Status EtagMismatchError(absl::string_view what);

// OK when `given` is empty (the caller does not guard the write) or equals `current`;
// EtagMismatchError(what) otherwise.
absl::Status CheckEtag(absl::string_view given, absl::string_view current, absl::string_view what);

// For a record that does not exist yet: OK without an etag; ABORTED, ETAG_MISMATCH with
// one, since it can name no revision of `what`.
absl::Status CheckNoEtag(absl::string_view given, absl::string_view what);

}  // namespace rrmon

#pragma once

#include <string>

#include "absl/strings/string_view.h"

namespace rrmon::rrctl {

// A random UUID version 4 (RFC 4122), lowercase, for AIP-155 request ids: generated once
// per command so the tool's own retries of a create stay idempotent.
std::string NewRequestId();

// The id given on the command line (trimmed), or a new one when none was.
std::string RequestIdOrNew(absl::string_view given);

}  // namespace rrmon::rrctl

#pragma once

#include <string>

namespace rrmon::rrctl {

// A random UUID version 4 (RFC 4122), lowercase, for AIP-155 request ids: generated once
// per command so the tool's own retries of a create stay idempotent.
std::string NewRequestId();

}  // namespace rrmon::rrctl

#pragma once

// The security log: one structured line per refused call (unauthenticated, not allowed,
// or an outsider answered as if the resource did not exist), so that probing and misuse
// can be seen and alerted on. It names the method, who called (subject, role, region
// prefix: staff identities, not the personal data of households) and why; never the
// request's content, a token, or the resource asked for.

#include <string_view>

#include "absl/status/status.h"
#include "common/auth/principal.h"

namespace rrmon::auth {

// Writes the line when `status` is a refusal (IsRefusal); does nothing otherwise.
// `caller` is null when the call was not authenticated.
void LogIfRefused(std::string_view service, std::string_view method, const Principal* caller,
                  const absl::Status& status);

}  // namespace rrmon::auth

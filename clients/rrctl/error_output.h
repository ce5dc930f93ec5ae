#pragma once

// How rrctl reports failure: a readable message on stderr with every field and
// precondition violation the server sent (AIP-193 details), a hint for the two errors a
// township worker can fix alone (no token, service not reachable), and an exit code a
// script can branch on.

#include <grpcpp/support/status.h>

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace rrmon::rrctl {

enum ExitCode : int {
  kExitOk = 0,
  kExitOther = 1,
  kExitUsage = 2,
  kExitRejected = 3,     // INVALID_ARGUMENT, FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED
  kExitNotFound = 4,     // NOT_FOUND
  kExitAuth = 5,         // UNAUTHENTICATED, PERMISSION_DENIED
  kExitUnavailable = 6,  // UNAVAILABLE, DEADLINE_EXCEEDED
};

int ExitCodeFor(grpc::StatusCode code);
int ExitCodeFor(absl::StatusCode code);

// "error: NOT_FOUND: households/x does not exist", then one indented line per field
// violation ("  household.region_code: must be 12 digits") and precondition violation
// ("  ETAG households/x: ..."), the error reason when it says more than the code, and a
// "hint:" line for UNAUTHENTICATED, PERMISSION_DENIED, UNAVAILABLE and
// DEADLINE_EXCEEDED. `address` is where the call went. Ends with a newline.
std::string RenderRpcError(const grpc::Status& status, absl::string_view address);

// A failure before any call ("error: --reason must say why"). Ends with a newline.
std::string RenderLocalError(const absl::Status& status);

// The hint shown when there is no token at all.
inline constexpr absl::string_view kTokenHint =
    "set RRMON_TOKEN or --token-file; issue one with rrctl token issue";

}  // namespace rrmon::rrctl

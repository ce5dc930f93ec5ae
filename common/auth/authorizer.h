#pragma once

// Authentication: who is calling, from the bearer token in the call metadata; and the
// token on outgoing calls. The checks on who may do what are access_rules.h (included
// here for the handlers), which use cases include without gRPC.

#include <grpcpp/client_context.h>
#include <grpcpp/support/string_ref.h>

#include <initializer_list>
#include <map>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/auth/access_rules.h"
#include "common/auth/principal.h"
#include "common/auth/token.h"
#include "common/time/clock.h"

namespace rrmon::auth {

class Authenticator {
 public:
  // `clock` must outlive the authenticator.
  Authenticator(TokenVerifier verifier, const Clock& clock);

  // Reads `authorization: Bearer <token>` (scheme case-insensitive) from the metadata of a
  // server call (ServerContext::client_metadata()). UNAUTHENTICATED when the header is
  // missing, repeated, of another scheme, or the token does not verify.
  absl::StatusOr<Principal> Authenticate(
      const std::multimap<grpc::string_ref, grpc::string_ref>& client_metadata) const;

 private:
  TokenVerifier verifier_;
  const Clock& clock_;
};

// Sets `authorization: Bearer <token>` on an outgoing call.
void AttachBearerToken(grpc::ClientContext& context, std::string_view token);

}  // namespace rrmon::auth

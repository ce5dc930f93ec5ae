#pragma once

// Authentication (who is calling, from the bearer token in the call metadata) and the two
// authorisation checks every handler makes: is this role allowed to do this, and is this
// region inside the caller's region prefix.

#include <grpcpp/client_context.h>
#include <grpcpp/support/string_ref.h>

#include <initializer_list>
#include <map>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
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

// Sets `authorization: Bearer <token>` on an outgoing call.
void AttachBearerToken(grpc::ClientContext& context, std::string_view token);

}  // namespace rrmon::auth

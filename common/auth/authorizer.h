#pragma once

// Authentication: who is calling, from the bearer token in the call metadata; and the
// token on outgoing calls. The checks on who may do what are access_rules.h (included
// here for the handlers), which use cases include without gRPC.

#include <grpcpp/client_context.h>
#include <grpcpp/support/string_ref.h>

#include <initializer_list>
#include <map>
#include <memory>
#include <string_view>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/types/span.h"
#include "common/auth/access_rules.h"
#include "common/auth/principal.h"
#include "common/auth/token.h"
#include "common/auth/verified_token_cache.h"
#include "common/time/clock.h"

namespace rrmon::auth {

class Authenticator {
 public:
  // `clock` must outlive the authenticator. Up to `cached_tokens` tokens that verified
  // are remembered until their expiry (VerifiedTokenCache); 0 checks every call in full.
  Authenticator(TokenVerifier verifier, const Clock& clock, size_t cached_tokens = 16384);

  // Reads `authorization: Bearer <token>` (scheme case-insensitive) from the metadata of a
  // server call (ServerContext::client_metadata()). UNAUTHENTICATED when the header is
  // missing, repeated, of another scheme, or the token does not verify.
  absl::StatusOr<Principal> Authenticate(
      const std::multimap<grpc::string_ref, grpc::string_ref>& client_metadata) const;

  // Trusts the keys of `verifier` from now on instead (a rotation, a revoked key): every
  // token verified with the old keys is forgotten and checked again on its next call.
  void SetVerifier(TokenVerifier verifier) ABSL_LOCKS_EXCLUDED(mu_);

  size_t cached_tokens() const { return cache_ != nullptr ? cache_->size() : 0; }

 private:
  std::shared_ptr<const TokenVerifier> verifier() const ABSL_LOCKS_EXCLUDED(mu_);

  mutable absl::Mutex mu_;
  std::shared_ptr<const TokenVerifier> verifier_ ABSL_GUARDED_BY(mu_);
  const Clock& clock_;
  const std::unique_ptr<VerifiedTokenCache> cache_;
};

// Sets `authorization: Bearer <token>` on an outgoing call.
void AttachBearerToken(grpc::ClientContext& context, std::string_view token);

}  // namespace rrmon::auth

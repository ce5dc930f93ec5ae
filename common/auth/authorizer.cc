#include "common/auth/authorizer.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_details.h"
#include "common/validation/string_interop.h"

namespace rrmon::auth {
namespace {

using validation::ToAbsl;
using validation::ToStd;

constexpr std::string_view kAuthorizationKey = "authorization";
constexpr std::string_view kBearerScheme = "Bearer";

absl::StatusOr<Principal> Verify(const TokenVerifier& verifier, std::string_view token,
                                 absl::Time now) {
  absl::StatusOr<Principal> principal = verifier.Verify(token, now);
  if (!principal.ok() && GetErrorReason(principal.status()).empty()) {
    return WithErrorReason(principal.status(), kTokenInvalid);
  }
  return principal;
}

}  // namespace

Authenticator::Authenticator(TokenVerifier verifier, const Clock& clock, size_t cached_tokens)
    : verifier_(std::make_shared<const TokenVerifier>(std::move(verifier))),
      clock_(clock),
      cache_(cached_tokens > 0 ? std::make_unique<VerifiedTokenCache>(cached_tokens) : nullptr) {}

std::shared_ptr<const TokenVerifier> Authenticator::verifier() const {
  absl::ReaderMutexLock lock(&mu_);
  return verifier_;
}

void Authenticator::SetVerifier(TokenVerifier verifier) {
  {
    absl::MutexLock lock(&mu_);
    verifier_ = std::make_shared<const TokenVerifier>(std::move(verifier));
  }
  // After the swap: a verification that read the old generation is refused by the cache,
  // and one that reads the new generation already uses the new keys.
  if (cache_ != nullptr) cache_->Clear();
}

absl::StatusOr<Principal> Authenticator::Authenticate(
    const std::multimap<grpc::string_ref, grpc::string_ref>& client_metadata) const {
  const auto [first, last] = client_metadata.equal_range(
      grpc::string_ref(kAuthorizationKey.data(), kAuthorizationKey.size()));
  if (first == last) {
    return WithErrorReason(absl::UnauthenticatedError("missing bearer token"), kTokenMissing);
  }
  // Two headers could be read differently by a proxy and by us; accept exactly one.
  if (std::next(first) != last) {
    return WithErrorReason(absl::UnauthenticatedError("more than one authorization header"),
                           kTokenInvalid);
  }
  const std::string_view value(first->second.data(), first->second.size());
  const size_t space = value.find(' ');
  const std::string_view scheme = value.substr(0, space);
  if (!absl::EqualsIgnoreCase(ToAbsl(scheme), ToAbsl(kBearerScheme))) {
    return WithErrorReason(absl::UnauthenticatedError("authorization scheme must be Bearer"),
                           kTokenInvalid);
  }
  const std::string_view token =
      space == std::string_view::npos
          ? std::string_view()
          : ToStd(absl::StripAsciiWhitespace(ToAbsl(value.substr(space + 1))));
  if (token.empty()) {
    return WithErrorReason(absl::UnauthenticatedError("missing bearer token"), kTokenMissing);
  }
  const absl::Time now = clock_.Now();
  if (cache_ == nullptr) return Verify(*verifier(), token, now);
  const VerifiedTokenCache::TokenDigest digest = VerifiedTokenCache::DigestOf(token);
  if (std::optional<Principal> known = cache_->Find(digest, now)) return *std::move(known);
  const uint64_t generation = cache_->generation();
  absl::StatusOr<Principal> principal = Verify(*verifier(), token, now);
  if (principal.ok()) cache_->Remember(digest, *principal, generation, now);
  return principal;
}

void AttachBearerToken(grpc::ClientContext& context, std::string_view token) {
  context.AddMetadata(std::string(kAuthorizationKey),
                      absl::StrCat(ToAbsl(kBearerScheme), " ", ToAbsl(token)));
}

}  // namespace rrmon::auth

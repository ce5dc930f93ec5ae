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

}  // namespace

Authenticator::Authenticator(TokenVerifier verifier, const Clock& clock)
    : verifier_(std::move(verifier)), clock_(clock) {}

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
  absl::StatusOr<Principal> principal = verifier_.Verify(token, clock_.Now());
  if (!principal.ok() && GetErrorReason(principal.status()).empty()) {
    return WithErrorReason(principal.status(), kTokenInvalid);
  }
  return principal;
}

void AttachBearerToken(grpc::ClientContext& context, std::string_view token) {
  context.AddMetadata(std::string(kAuthorizationKey),
                      absl::StrCat(ToAbsl(kBearerScheme), " ", ToAbsl(token)));
}

}  // namespace rrmon::auth

#include "common/auth/authorizer.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_details.h"
#include "common/validation/region_code.h"
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

absl::Status RequireRole(const Principal& principal, absl::Span<const Role> allowed,
                         std::string_view action) {
  for (Role role : allowed) {
    if (principal.role == role) return absl::OkStatus();
  }
  return WithErrorReason(absl::PermissionDeniedError(absl::StrCat("role ", RoleName(principal.role),
                                                                  " may not ", ToAbsl(action))),
                         kRoleNotAllowed);
}

absl::StatusOr<std::string> ScopedRegionPrefix(const Principal& caller,
                                               const std::string& requested) {
  std::string prefix = requested;
  if (prefix.empty()) {
    prefix = caller.region_prefix;
  } else if (absl::Status valid = validation::ValidateRegionPrefix(prefix, "region_prefix");
             !valid.ok()) {
    return valid;
  }
  if (absl::Status covered = RequireRegion(caller, prefix); !covered.ok()) return covered;
  return prefix;
}

absl::Status RequireRegion(const Principal& principal, std::string_view region_code_or_prefix) {
  if (validation::RegionCovers(principal.region_prefix, region_code_or_prefix)) {
    return absl::OkStatus();
  }
  // The requested value is echoed only when it looks like a region code: whatever else a
  // client sent there (possibly personal data) stays out of error messages and logs.
  const bool printable =
      !region_code_or_prefix.empty() && region_code_or_prefix.size() <= 12 &&
      std::all_of(region_code_or_prefix.begin(), region_code_or_prefix.end(),
                  [](char c) { return absl::ascii_isdigit(static_cast<unsigned char>(c)); });
  return WithErrorReason(absl::PermissionDeniedError(absl::StrCat(
                             "region ", ToAbsl(printable ? region_code_or_prefix : "(requested)"),
                             " is outside the caller's region ", principal.region_prefix)),
                         kRegionNotCovered);
}

bool CanSeeSensitiveData(const Principal& principal) {
  switch (principal.role) {
    case Role::ROLE_VILLAGE_CADRE:
    case Role::ROLE_TOWNSHIP_OFFICER:
    case Role::ROLE_COUNTY_OFFICER:
      return true;
    default:
      return false;
  }
}

void AttachBearerToken(grpc::ClientContext& context, std::string_view token) {
  context.AddMetadata(std::string(kAuthorizationKey),
                      absl::StrCat(ToAbsl(kBearerScheme), " ", ToAbsl(token)));
}

}  // namespace rrmon::auth

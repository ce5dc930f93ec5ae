#include "common/auth/authorizer.h"

#include <algorithm>
#include <iterator>
#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
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
  if (first == last) return absl::UnauthenticatedError("missing bearer token");
  // Two headers could be read differently by a proxy and by us; accept exactly one.
  if (std::next(first) != last) {
    return absl::UnauthenticatedError("more than one authorization header");
  }
  const std::string_view value(first->second.data(), first->second.size());
  const size_t space = value.find(' ');
  const std::string_view scheme = value.substr(0, space);
  if (!absl::EqualsIgnoreCase(ToAbsl(scheme), ToAbsl(kBearerScheme))) {
    return absl::UnauthenticatedError("authorization scheme must be Bearer");
  }
  const std::string_view token =
      space == std::string_view::npos
          ? std::string_view()
          : ToStd(absl::StripAsciiWhitespace(ToAbsl(value.substr(space + 1))));
  if (token.empty()) return absl::UnauthenticatedError("missing bearer token");
  return verifier_.Verify(token, clock_.Now());
}

absl::Status RequireRole(const Principal& principal, std::initializer_list<Role> allowed,
                         std::string_view action) {
  for (Role role : allowed) {
    if (principal.role == role) return absl::OkStatus();
  }
  return absl::PermissionDeniedError(
      absl::StrCat("role ", RoleName(principal.role), " may not ", ToAbsl(action)));
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
  return absl::PermissionDeniedError(
      absl::StrCat("region ", ToAbsl(printable ? region_code_or_prefix : "(requested)"),
                   " is outside the caller's region ", principal.region_prefix));
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

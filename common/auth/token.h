#pragma once

// Bearer tokens: JWT compact serialisation signed with Ed25519 ("alg": "EdDSA", RFC 8037).
// Claims: "sub", "role" (RoleName), "region" (region prefix), "iat" and "exp" (seconds
// since the epoch). Ed25519 has one fixed algorithm and no parameters to get wrong, and
// services only need the public key to verify. Error messages never contain a token.

#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include <openssl/evp.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/auth/principal.h"

namespace rrmon::auth {

// ErrorInfo reasons of UNAUTHENTICATED (docs/api-conventions.md): a missing token asks the
// client to sign in, an expired one to refresh, an invalid one is a bug or an attack.
inline constexpr char kTokenMissing[] = "TOKEN_MISSING";
inline constexpr char kTokenInvalid[] = "TOKEN_INVALID";
inline constexpr char kTokenExpired[] = "TOKEN_EXPIRED";

// How far a token's issue time may be ahead of the verifier's clock.
inline constexpr absl::Duration kMaxClockSkew = absl::Seconds(60);

// Writes a new Ed25519 key pair as PEM: the private key (PKCS#8, mode 0600) and the
// public key (SubjectPublicKeyInfo). ALREADY_EXISTS when either file exists: a key that
// tokens were issued with is never replaced by accident.
absl::Status GenerateSigningKeyPair(const std::string& private_key_path,
                                    const std::string& public_key_path);

// Issues tokens. Copies share the key; thread-safe.
class TokenSigner {
 public:
  static absl::StatusOr<TokenSigner> FromPrivateKeyFile(const std::string& path);
  static absl::StatusOr<TokenSigner> FromPrivateKeyPem(std::string_view pem);

  // INVALID_ARGUMENT (naming the Principal field) for an empty subject, an unspecified
  // role, an invalid region prefix, or an expire_time not after `now`.
  absl::StatusOr<std::string> Issue(const Principal& principal, absl::Time now) const;

 private:
  explicit TokenSigner(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {}
  std::shared_ptr<EVP_PKEY> key_;
};

// Verifies tokens. Copies share the key; thread-safe.
class TokenVerifier {
 public:
  // Accepts a public key PEM, or a private key PEM from which only the public key is kept.
  static absl::StatusOr<TokenVerifier> FromPublicKeyFile(const std::string& path);
  static absl::StatusOr<TokenVerifier> FromPublicKeyPem(std::string_view pem);

  // UNAUTHENTICATED with a distinct message for a malformed token, an unsupported
  // algorithm, a bad signature, an expired token, one issued in the future (beyond
  // kMaxClockSkew), a missing or unknown role and an invalid region.
  absl::StatusOr<Principal> Verify(std::string_view token, absl::Time now) const;

 private:
  explicit TokenVerifier(std::shared_ptr<EVP_PKEY> key) : key_(std::move(key)) {}
  std::shared_ptr<EVP_PKEY> key_;
};

}  // namespace rrmon::auth

#pragma once

// Bearer tokens: JWT compact serialisation signed with Ed25519 ("alg": "EdDSA", RFC 8037).
// Claims: "sub", "role" (RoleName), "region" (region prefix), "iat" and "exp" (seconds
// since the epoch). Ed25519 has one fixed algorithm and no parameters to get wrong, and
// services only need the public key to verify. Error messages never contain a token.

#include <openssl/evp.h>

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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

// What a verifier requires of a token beyond its signature (configuration of each
// service: auth.max_token_lifetime_people / _services; the audience is the service).
struct TokenPolicy {
  // The "aud" the token must carry; empty accepts any (tests of the token format only).
  std::string audience;
  // From issue to expiry, at most: hours for the people of a working day, longer for the
  // services that call each other (their tokens are files an operator renews).
  absl::Duration max_lifetime_people = absl::Hours(12);
  absl::Duration max_lifetime_services = absl::Hours(24 * 30);
};

// The longest lifetime `policy` allows a token of `role`.
absl::Duration MaxTokenLifetime(Role role, const TokenPolicy& policy);

// Whether a token of `role` may cover `region_prefix`: a village cadre a village (12
// digits), a township officer a township (9), a county officer a county (6) or a
// prefecture (4); analysts and services any area. INVALID_ARGUMENT naming region_prefix
// otherwise: a village cadre for a whole province is an issuing mistake.
absl::Status CheckRegionFitsRole(Role role, std::string_view region_prefix);

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
  // role, an invalid region prefix, or an expire_time not after `now`. The token names its
  // key ("kid", KeyId) and, when principal.audience is set, its audience ("aud").
  absl::StatusOr<std::string> Issue(const Principal& principal, absl::Time now) const;

  // The key's id: 16 base64url characters of the SHA-256 of its raw public key.
  const std::string& key_id() const { return key_id_; }

 private:
  TokenSigner(std::shared_ptr<EVP_PKEY> key, std::string key_id)
      : key_(std::move(key)), key_id_(std::move(key_id)) {}
  std::shared_ptr<EVP_PKEY> key_;
  std::string key_id_;
};

// Verifies tokens. Copies share the key; thread-safe.
class TokenVerifier {
 public:
  // `paths` is one key file or several separated by commas: during a key rotation the
  // services trust the old and the new key, each token naming its own by "kid". Each file
  // is a public key PEM, or a private key PEM from which only the public key is kept.
  static absl::StatusOr<TokenVerifier> FromPublicKeyFile(const std::string& paths,
                                                         TokenPolicy policy = {});
  static absl::StatusOr<TokenVerifier> FromPublicKeyPem(std::string_view pem,
                                                        TokenPolicy policy = {});

  // UNAUTHENTICATED with a distinct message for a malformed token, an unsupported
  // algorithm, an unknown key id, a bad signature, an expired token, one not valid yet
  // ("nbf") or issued in the future (beyond kMaxClockSkew), one that lives longer than the
  // policy allows its role, one for another audience, a missing or unknown role and an
  // invalid region.
  absl::StatusOr<Principal> Verify(std::string_view token, absl::Time now) const;

 private:
  struct Key {
    std::string id;
    std::shared_ptr<EVP_PKEY> key;
  };
  TokenVerifier(std::vector<Key> keys, TokenPolicy policy)
      : keys_(std::move(keys)), policy_(std::move(policy)) {}
  std::vector<Key> keys_;
  TokenPolicy policy_;
};

}  // namespace rrmon::auth

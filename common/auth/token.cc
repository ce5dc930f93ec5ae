#include "common/auth/token.h"

#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdint>
#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status/status_details.h"
#include "common/validation/field_error.h"
#include "common/validation/region_code.h"
#include "common/validation/text.h"

namespace rrmon::auth {
namespace {

using Json = nlohmann::json;
using KeyPtr = std::shared_ptr<EVP_PKEY>;

constexpr std::string_view kAlgorithm = "EdDSA";
constexpr size_t kKeyIdLength = 16;
constexpr size_t kEd25519SignatureSize = 64;
// Far above a real token (~300 bytes); bounds the work done before the signature check.
constexpr size_t kMaxTokenSize = 4096;
constexpr size_t kMaxHeaderSize = 256;
constexpr size_t kMaxKeyFileSize = 64 * 1024;
constexpr size_t kMaxSubjectLength = 128;
// 9999-12-31T23:59:59Z: keeps claim arithmetic far from overflow.
constexpr int64_t kMaxEpochSeconds = 253402300799;

constexpr std::string_view kBase64UrlAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string Base64UrlEncode(std::string_view data) {
  std::string out;
  out.reserve((data.size() * 4 + 2) / 3);
  size_t i = 0;
  for (; i + 3 <= data.size(); i += 3) {
    const uint32_t n = (uint32_t{static_cast<uint8_t>(data[i])} << 16) |
                       (uint32_t{static_cast<uint8_t>(data[i + 1])} << 8) |
                       uint32_t{static_cast<uint8_t>(data[i + 2])};
    out += kBase64UrlAlphabet[(n >> 18) & 63];
    out += kBase64UrlAlphabet[(n >> 12) & 63];
    out += kBase64UrlAlphabet[(n >> 6) & 63];
    out += kBase64UrlAlphabet[n & 63];
  }
  if (const size_t rest = data.size() - i; rest > 0) {
    uint32_t n = uint32_t{static_cast<uint8_t>(data[i])} << 16;
    if (rest == 2) n |= uint32_t{static_cast<uint8_t>(data[i + 1])} << 8;
    out += kBase64UrlAlphabet[(n >> 18) & 63];
    out += kBase64UrlAlphabet[(n >> 12) & 63];
    if (rest == 2) out += kBase64UrlAlphabet[(n >> 6) & 63];
  }
  return out;
}

int Base64UrlValue(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '-') return 62;
  if (c == '_') return 63;
  return -1;
}

// Strict: the URL-safe alphabet, no padding, no whitespace, and zero unused trailing bits,
// so every byte string has exactly one accepted encoding.
std::optional<std::string> Base64UrlDecode(std::string_view text) {
  if (text.size() % 4 == 1) return std::nullopt;
  std::string out;
  out.reserve(text.size() * 3 / 4);
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    const int value = Base64UrlValue(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if ((buffer & ((1u << bits) - 1)) != 0) return std::nullopt;
  return out;
}

KeyPtr WrapKey(EVP_PKEY* key) { return KeyPtr(key, EVP_PKEY_free); }

// OpenSSL queues errors per thread; leaving them would confuse the next OpenSSL user
// (gRPC's TLS among them).
absl::Status OpenSslError(absl::StatusCode code, std::string_view what) {
  ERR_clear_error();
  return absl::Status(code, std::string(what));
}

// Never prompt on a terminal for the passphrase of an encrypted key.
int NoPassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) { return -1; }

struct BioDeleter {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
using BioPtr = std::unique_ptr<BIO, BioDeleter>;

struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

BioPtr MemoryBio(std::string_view pem) {
  return BioPtr(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

absl::StatusOr<std::string> ReadKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::ErrnoToStatus(errno, absl::StrCat("cannot read key file ", path));
  std::ostringstream content;
  content << in.rdbuf();
  std::string text = std::move(content).str();
  if (text.size() > kMaxKeyFileSize) {
    return absl::InvalidArgumentError(absl::StrCat("key file ", path, " is too large"));
  }
  return text;
}

absl::Status CheckEd25519(const KeyPtr& key) {
  if (EVP_PKEY_get_id(key.get()) != EVP_PKEY_ED25519) {
    return absl::InvalidArgumentError("the key is not an Ed25519 key");
  }
  return absl::OkStatus();
}

absl::StatusOr<KeyPtr> ReadPrivateKey(std::string_view pem) {
  if (pem.size() > kMaxKeyFileSize) return absl::InvalidArgumentError("key PEM is too large");
  BioPtr bio = MemoryBio(pem);
  if (bio == nullptr) return OpenSslError(absl::StatusCode::kInternal, "out of memory");
  KeyPtr key = WrapKey(PEM_read_bio_PrivateKey(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key == nullptr) {
    return OpenSslError(absl::StatusCode::kInvalidArgument, "not an unencrypted PEM private key");
  }
  if (absl::Status status = CheckEd25519(key); !status.ok()) return status;
  return key;
}

absl::StatusOr<KeyPtr> ReadPublicKey(std::string_view pem) {
  if (pem.size() > kMaxKeyFileSize) return absl::InvalidArgumentError("key PEM is too large");
  BioPtr bio = MemoryBio(pem);
  if (bio == nullptr) return OpenSslError(absl::StatusCode::kInternal, "out of memory");
  KeyPtr key = WrapKey(PEM_read_bio_PUBKEY(bio.get(), nullptr, NoPassphrase, nullptr));
  if (key != nullptr) {
    if (absl::Status status = CheckEd25519(key); !status.ok()) return status;
    return key;
  }
  ERR_clear_error();
  absl::StatusOr<KeyPtr> private_key = ReadPrivateKey(pem);
  if (!private_key.ok()) {
    return absl::InvalidArgumentError("not a PEM public key or unencrypted private key");
  }
  // Keep only the public half, so a verifier never holds signing material.
  std::array<unsigned char, 32> raw{};
  size_t raw_size = raw.size();
  if (EVP_PKEY_get_raw_public_key(private_key->get(), raw.data(), &raw_size) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "cannot derive the public key");
  }
  key = WrapKey(EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, raw.data(), raw_size));
  if (key == nullptr) {
    return OpenSslError(absl::StatusCode::kInternal, "cannot derive the public key");
  }
  return key;
}

absl::StatusOr<std::string> BioContents(BIO* bio) {
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  if (size <= 0 || data == nullptr) {
    return OpenSslError(absl::StatusCode::kInternal, "cannot encode the key");
  }
  return std::string(data, static_cast<size_t>(size));
}

// Creates `path` (never replacing an existing file) with exactly `mode`, whatever the umask.
absl::Status WriteNewFile(const std::string& path, std::string_view content, mode_t mode) {
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, mode);
  if (fd < 0) {
    if (errno == EEXIST) return absl::AlreadyExistsError(absl::StrCat(path, " already exists"));
    return absl::ErrnoToStatus(errno, absl::StrCat("cannot create ", path));
  }
  bool ok = fchmod(fd, mode) == 0;
  size_t written = 0;
  while (ok && written < content.size()) {
    const ssize_t n = write(fd, content.data() + written, content.size() - written);
    if (n < 0 && errno == EINTR) continue;
    ok = n > 0;
    if (ok) written += static_cast<size_t>(n);
  }
  ok = ok && fsync(fd) == 0;
  const int saved_errno = errno;
  ok = close(fd) == 0 && ok;
  if (!ok) {
    unlink(path.c_str());
    return absl::ErrnoToStatus(saved_errno, absl::StrCat("cannot write ", path));
  }
  return absl::OkStatus();
}

bool PathExists(const std::string& path) {
  struct stat info;
  return lstat(path.c_str(), &info) == 0;
}

absl::Status Unauthenticated(std::string_view message) {
  return absl::UnauthenticatedError(std::string(message));
}

std::vector<std::string_view> SplitOnDots(std::string_view token) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t dot = token.find('.', start);
    parts.push_back(token.substr(start, dot - start));
    if (dot == std::string_view::npos) return parts;
    start = dot + 1;
  }
}

// A NumericDate claim, as issued: a whole number of seconds in [0, kMaxEpochSeconds].
std::optional<int64_t> EpochSecondsClaim(const Json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end() || !it->is_number_integer()) return std::nullopt;
  if (it->is_number_unsigned()) {
    const uint64_t value = it->get<uint64_t>();
    if (value > static_cast<uint64_t>(kMaxEpochSeconds)) return std::nullopt;
    return static_cast<int64_t>(value);
  }
  const int64_t value = it->get<int64_t>();
  if (value < 0 || value > kMaxEpochSeconds) return std::nullopt;
  return value;
}

std::optional<std::string> StringClaim(const Json& claims, const char* name) {
  const auto it = claims.find(name);
  if (it == claims.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

// RFC 7519 4.1.3: "aud" is one string or an array of them.
bool HasAudience(const Json& claims, const std::string& audience) {
  const auto it = claims.find("aud");
  if (it == claims.end()) return false;
  if (it->is_string()) return it->get<std::string>() == audience;
  if (!it->is_array()) return false;
  for (const Json& entry : *it) {
    if (entry.is_string() && entry.get<std::string>() == audience) return true;
  }
  return false;
}

// 16 base64url characters of the SHA-256 of the raw Ed25519 public key: a name for the key
// that reveals nothing and is the same wherever the key is loaded from.
absl::StatusOr<std::string> KeyIdOf(EVP_PKEY* key) {
  std::array<unsigned char, 32> raw{};
  size_t raw_size = raw.size();
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int digest_size = 0;
  if (EVP_PKEY_get_raw_public_key(key, raw.data(), &raw_size) != 1 ||
      EVP_Digest(raw.data(), raw_size, digest.data(), &digest_size, EVP_sha256(), nullptr) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "cannot compute the key id");
  }
  return Base64UrlEncode(
             std::string_view(reinterpret_cast<const char*>(digest.data()), digest_size))
      .substr(0, kKeyIdLength);
}

}  // namespace

absl::Duration MaxTokenLifetime(Role role, const TokenPolicy& policy) {
  return role == Role::ROLE_SERVICE ? policy.max_lifetime_services : policy.max_lifetime_people;
}

absl::Status CheckRegionFitsRole(Role role, std::string_view region_prefix) {
  if (absl::Status status = validation::ValidateRegionPrefix(region_prefix, "region_prefix");
      !status.ok()) {
    return status;
  }
  const size_t digits = region_prefix.size();
  switch (role) {
    case Role::ROLE_VILLAGE_CADRE:
      if (digits == 12) return absl::OkStatus();
      return validation::FieldError("region_prefix",
                                    "a village cadre's token covers one village (12 digits)");
    case Role::ROLE_TOWNSHIP_OFFICER:
      if (digits == 9) return absl::OkStatus();
      return validation::FieldError("region_prefix",
                                    "a township officer's token covers one township (9 digits)");
    case Role::ROLE_COUNTY_OFFICER:
      if (digits == 6 || digits == 4) return absl::OkStatus();
      return validation::FieldError(
          "region_prefix",
          "a county officer's token covers a county (6 digits) or a prefecture (4)");
    default:
      return absl::OkStatus();
  }
}

absl::Status GenerateSigningKeyPair(const std::string& private_key_path,
                                    const std::string& public_key_path) {
  if (private_key_path.empty() || public_key_path.empty() || private_key_path == public_key_path) {
    return absl::InvalidArgumentError("the private and public key need two distinct paths");
  }
  for (const std::string* path : {&private_key_path, &public_key_path}) {
    if (PathExists(*path)) return absl::AlreadyExistsError(absl::StrCat(*path, " already exists"));
  }
  std::unique_ptr<EVP_PKEY_CTX, decltype(&EVP_PKEY_CTX_free)> ctx(
      EVP_PKEY_CTX_new_id(EVP_PKEY_ED25519, nullptr), EVP_PKEY_CTX_free);
  EVP_PKEY* raw_key = nullptr;
  if (ctx == nullptr || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_keygen(ctx.get(), &raw_key) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "cannot generate an Ed25519 key");
  }
  KeyPtr key = WrapKey(raw_key);

  BioPtr private_bio(BIO_new(BIO_s_mem()));
  BioPtr public_bio(BIO_new(BIO_s_mem()));
  if (private_bio == nullptr || public_bio == nullptr ||
      PEM_write_bio_PrivateKey(private_bio.get(), key.get(), nullptr, nullptr, 0, nullptr,
                               nullptr) != 1 ||
      PEM_write_bio_PUBKEY(public_bio.get(), key.get()) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "cannot encode the key pair");
  }
  absl::StatusOr<std::string> private_pem = BioContents(private_bio.get());
  if (!private_pem.ok()) return private_pem.status();
  absl::StatusOr<std::string> public_pem = BioContents(public_bio.get());
  if (!public_pem.ok()) return public_pem.status();

  absl::Status status = WriteNewFile(private_key_path, *private_pem, 0600);
  OPENSSL_cleanse(private_pem->data(), private_pem->size());
  if (!status.ok()) return status;
  status = WriteNewFile(public_key_path, *public_pem, 0644);
  // Half a key pair is useless and would block the next attempt with ALREADY_EXISTS.
  if (!status.ok()) unlink(private_key_path.c_str());
  return status;
}

absl::StatusOr<TokenSigner> TokenSigner::FromPrivateKeyFile(const std::string& path) {
  absl::StatusOr<std::string> pem = ReadKeyFile(path);
  if (!pem.ok()) return pem.status();
  absl::StatusOr<TokenSigner> signer = FromPrivateKeyPem(*pem);
  OPENSSL_cleanse(pem->data(), pem->size());
  if (!signer.ok()) {
    return absl::Status(signer.status().code(),
                        absl::StrCat(path, ": ", signer.status().message()));
  }
  return signer;
}

absl::StatusOr<TokenSigner> TokenSigner::FromPrivateKeyPem(std::string_view pem) {
  absl::StatusOr<KeyPtr> key = ReadPrivateKey(pem);
  if (!key.ok()) return key.status();
  absl::StatusOr<std::string> id = KeyIdOf(key->get());
  if (!id.ok()) return id.status();
  return TokenSigner(*std::move(key), *std::move(id));
}

absl::StatusOr<std::string> TokenSigner::Issue(const Principal& principal, absl::Time now) const {
  if (principal.subject.empty()) return validation::FieldError("subject", "must not be empty");
  if (absl::Status status =
          validation::ValidateFreeText(principal.subject, "subject", kMaxSubjectLength, true);
      !status.ok()) {
    return status;
  }
  if (principal.subject.find_first_of("\n\t") != std::string::npos) {
    return validation::FieldError("subject", "must be a single line");
  }
  if (RoleName(principal.role) == "unspecified") {
    return validation::FieldError("role", "must be a known role");
  }
  if (absl::Status status =
          validation::ValidateRegionPrefix(principal.region_prefix, "region_prefix");
      !status.ok()) {
    return status;
  }
  const int64_t issued = absl::ToUnixSeconds(now);
  const int64_t expires = absl::ToUnixSeconds(principal.expire_time);
  if (issued < 0 || issued > kMaxEpochSeconds) {
    return absl::InvalidArgumentError("the issue time is out of range");
  }
  if (expires <= issued) {
    return validation::FieldError("expire_time", "must be after the issue time");
  }
  if (expires > kMaxEpochSeconds) {
    return validation::FieldError("expire_time", "must be before the year 10000");
  }

  Json claims = {{"sub", principal.subject},
                 {"role", RoleName(principal.role)},
                 {"region", principal.region_prefix},
                 {"iat", issued},
                 {"exp", expires}};
  if (!principal.audience.empty()) claims["aud"] = principal.audience;
  const Json header = {{"alg", kAlgorithm}, {"kid", key_id_}, {"typ", "JWT"}};
  const std::string signing_input =
      absl::StrCat(Base64UrlEncode(header.dump()), ".", Base64UrlEncode(claims.dump()));

  MdCtxPtr ctx(EVP_MD_CTX_new());
  std::string signature(kEd25519SignatureSize, '\0');
  size_t signature_size = signature.size();
  if (ctx == nullptr || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &signature_size,
                     reinterpret_cast<const unsigned char*>(signing_input.data()),
                     signing_input.size()) != 1 ||
      signature_size != kEd25519SignatureSize) {
    return OpenSslError(absl::StatusCode::kInternal, "cannot sign the token");
  }
  return absl::StrCat(signing_input, ".", Base64UrlEncode(signature));
}

absl::StatusOr<TokenVerifier> TokenVerifier::FromPublicKeyFile(const std::string& paths,
                                                               TokenPolicy policy) {
  std::vector<Key> keys;
  for (absl::string_view part : absl::StrSplit(paths, ',')) {
    const std::string path(absl::StripAsciiWhitespace(part));
    if (path.empty()) continue;
    absl::StatusOr<std::string> pem = ReadKeyFile(path);
    if (!pem.ok()) return pem.status();
    absl::StatusOr<TokenVerifier> one = FromPublicKeyPem(*pem);
    // The file may hold a private key.
    OPENSSL_cleanse(pem->data(), pem->size());
    if (!one.ok()) {
      return absl::Status(one.status().code(), absl::StrCat(path, ": ", one.status().message()));
    }
    for (const Key& key : keys) {
      if (key.id == one->keys_.front().id) {
        return absl::InvalidArgumentError(absl::StrCat(path, ": the same key is listed twice"));
      }
    }
    keys.push_back(one->keys_.front());
  }
  if (keys.empty()) return absl::InvalidArgumentError("no token public key file given");
  return TokenVerifier(std::move(keys), std::move(policy));
}

absl::StatusOr<TokenVerifier> TokenVerifier::FromPublicKeyPem(std::string_view pem,
                                                              TokenPolicy policy) {
  absl::StatusOr<KeyPtr> key = ReadPublicKey(pem);
  if (!key.ok()) return key.status();
  absl::StatusOr<std::string> id = KeyIdOf(key->get());
  if (!id.ok()) return id.status();
  return TokenVerifier({Key{*std::move(id), *std::move(key)}}, std::move(policy));
}

absl::StatusOr<Principal> TokenVerifier::Verify(std::string_view token, absl::Time now) const {
  if (token.empty() || token.size() > kMaxTokenSize) return Unauthenticated("malformed token");
  const std::vector<std::string_view> parts = SplitOnDots(token);
  if (parts.size() != 3 || parts[0].empty() || parts[1].empty() ||
      parts[0].size() > kMaxHeaderSize) {
    return Unauthenticated("malformed token");
  }
  const std::optional<std::string> header_json = Base64UrlDecode(parts[0]);
  if (!header_json.has_value()) return Unauthenticated("malformed token");
  const Json header = Json::parse(*header_json, nullptr, /*allow_exceptions=*/false);
  if (header.is_discarded() || !header.is_object()) return Unauthenticated("malformed token");
  if (StringClaim(header, "alg") != kAlgorithm) {
    return Unauthenticated("unsupported token algorithm; only EdDSA is accepted");
  }
  // RFC 7515: a verifier must reject critical extensions it does not understand.
  if (header.contains("crit")) {
    return Unauthenticated("unsupported critical token header parameters");
  }

  // The key is chosen among the configured ones by its id, never taken from the token
  // ("jwk", "jku" are not read). A token without "kid" comes from an issuer older than key
  // rotation and is accepted only while a single key is trusted.
  const EVP_PKEY* key = nullptr;
  if (const auto kid = header.find("kid"); kid != header.end()) {
    if (!kid->is_string()) return Unauthenticated("malformed token");
    for (const Key& candidate : keys_) {
      if (candidate.id == kid->get<std::string>()) key = candidate.key.get();
    }
    if (key == nullptr) return Unauthenticated("token signed by an unknown or retired key");
  } else if (keys_.size() == 1) {
    key = keys_.front().key.get();
  } else {
    return Unauthenticated("token names no signing key (kid)");
  }

  const std::optional<std::string> signature = Base64UrlDecode(parts[2]);
  if (!signature.has_value() || signature->empty()) return Unauthenticated("malformed token");
  const std::string_view signing_input = token.substr(0, parts[0].size() + 1 + parts[1].size());
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (ctx == nullptr ||
      EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, const_cast<EVP_PKEY*>(key)) != 1) {
    return OpenSslError(absl::StatusCode::kInternal, "cannot verify the token");
  }
  if (signature->size() != kEd25519SignatureSize ||
      EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                       signature->size(),
                       reinterpret_cast<const unsigned char*>(signing_input.data()),
                       signing_input.size()) != 1) {
    return OpenSslError(absl::StatusCode::kUnauthenticated, "token signature is invalid");
  }

  // Signed by our key from here on: what follows catches issuer bugs and stale tokens.
  const std::optional<std::string> claims_json = Base64UrlDecode(parts[1]);
  if (!claims_json.has_value()) return Unauthenticated("malformed token claims");
  const Json claims = Json::parse(*claims_json, nullptr, /*allow_exceptions=*/false);
  if (claims.is_discarded() || !claims.is_object()) {
    return Unauthenticated("malformed token claims");
  }
  const std::optional<int64_t> issued = EpochSecondsClaim(claims, "iat");
  const std::optional<int64_t> expires = EpochSecondsClaim(claims, "exp");
  if (!issued.has_value() || !expires.has_value() || *expires <= *issued) {
    return Unauthenticated("malformed token claims: bad iat or exp");
  }
  if (now >= absl::FromUnixSeconds(*expires)) {
    return WithErrorReason(Unauthenticated("token has expired"), kTokenExpired);
  }
  if (absl::FromUnixSeconds(*issued) > now + kMaxClockSkew) {
    return Unauthenticated("token was issued in the future");
  }
  if (claims.contains("nbf")) {
    const std::optional<int64_t> not_before = EpochSecondsClaim(claims, "nbf");
    if (!not_before.has_value()) return Unauthenticated("malformed token claims: bad nbf");
    if (absl::FromUnixSeconds(*not_before) > now + kMaxClockSkew) {
      return Unauthenticated("token is not valid yet");
    }
  }
  if (!policy_.audience.empty() && !HasAudience(claims, policy_.audience)) {
    return Unauthenticated("token was issued for another service");
  }
  std::optional<std::string> subject = StringClaim(claims, "sub");
  if (!subject.has_value() || subject->empty()) return Unauthenticated("token has no subject");
  const std::optional<std::string> role_name = StringClaim(claims, "role");
  if (!role_name.has_value() || role_name->empty()) return Unauthenticated("token has no role");
  absl::StatusOr<Role> role = ParseRoleName(*role_name);
  if (!role.ok()) return Unauthenticated("token has an unknown role");
  std::optional<std::string> region = StringClaim(claims, "region");
  if (!region.has_value() || !validation::ValidateRegionPrefix(*region, "region").ok()) {
    return Unauthenticated("token has an invalid region prefix");
  }

  // A leaked token is a leaked session: its life is bounded by the role, whatever the
  // issuer wrote.
  if (absl::Seconds(*expires - *issued) > MaxTokenLifetime(*role, policy_)) {
    return Unauthenticated("token lives longer than its role allows");
  }

  Principal principal;
  principal.subject = *std::move(subject);
  principal.role = *role;
  principal.region_prefix = *std::move(region);
  principal.expire_time = absl::FromUnixSeconds(*expires);
  principal.audience = policy_.audience;
  return principal;
}

}  // namespace rrmon::auth

#include "common/cache/encrypted_store.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace rrmon {
namespace {

constexpr char kFormatVersion = '\x01';
constexpr size_t kNonceBytes = 12;
constexpr size_t kTagBytes = 16;

struct CipherContextFree {
  void operator()(EVP_CIPHER_CTX* context) const { EVP_CIPHER_CTX_free(context); }
};
using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, CipherContextFree>;

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

}  // namespace

absl::StatusOr<CacheEncryptionKey> LoadCacheEncryptionKey(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cache encryption key ", path, ": ", std::strerror(errno)));
  }
  if ((info.st_mode & (S_IRWXG | S_IRWXO)) != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("cache encryption key ", path, " is readable by others; chmod 600 it"));
  }
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  const std::string hex(absl::StripAsciiWhitespace(text.str()));
  const bool all_hex = std::all_of(hex.begin(), hex.end(), [](char c) {
    return absl::ascii_isxdigit(static_cast<unsigned char>(c));
  });
  if (!file || hex.size() != 2 * kCacheKeyBytes || !all_hex) {
    return absl::InvalidArgumentError(absl::StrCat(
        "cache encryption key ", path, " must hold 64 hexadecimal characters (32 bytes)"));
  }
  const std::string bytes = absl::HexStringToBytes(hex);
  CacheEncryptionKey key;
  std::memcpy(key.data(), bytes.data(), key.size());
  return key;
}

absl::Status WriteNewCacheEncryptionKey(const std::string& path) {
  CacheEncryptionKey key;
  if (RAND_bytes(key.data(), static_cast<int>(key.size())) != 1) {
    return absl::InternalError("no random bytes for a cache encryption key");
  }
  const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return absl::AlreadyExistsError(absl::StrCat(path, " already exists"));
    return absl::InvalidArgumentError(absl::StrCat(path, ": ", std::strerror(errno)));
  }
  const std::string text = absl::StrCat(absl::BytesToHexString(absl::string_view(
                                            reinterpret_cast<const char*>(key.data()), key.size())),
                                        "\n");
  const bool written = write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  close(fd);
  if (!written) return absl::InternalError(absl::StrCat("cannot write ", path));
  return absl::OkStatus();
}

EncryptedStore::EncryptedStore(KeyValueStore& inner, const CacheEncryptionKey& key)
    : inner_(inner), key_(key) {}

absl::Status EncryptedStore::Set(std::string_view key, std::string_view value, absl::Duration ttl) {
  std::string sealed(1 + kNonceBytes + value.size() + kTagBytes, '\0');
  sealed[0] = kFormatVersion;
  auto* nonce = reinterpret_cast<unsigned char*>(&sealed[1]);
  if (RAND_bytes(nonce, kNonceBytes) != 1) return absl::InternalError("no random nonce");
  CipherContext context(EVP_CIPHER_CTX_new());
  int length = 0;
  auto* out = reinterpret_cast<unsigned char*>(&sealed[1 + kNonceBytes]);
  if (context == nullptr ||
      EVP_EncryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) != 1 ||
      EVP_EncryptUpdate(context.get(), nullptr, &length, Bytes(key),
                        static_cast<int>(key.size())) != 1 ||
      EVP_EncryptUpdate(context.get(), out, &length, Bytes(value),
                        static_cast<int>(value.size())) != 1 ||
      EVP_EncryptFinal_ex(context.get(), out + length, &length) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, out + value.size()) !=
          1) {
    return absl::InternalError("cannot encrypt a cache value");
  }
  return inner_.Set(key, sealed, ttl);
}

absl::StatusOr<std::optional<std::string>> EncryptedStore::Get(std::string_view key) {
  absl::StatusOr<std::optional<std::string>> sealed = inner_.Get(key);
  if (!sealed.ok() || !sealed->has_value()) return sealed;
  const std::string& bytes = **sealed;
  if (bytes.size() < 1 + kNonceBytes + kTagBytes || bytes[0] != kFormatVersion) {
    return std::optional<std::string>(std::string());
  }
  const size_t plain_size = bytes.size() - 1 - kNonceBytes - kTagBytes;
  const auto* nonce = Bytes(bytes) + 1;
  const auto* cipher = nonce + kNonceBytes;
  std::string plain(plain_size, '\0');
  auto* out = reinterpret_cast<unsigned char*>(plain.data());
  CipherContext context(EVP_CIPHER_CTX_new());
  int length = 0;
  // The tag is set before the final step, which fails when it does not match.
  std::string tag(bytes.substr(bytes.size() - kTagBytes));
  if (context == nullptr ||
      EVP_DecryptInit_ex(context.get(), EVP_aes_256_gcm(), nullptr, key_.data(), nonce) != 1 ||
      EVP_DecryptUpdate(context.get(), nullptr, &length, Bytes(key),
                        static_cast<int>(key.size())) != 1 ||
      EVP_DecryptUpdate(context.get(), out, &length, cipher, static_cast<int>(plain_size)) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
      EVP_DecryptFinal_ex(context.get(), out + length, &length) != 1) {
    return std::optional<std::string>(std::string());
  }
  return std::optional<std::string>(std::move(plain));
}

absl::Status EncryptedStore::Delete(std::string_view key) { return inner_.Delete(key); }

}  // namespace rrmon

#pragma once

// Builds tokens the production signer would never issue (other algorithms, odd claims),
// signed with a real key, to check that the verifier rejects them for the right reason.

#include <openssl/evp.h>
#include <openssl/pem.h>

#include <memory>
#include <string>
#include <string_view>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace rrmon::auth::testing {

// base64url without padding, from absl rather than the code under test.
inline std::string B64(std::string_view data) {
  return absl::WebSafeBase64Escape(absl::string_view(data.data(), data.size()));
}

// Signs `header.claims` (JSON texts) with the Ed25519 private key in `pem`.
inline std::string SignWithPem(const std::string& pem, std::string_view header_json,
                               std::string_view claims_json) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(
      BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())), BIO_free);
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr), EVP_PKEY_free);
  if (key == nullptr) return "";
  const std::string input = B64(header_json) + "." + B64(claims_json);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  std::string signature(64, '\0');
  size_t size = signature.size();
  if (EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1 ||
      EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(signature.data()), &size,
                     reinterpret_cast<const unsigned char*>(input.data()), input.size()) != 1) {
    return "";
  }
  return absl::StrCat(input, ".", B64(signature));
}

}  // namespace rrmon::auth::testing

#pragma once

// Names derived from personal data that must not reveal it: a cache key for an ID
// number, say. A plain SHA-256 of an ID number can be reversed by hashing every possible
// number (a few hundred billion: areas × birthdays × sequences); an HMAC under a secret
// the service holds cannot.

#include <string>

#include "absl/strings/string_view.h"

namespace rrmon {

// Lowercase hex HMAC-SHA-256 of `bytes` under `secret`.
std::string HmacSha256Hex(absl::string_view secret, absl::string_view bytes);

}  // namespace rrmon

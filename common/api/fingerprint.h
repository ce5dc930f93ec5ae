#pragma once

// Stable fingerprints of requests: the same request gives the same fingerprint in
// every process and release, so an idempotency record written by one replica is
// recognised by another.

#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace rrmon {

// Lowercase hex SHA-256 of `bytes`.
std::string Sha256Hex(absl::string_view bytes);

// SHA-256 of the message's deterministic serialization, lowercase hex.
std::string MessageFingerprint(const google::protobuf::Message& message);

// The first 8 bytes of a SHA-256, for page tokens.
uint64_t Fingerprint64(absl::string_view bytes);

}  // namespace rrmon

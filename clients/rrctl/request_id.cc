#include "clients/rrctl/request_id.h"

#include <array>
#include <cstdint>
#include <string>

#include "absl/random/random.h"
#include "absl/strings/ascii.h"

namespace rrmon::rrctl {

std::string NewRequestId() {
  absl::BitGen generator;
  std::array<uint8_t, 16> bytes;
  for (uint8_t& byte : bytes) byte = absl::Uniform<uint8_t>(generator);
  bytes[6] = static_cast<uint8_t>((bytes[6] & 0x0f) | 0x40);  // version 4
  bytes[8] = static_cast<uint8_t>((bytes[8] & 0x3f) | 0x80);  // RFC 4122 variant
  constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id.push_back('-');
    id.push_back(kHex[bytes[i] >> 4]);
    id.push_back(kHex[bytes[i] & 0x0f]);
  }
  return id;
}

std::string RequestIdOrNew(absl::string_view given) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(given);
  return trimmed.empty() ? NewRequestId() : std::string(trimmed);
}

}  // namespace rrmon::rrctl

#pragma once

// Idempotent creating calls (AIP-155): a client-chosen request_id names the call, and the
// service answers a retry with the first call's stored response. The key also holds the
// method and a fingerprint of the whole request, so an id reused for a different request
// is refused instead of answered with an unrelated response.

#include <optional>
#include <string>

#include "google/protobuf/message.h"

namespace rrmon {

struct RequestKey {
  std::string request_id;
  std::string method;       // "CreateHousehold"
  std::string fingerprint;  // of the request, so a reused id with another body is caught
};

// nullopt when the client sent no request_id (the call is not deduplicated).
std::optional<RequestKey> RequestKeyOf(const std::string& request_id, const std::string& method,
                                       const google::protobuf::Message& request);

}  // namespace rrmon

#include "common/api/request_key.h"

#include "common/api/fingerprint.h"

namespace rrmon {

std::optional<RequestKey> RequestKeyOf(const std::string& request_id, const std::string& method,
                                       const google::protobuf::Message& request) {
  if (request_id.empty()) return std::nullopt;
  return RequestKey{request_id, method, MessageFingerprint(request)};
}

}  // namespace rrmon

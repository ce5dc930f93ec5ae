#include "common/api/page_token.h"

#include "absl/strings/escaping.h"
#include "common/status/status_details.h"
#include "rrmon/common/v1/common.pb.h"

namespace rrmon {

std::string EncodePageToken(absl::string_view last_key, uint64_t query_fingerprint) {
  rrmon::common::v1::PageToken token;
  token.set_last_key(std::string(last_key));
  token.set_query_fingerprint(query_fingerprint);
  return absl::WebSafeBase64Escape(token.SerializeAsString());
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t query_fingerprint,
                                            absl::string_view field) {
  if (token.empty()) return std::string();
  std::string bytes;
  rrmon::common::v1::PageToken decoded;
  if (!absl::WebSafeBase64Unescape(token, &bytes) || !decoded.ParseFromString(bytes) ||
      decoded.last_key().empty()) {
    return InvalidFieldError(field, "is not a page token this service issued");
  }
  if (decoded.query_fingerprint() != query_fingerprint) {
    return InvalidFieldError(field,
                             "was issued for a different query; keep the other request "
                             "fields unchanged between pages");
  }
  return decoded.last_key();
}

absl::StatusOr<int> EffectivePageSize(int page_size, absl::string_view field) {
  if (page_size < 0) return InvalidFieldError(field, "must not be negative");
  if (page_size == 0) return kDefaultPageSize;
  return page_size > kMaxPageSize ? kMaxPageSize : page_size;
}

}  // namespace rrmon

#include "common/api/etag.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status/status_details.h"

namespace rrmon {

std::string EtagOf(int64_t revision) { return absl::StrCat(revision); }

std::optional<int64_t> RevisionOf(absl::string_view etag) {
  int64_t revision = 0;
  if (etag.empty() || !absl::SimpleAtoi(etag, &revision) || revision <= 0) return std::nullopt;
  return revision;
}

absl::Status EtagMismatchError(absl::string_view what) {
  return WithErrorReason(
      absl::AbortedError(absl::StrCat("the ", what,
                                      " changed since it was read (etag mismatch); read it "
                                      "again and retry")),
      "ETAG_MISMATCH");
}

absl::Status CheckEtag(absl::string_view given, absl::string_view current, absl::string_view what) {
  if (given.empty() || given == current) return absl::OkStatus();
  return EtagMismatchError(what);
}

absl::Status CheckNoEtag(absl::string_view given, absl::string_view what) {
  if (given.empty()) return absl::OkStatus();
  return WithErrorReason(absl::AbortedError(absl::StrCat("there is no ", what,
                                                         " yet; the etag given matches nothing")),
                         "ETAG_MISMATCH");
}

}  // namespace rrmon

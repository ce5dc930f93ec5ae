#include "services/monitoring/household_repository.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace rrmon::monitoring {

std::string EtagOf(int64_t revision) { return absl::StrCat(revision); }

std::optional<int64_t> RevisionOf(const std::string& etag) {
  int64_t revision = 0;
  if (etag.empty() || !absl::SimpleAtoi(etag, &revision) || revision <= 0) return std::nullopt;
  return revision;
}

}  // namespace rrmon::monitoring

#include "common/audit/audit_trail.h"

namespace rrmon {

std::string AuditOwnerOf(absl::string_view resource) {
  const size_t first = resource.find('/');
  if (first == absl::string_view::npos) return std::string(resource);
  const size_t second = resource.find('/', first + 1);
  return std::string(resource.substr(0, second));
}

}  // namespace rrmon

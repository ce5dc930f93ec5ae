#include "common/validation/identifiers.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/validation/field_error.h"
#include "common/validation/string_interop.h"

namespace rrmon::validation {
namespace {

constexpr size_t kMaxRequestIdLength = 64;
constexpr size_t kMaxResourceIdLength = 63;

bool IsResourceIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
}

bool IsValidResourceId(std::string_view id) {
  if (id.empty() || id.size() > kMaxResourceIdLength) return false;
  for (char c : id) {
    if (!IsResourceIdChar(c)) return false;
  }
  return true;
}

std::vector<std::string_view> SplitPath(std::string_view name) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    const size_t slash = name.find('/', start);
    parts.push_back(name.substr(start, slash - start));
    if (slash == std::string_view::npos) return parts;
    start = slash + 1;
  }
}

}  // namespace

absl::Status ValidateRequestId(std::string_view id, std::string_view field) {
  if (id.empty()) return absl::OkStatus();
  if (id.size() > kMaxRequestIdLength) {
    return FieldError(field, "must be at most 64 characters");
  }
  for (char c : id) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return FieldError(field, "may contain only letters, digits, '-' and '_'");
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateResourceId(std::string_view id, std::string_view field) {
  if (!IsValidResourceId(id)) {
    return FieldError(field, "must be 1-63 characters of lowercase letters, digits and '-'");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> ParseResourceName(std::string_view name, std::string_view collection,
                                              std::string_view field) {
  const std::vector<std::string_view> parts = SplitPath(name);
  if (parts.size() != 2 || parts[0] != collection || !IsValidResourceId(parts[1])) {
    return FieldError(field,
                      absl::StrCat("must be a resource name ", ToAbsl(collection),
                                   "/{id} where id is 1-63 lowercase letters, digits and '-'"));
  }
  return std::string(parts[1]);
}

absl::StatusOr<std::pair<std::string, std::string>> ParseChildResourceName(
    std::string_view name, std::string_view parent_collection, std::string_view child_collection,
    std::string_view field) {
  const std::vector<std::string_view> parts = SplitPath(name);
  if (parts.size() != 4 || parts[0] != parent_collection || parts[2] != child_collection ||
      !IsValidResourceId(parts[1]) || !IsValidResourceId(parts[3])) {
    return FieldError(
        field, absl::StrCat("must be a resource name ", ToAbsl(parent_collection), "/{id}/",
                            ToAbsl(child_collection),
                            "/{id} where each id is 1-63 lowercase letters, digits and '-'"));
  }
  return std::make_pair(std::string(parts[1]), std::string(parts[3]));
}

}  // namespace rrmon::validation

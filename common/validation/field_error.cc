#include "common/validation/field_error.h"

#include <string>

#include "common/status/status_details.h"

namespace rrmon::validation {

absl::Status FieldError(std::string_view field, std::string_view description) {
  // Debian's abseil has its own absl::string_view, which std::string_view does not convert
  // to; std::string converts to either, whichever InvalidFieldError takes.
  return InvalidFieldError(std::string(field), std::string(description));
}

}  // namespace rrmon::validation

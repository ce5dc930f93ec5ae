#pragma once

// The INVALID_ARGUMENT every validator returns, naming the field it was given.

#include <string_view>

#include "absl/status/status.h"

namespace rrmon::validation {

absl::Status FieldError(std::string_view field, std::string_view description);

}  // namespace rrmon::validation

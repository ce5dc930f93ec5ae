#pragma once

// Debian's abseil (20220623) is built with its own absl::string_view rather than an alias
// of std::string_view, and neither converts to the other. rrmon's public validation and
// auth APIs take std::string_view; these adapt where absl string functions are called.

#include <string_view>

#include "absl/strings/string_view.h"

namespace rrmon::validation {

inline absl::string_view ToAbsl(std::string_view text) {
  return absl::string_view(text.data(), text.size());
}

inline std::string_view ToStd(absl::string_view text) {
  return std::string_view(text.data(), text.size());
}

}  // namespace rrmon::validation

#pragma once

// Free text typed by people (addresses, reasons, notes). It ends up in audit trails,
// exports and other people's screens, so it must be well-formed and must not be able to
// reorder what is displayed around it (bidirectional overrides, "Trojan Source").

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"

namespace rrmon::validation {

// Valid UTF-8 of at most `max_code_points` code points; no control characters except
// '\n' and '\t'; no bidi embeddings, overrides or isolates (U+202A–U+202E, U+2066–U+2069).
// When `required`, empty or whitespace-only text is rejected.
absl::Status ValidateFreeText(std::string_view text, std::string_view field, size_t max_code_points,
                              bool required);

}  // namespace rrmon::validation

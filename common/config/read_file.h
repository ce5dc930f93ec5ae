#pragma once

// Reading a whole file named by configuration (keys, certificates, tables, tokens), with
// the one error every caller reports.

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rrmon {

// The file's bytes; NOT_FOUND "cannot read {what} {path}" when it cannot be opened or read.
absl::StatusOr<std::string> ReadFileContents(const std::string& path, absl::string_view what);

}  // namespace rrmon

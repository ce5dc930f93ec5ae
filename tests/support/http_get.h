#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace rrmon::testing {

// GET http://127.0.0.1:port/path; returns the body of a 200 response.
absl::StatusOr<std::string> HttpGet(int port, const std::string& path);

// Runs `command` with `input` on its standard input; returns its exit code and fills
// `output` with what it printed (stdout and stderr).
int RunWithInput(const std::string& command, const std::string& input, std::string* output);

}  // namespace rrmon::testing

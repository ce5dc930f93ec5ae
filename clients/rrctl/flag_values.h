#pragma once

// Small value rules shared by the workflow commands.

#include <optional>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace rrmon::rrctl {

// The text without surrounding spaces; INVALID_ARGUMENT "`what` must say why..." when
// that leaves nothing.
absl::StatusOr<std::string> RequiredText(absl::string_view text, absl::string_view what);

// "yes"/"no" (also "true"/"false", any case); INVALID_ARGUMENT naming `what` otherwise.
absl::StatusOr<bool> ParseYesNo(absl::string_view text, absl::string_view what);

// Registers `name` so that `target` is set only when the option is given: "not given"
// (leave the field alone) and "given empty" (clear it) differ.
template <typename T>
CLI::Option* AddOptionalValue(CLI::App* app, const std::string& name, std::optional<T>& target,
                              const std::string& description) {
  return app->add_option_function<T>(
      name, [&target](const T& value) { target = value; }, description);
}

}  // namespace rrmon::rrctl

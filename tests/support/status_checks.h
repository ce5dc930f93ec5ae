#pragma once

// What tests ask of an absl::Status: the fields its BadRequest names, and a value or a
// thrown error for fixtures that cannot go on without it (in a constructor or a helper
// where gtest's ASSERT cannot return).

#include <stdexcept>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace rrmon::testing {

// The field of each BadRequest violation, in order.
std::vector<std::string> ViolatedFieldsOf(const absl::Status& status);

// The value, or std::runtime_error naming `what` and the status.
template <typename T>
T Check(absl::StatusOr<T> value, const char* what) {
  if (!value.ok()) throw std::runtime_error(absl::StrCat(what, ": ", value.status().ToString()));
  return *std::move(value);
}

inline void Check(const absl::Status& status, const char* what) {
  if (!status.ok()) throw std::runtime_error(absl::StrCat(what, ": ", status.ToString()));
}

}  // namespace rrmon::testing

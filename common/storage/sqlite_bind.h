#pragma once

// Binds a whole parameter list in one call: BindAll(stmt, id, revision, blob).
// Parameters are positional (?1, ?2, ...) in the order given.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "absl/status/status.h"
#include "common/storage/sqlite_statement.h"

namespace rrmon {

// A BLOB parameter (a string binds as TEXT unless wrapped).
struct SqlBlob {
  std::string_view bytes;
};

namespace sqlite_bind_internal {

inline absl::Status BindOne(SqliteStatement& statement, int index, const SqlBlob& value) {
  return statement.BindBlob(index, value.bytes);
}
inline absl::Status BindOne(SqliteStatement& statement, int index, std::string_view value) {
  return statement.BindText(index, value);
}
inline absl::Status BindOne(SqliteStatement& statement, int index, const std::string& value) {
  return statement.BindText(index, value);
}
inline absl::Status BindOne(SqliteStatement& statement, int index, const char* value) {
  return statement.BindText(index, value);
}
inline absl::Status BindOne(SqliteStatement& statement, int index, bool value) {
  return statement.BindBool(index, value);
}
inline absl::Status BindOne(SqliteStatement& statement, int index, std::nullopt_t) {
  return statement.BindNull(index);
}
template <typename Integer, typename = std::enable_if_t<std::is_integral_v<Integer> &&
                                                        !std::is_same_v<Integer, bool>>>
absl::Status BindOne(SqliteStatement& statement, int index, Integer value) {
  return statement.BindInt64(index, static_cast<int64_t>(value));
}
template <typename T>
absl::Status BindOne(SqliteStatement& statement, int index, const std::optional<T>& value) {
  if (!value.has_value()) return statement.BindNull(index);
  return BindOne(statement, index, *value);
}

}  // namespace sqlite_bind_internal

template <typename... Args>
absl::Status BindAll(SqliteStatement& statement, const Args&... args) {
  absl::Status status;
  int index = 0;
  ((status.ok() ? (status = sqlite_bind_internal::BindOne(statement, ++index, args), 0) : 0), ...);
  return status;
}

}  // namespace rrmon

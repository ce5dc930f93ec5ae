#pragma once

// The one table the storage tests write to: items (id, name UNIQUE).

#include <string_view>

#include "common/storage/sqlite_connection.h"

namespace rrmon::testing {

inline absl::Status InsertItem(SqliteConnection& connection, std::string_view name) {
  absl::StatusOr<SqliteStatement*> insert =
      connection.Prepare("INSERT INTO items (name) VALUES (?1)");
  if (!insert.ok()) return insert.status();
  if (absl::Status status = (*insert)->BindText(1, name); !status.ok()) return status;
  return (*insert)->Run();
}

}  // namespace rrmon::testing

#pragma once

#include <string>

#include "absl/time/time.h"

namespace rrmon {

struct SqliteOptions {
  // A file path; its parent folder is created when missing. In-memory databases are not
  // supported because every pooled connection would see a different database.
  std::string path;
  // Connections in the pool: one per worker thread that touches the database.
  int pool_size = 4;
  // How long a writer waits for another writer's transaction before giving up with
  // UNAVAILABLE.
  absl::Duration busy_timeout = absl::Seconds(5);
  // kFull syncs the WAL on every commit, so acknowledged data survives power loss;
  // kNormal survives a process crash (kill -9) but may lose the last commits on power loss.
  enum class Sync { kNormal, kFull } synchronous = Sync::kFull;
  // Page cache of each connection in MiB; 0 keeps SQLite's default (2 MiB). The pool's
  // connections each fill their own, so the process may hold pool_size + 1 of them. A
  // tool loading or migrating millions of rows sets it large: the default re-reads the
  // same pages from the OS for every row.
  int cache_mib = 0;
};

}  // namespace rrmon

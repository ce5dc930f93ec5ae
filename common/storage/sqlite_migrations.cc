#include "common/storage/sqlite_migrations.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/storage/sqlite_transaction.h"

namespace rrmon {
namespace {

constexpr std::string_view kCreateTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, description TEXT NOT NULL, applied_at TEXT NOT NULL)";

// version -> description, as recorded in the database.
absl::StatusOr<std::map<int, std::string>> ReadRecorded(SqliteConnection& connection) {
  absl::StatusOr<SqliteStatement*> select =
      connection.Prepare("SELECT version, description FROM schema_migrations ORDER BY version");
  if (!select.ok()) return select.status();
  std::map<int, std::string> recorded;
  while (true) {
    absl::StatusOr<bool> row = (*select)->Step();
    if (!row.ok()) return row.status();
    if (!*row) break;
    recorded.emplace(static_cast<int>((*select)->ColumnInt64(0)), (*select)->ColumnText(1));
  }
  return recorded;
}

// Checks the recorded history against the binary's. Returns the highest recorded version.
absl::StatusOr<int> CheckHistory(const std::map<int, std::string>& recorded,
                                 const std::vector<Migration>& migrations) {
  const int known = migrations.empty() ? 0 : migrations.back().version;
  const int current = recorded.empty() ? 0 : recorded.rbegin()->first;
  if (current > known) {
    return absl::FailedPreconditionError(
        absl::StrFormat("database schema version %d is newer than this binary supports (%d); "
                        "upgrade the binary",
                        current, known));
  }
  std::map<int, const Migration*> by_version;
  for (const Migration& migration : migrations) by_version.emplace(migration.version, &migration);
  for (const auto& [version, description] : recorded) {
    auto it = by_version.find(version);
    if (it == by_version.end()) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "database records schema migration %d, which this binary does not have", version));
    }
    if (it->second->description != description) {
      return absl::FailedPreconditionError(absl::StrFormat(
          "schema migration %d is recorded as \"%s\" but this binary calls it \"%s\"; the "
          "migration history has diverged",
          version, description, it->second->description));
    }
  }
  // A known migration older than the current version but never applied means the database
  // skipped a step; running it now, out of order, could corrupt data.
  for (const Migration& migration : migrations) {
    if (migration.version < current && !recorded.contains(migration.version)) {
      return absl::FailedPreconditionError(
          absl::StrFormat("schema migration %d was never applied to a database at version %d",
                          migration.version, current));
    }
  }
  return current;
}

absl::Status Apply(SqliteConnection& connection, const std::vector<Migration>& migrations,
                   const Migration& migration) {
  absl::StatusOr<SqliteTransaction> transaction = SqliteTransaction::Begin(connection);
  if (!transaction.ok()) return transaction.status();
  // Re-read under the write lock: another process may have applied it meanwhile.
  absl::StatusOr<std::map<int, std::string>> recorded = ReadRecorded(connection);
  if (!recorded.ok()) return recorded.status();
  absl::StatusOr<int> current = CheckHistory(*recorded, migrations);
  if (!current.ok()) return current.status();
  if (*current >= migration.version) return absl::OkStatus();

  if (absl::Status status = connection.Execute(migration.sql); !status.ok()) {
    return absl::Status(status.code(),
                        absl::StrFormat("schema migration %d (%s): %s", migration.version,
                                        migration.description, status.message()));
  }
  absl::StatusOr<SqliteStatement*> insert = connection.Prepare(
      "INSERT INTO schema_migrations (version, description, applied_at) VALUES (?1, ?2, ?3)");
  if (!insert.ok()) return insert.status();
  const std::string applied_at =
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
  SqliteStatement& statement = **insert;
  absl::Status status = statement.BindInt64(1, migration.version);
  if (status.ok()) status = statement.BindText(2, migration.description);
  if (status.ok()) status = statement.BindText(3, applied_at);
  if (status.ok()) status = statement.Run();
  if (!status.ok()) return status;
  return transaction->Commit();
}

}  // namespace

absl::Status ValidateMigrations(const std::vector<Migration>& migrations) {
  int previous = 0;
  for (const Migration& migration : migrations) {
    if (previous == 0 ? migration.version != 1 : migration.version <= previous) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "schema migration versions must start at 1 and strictly increase; %d follows %d",
          migration.version, previous));
    }
    if (migration.description.empty() || migration.sql.empty()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("schema migration %d needs a description and SQL", migration.version));
    }
    previous = migration.version;
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ApplyMigrations(SqliteConnection& connection,
                                    const std::vector<Migration>& migrations) {
  if (absl::Status status = ValidateMigrations(migrations); !status.ok()) return status;
  if (absl::Status status = connection.Execute(kCreateTable); !status.ok()) return status;

  // Checked before writing anything, so a newer or diverged database is left untouched.
  absl::StatusOr<std::map<int, std::string>> recorded = ReadRecorded(connection);
  if (!recorded.ok()) return recorded.status();
  absl::StatusOr<int> current = CheckHistory(*recorded, migrations);
  if (!current.ok()) return current.status();

  for (const Migration& migration : migrations) {
    if (migration.version <= *current) continue;
    if (absl::Status status = Apply(connection, migrations, migration); !status.ok()) {
      return status;
    }
  }
  connection.ResetStatements();
  return migrations.empty() ? *current : migrations.back().version;
}

}  // namespace rrmon

#include "common/storage/sqlite_database.h"

#include <cassert>
#include <utility>

#include "absl/strings/str_cat.h"

namespace rrmon {

SqliteDatabase::Lease::Lease(Lease&& other) noexcept
    : database_(std::exchange(other.database_, nullptr)),
      connection_(std::exchange(other.connection_, nullptr)) {}

SqliteDatabase::Lease& SqliteDatabase::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    Release();
    database_ = std::exchange(other.database_, nullptr);
    connection_ = std::exchange(other.connection_, nullptr);
  }
  return *this;
}

SqliteDatabase::Lease::~Lease() { Release(); }

void SqliteDatabase::Lease::Release() {
  if (connection_ == nullptr) return;
  database_->Return(std::exchange(connection_, nullptr));
  database_ = nullptr;
}

absl::StatusOr<std::unique_ptr<SqliteDatabase>> SqliteDatabase::Open(
    const SqliteOptions& options, const std::vector<Migration>& migrations) {
  if (options.pool_size < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("SqliteOptions.pool_size must be at least 1, got ", options.pool_size));
  }
  if (absl::Status status = ValidateMigrations(migrations); !status.ok()) return status;

  std::vector<std::unique_ptr<SqliteConnection>> connections;
  connections.reserve(static_cast<size_t>(options.pool_size));
  for (int i = 0; i < options.pool_size; ++i) {
    absl::StatusOr<std::unique_ptr<SqliteConnection>> connection = SqliteConnection::Open(options);
    if (!connection.ok()) return connection.status();
    connections.push_back(*std::move(connection));
  }
  absl::StatusOr<std::unique_ptr<SqliteConnection>> writer = SqliteConnection::Open(options);
  if (!writer.ok()) return writer.status();
  absl::StatusOr<int> version = ApplyMigrations(**writer, migrations);
  if (!version.ok()) {
    return absl::Status(version.status().code(),
                        absl::StrCat(options.path, ": ", version.status().message()));
  }
  return std::unique_ptr<SqliteDatabase>(
      new SqliteDatabase(options.path, *version, std::move(connections), *std::move(writer)));
}

SqliteDatabase::SqliteDatabase(std::string path, int schema_version,
                               std::vector<std::unique_ptr<SqliteConnection>> connections,
                               std::unique_ptr<SqliteConnection> writer)
    : path_(std::move(path)),
      schema_version_(schema_version),
      connections_(std::move(connections)),
      writer_(std::make_unique<SqliteWriteQueue>(std::move(writer))) {
  absl::MutexLock lock(&mutex_);
  for (const auto& connection : connections_) free_.push_back(connection.get());
}

SqliteDatabase::~SqliteDatabase() {
  absl::MutexLock lock(&mutex_);
  // A live lease would point at a closed connection.
  assert(free_.size() == connections_.size() && "SqliteDatabase destroyed with leases out");
}

SqliteConnection* SqliteDatabase::TakeFreeConnection() {
  SqliteConnection* connection = free_.back();
  free_.pop_back();
  return connection;
}

SqliteDatabase::Lease SqliteDatabase::Acquire() {
  absl::MutexLock lock(&mutex_, absl::Condition(this, &SqliteDatabase::HasFreeConnection));
  return Lease(this, TakeFreeConnection());
}

absl::StatusOr<SqliteDatabase::Lease> SqliteDatabase::AcquireFor(absl::Duration timeout) {
  absl::MutexLock lock(&mutex_);
  if (!mutex_.AwaitWithTimeout(absl::Condition(this, &SqliteDatabase::HasFreeConnection),
                               timeout)) {
    return absl::UnavailableError(absl::StrCat("all ", connections_.size(),
                                               " database connections stayed busy for ",
                                               absl::FormatDuration(timeout)));
  }
  return Lease(this, TakeFreeConnection());
}

void SqliteDatabase::Return(SqliteConnection* connection) {
  // Cleaned outside the lock: resetting statements and rolling back touch the disk.
  connection->ResetStatements();
  if (connection->InTransaction()) connection->Execute("ROLLBACK").IgnoreError();
  absl::MutexLock lock(&mutex_);
  // LIFO: the most recently used connection has the warmest page cache.
  free_.push_back(connection);
}

void SqliteDatabase::set_observer(StorageObserver* observer) {
  for (const auto& connection : connections_) connection->set_observer(observer);
  writer_->set_observer(observer);
}

}  // namespace rrmon

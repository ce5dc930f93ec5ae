#pragma once

// What every rrmon server is built on before its own parts: the token check, the gRPC
// host, its SQLite database (migrated on open) with the storage metrics, the audit trail
// and the log of reads of personal data. A service's server holds one and adds its
// repositories, use cases and handlers on top.

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/audit/read_audit_log.h"
#include "common/audit/sqlite_audit_trail.h"
#include "common/auth/authorizer.h"
#include "common/metrics/storage_metrics.h"
#include "common/server/service_host.h"
#include "common/server/service_settings.h"
#include "common/storage/sqlite_database.h"
#include "common/time/clock.h"

namespace rrmon {

class ServiceCore {
 public:
  // Reads the token keys, opens the database with `migrations` (which must include the
  // audit_log table of kAuditTrailSchema) and prepares the host. `settings` and `clock`
  // must outlive the core.
  static absl::StatusOr<std::unique_ptr<ServiceCore>> Create(
      const ServiceSettings& settings, const std::vector<Migration>& migrations,
      const Clock& clock);

  auth::Authenticator& authenticator() { return *authenticator_; }
  ServiceHost& host() { return *host_; }
  SqliteDatabase& database() { return *database_; }
  SqliteAuditTrailRepository& audit_trail() { return *audit_trail_; }
  ReadAuditLog& read_audit() { return *read_audit_; }

  // Reads auth.public_key_file again and trusts only the keys it now holds (a rotation,
  // a revoked key): tokens verified with the old keys are checked again. On an error the
  // old keys stay. Services call it on SIGHUP.
  absl::Status ReloadTokenKeys();

  // After the host has shut down: what the calls read goes into the trail before the
  // process ends.
  void FlushReads();

 private:
  ServiceCore(const ServiceSettings& settings) : settings_(settings) {}

  const ServiceSettings& settings_;
  std::unique_ptr<auth::Authenticator> authenticator_;
  std::unique_ptr<ServiceHost> host_;
  std::unique_ptr<StorageMetrics> storage_metrics_;
  std::unique_ptr<SqliteDatabase> database_;
  std::unique_ptr<SqliteAuditTrailRepository> audit_trail_;
  // Declared after the database so that it is destroyed (writing what is queued) first.
  std::unique_ptr<ReadAuditLog> read_audit_;
};

}  // namespace rrmon

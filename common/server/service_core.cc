#include "common/server/service_core.h"

#include "common/log/log.h"
#include "common/status/macros.h"

namespace rrmon {

absl::StatusOr<std::unique_ptr<ServiceCore>> ServiceCore::Create(
    const ServiceSettings& settings, const std::vector<Migration>& migrations, const Clock& clock) {
  std::unique_ptr<ServiceCore> core(new ServiceCore(settings));
  RRMON_ASSIGN_OR_RETURN(
      auth::TokenVerifier verifier,
      auth::TokenVerifier::FromPublicKeyFile(settings.auth_public_key_file, settings.token_policy));
  core->authenticator_ = std::make_unique<auth::Authenticator>(std::move(verifier), clock,
                                                               settings.verified_token_cache_size);
  core->host_ = std::make_unique<ServiceHost>(settings.server);
  RRMON_ASSIGN_OR_RETURN(core->database_, SqliteDatabase::Open(settings.sqlite, migrations));
  core->storage_metrics_ = std::make_unique<StorageMetrics>(core->host_->registry(), "sqlite");
  core->database_->set_observer(core->storage_metrics_.get());
  core->audit_trail_ = std::make_unique<SqliteAuditTrailRepository>(*core->database_);
  core->read_audit_ = std::make_unique<ReadAuditLog>(
      [trail = core->audit_trail_.get()](const std::vector<AuditRead>& reads) {
        return trail->WriteReads(reads);
      },
      ReadAuditOptions{.counters = ReadAuditCounters::Register(core->host_->registry())});
  return core;
}

absl::Status ServiceCore::ReloadTokenKeys() {
  const std::string& service = settings_.server.service_name;
  absl::StatusOr<auth::TokenVerifier> verifier = auth::TokenVerifier::FromPublicKeyFile(
      settings_.auth_public_key_file, settings_.token_policy);
  if (!verifier.ok()) {
    LogError(service, "token keys not reloaded; the old keys stay",
             {{"status", verifier.status().ToString()}});
    return verifier.status();
  }
  authenticator_->SetVerifier(*std::move(verifier));
  LogInfo(service, "token keys reloaded", {{"file", settings_.auth_public_key_file}});
  return absl::OkStatus();
}

void ServiceCore::FlushReads() { read_audit_->Flush(absl::Seconds(5)); }

}  // namespace rrmon

#include "services/monitoring/monitoring_server.h"

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/log/log.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/time/timestamp.h"

namespace rrmon::monitoring {
namespace {

absl::StatusOr<MonitoringLineTable> LoadMonitoringLines(const std::string& path) {
  if (path.empty()) return MonitoringLineTable::Parse("");
  std::ifstream file(path);
  if (!file) {
    return InvalidFieldError("monitoring_line.file", absl::StrCat("cannot read ", path));
  }
  std::stringstream text;
  text << file.rdbuf();
  absl::StatusOr<MonitoringLineTable> table = MonitoringLineTable::Parse(text.str());
  if (!table.ok()) {
    return InvalidFieldError("monitoring_line.file",
                             absl::StrCat(path, ": ", table.status().message()));
  }
  return table;
}

}  // namespace

const std::vector<ConfigKey>& MonitoringConfigKeys() {
  static const std::vector<ConfigKey> kKeys = [] {
    std::vector<ConfigKey> all = ServiceConfigKeys({.service_name = "monitoring",
                                                    .grpc_listen = "127.0.0.1:50051",
                                                    .metrics_listen = "127.0.0.1:9461",
                                                    .sqlite_path = "var/monitoring/monitoring.db"});
    std::vector<ConfigKey> own = {
        {"cache.household_enabled", "true",
         "cache GetHousehold in Redis (measured slower than SQLite; pays with PostgreSQL)"},
        {"cache.household_ttl", "5m", "how long a household stays cached"},
        {"cache.encryption_key_file", "",
         "AES-256-GCM key (64 hex characters, mode 0600) that encrypts cached households; "
         "without it households are not cached, as they hold personal data"},
        {"cache.negative_ttl", "10s", "how long a NOT_FOUND stays cached"},
        {"cache.statistics_ttl", "60s",
         "how long statistics stay cached (any change invalidates them; overdue counts may be "
         "this old); 0s turns it off"},
        {"statistics.analyst_min_cell_size", "5",
         "analysts get household counts below this many households withheld (1 turns it off)"},
        {"alerts.buffer_size", "256",
         "alerts queued per WatchAlerts reader before the oldest is dropped"},
        {"alerts.overdue_scan_interval", "1m",
         "how often open cases are checked for overdue steps"},
        {"alerts.max_streams", "32",
         "open WatchAlerts streams at most; each holds a handler thread (keep well under "
         "grpc.max_threads)"},
        {"monitoring_line.file", "deploy/config/monitoring-lines.txt",
         "the yearly monitoring lines, `YEAR REGION_PREFIX YUAN` per line; empty: none"},
        {"workflow.notice_days", "5", "days a public notice runs at least, both ends counted"},
        {"workflow.identification_limit", "360h",
         "time allowed for a whole identification (national rule: 15 days)"},
        {"workflow.limit.home_verification", "72h", "time allowed for home verification"},
        {"workflow.limit.data_matching", "72h", "time allowed for data matching"},
        {"workflow.limit.village_review", "168h", "time allowed for village review with notice"},
        {"workflow.limit.township_review", "72h", "time allowed for township review"},
        {"workflow.limit.county_approval", "72h", "time allowed for county approval"},
        {"workflow.limit.elimination_proposal", "72h", "time allowed for an elimination proposal"},
        {"workflow.limit.elimination_village_review", "168h",
         "time allowed for the village review of an elimination"},
        {"workflow.limit.elimination_township_check", "120h",
         "time allowed for the township check of an elimination"},
        {"workflow.limit.elimination_county_approval", "120h",
         "time allowed for the county approval of an elimination"},
        {"elimination.min_months_monitored", "6",
         "whole months from identification before risk elimination"},
        {"elimination.min_months_sudden_hardship", "",
         "the same for 突发严重困难户 where the province allows less; empty: no exception"},
        {"elimination.stable_months", "6",
         "month ends whose rolling-year per-capita income must be at or above the line"},
    };
    all.insert(all.end(), own.begin(), own.end());
    return all;
  }();
  return kKeys;
}

absl::StatusOr<MonitoringSettings> MonitoringSettingsFromConfig(const Config& config) {
  MonitoringSettings settings;
  RRMON_ASSIGN_OR_RETURN(static_cast<ServiceSettings&>(settings),
                         ServiceSettingsFromConfig(config, "monitoring"));
  const int max_threads = settings.server.max_threads;
  RRMON_ASSIGN_OR_RETURN(settings.household_cache_enabled,
                         config.GetBool("cache.household_enabled"));
  RRMON_ASSIGN_OR_RETURN(settings.household_cache.ttl, config.GetDuration("cache.household_ttl"));
  settings.cache_encryption_key_file = config.GetString("cache.encryption_key_file");
  RRMON_ASSIGN_OR_RETURN(settings.household_cache.negative_ttl,
                         config.GetDuration("cache.negative_ttl"));
  RRMON_ASSIGN_OR_RETURN(settings.statistics_cache_ttl, config.GetDuration("cache.statistics_ttl"));
  RRMON_ASSIGN_OR_RETURN(int64_t min_cell_size, config.GetInt("statistics.analyst_min_cell_size"));
  if (min_cell_size < 1 || min_cell_size > 1000) {
    return InvalidFieldError("statistics.analyst_min_cell_size", "must be 1–1000");
  }
  settings.analyst_min_cell_size = static_cast<int32_t>(min_cell_size);
  RRMON_ASSIGN_OR_RETURN(int64_t alert_buffer, config.GetInt("alerts.buffer_size"));
  if (alert_buffer < 1 || alert_buffer > 100000) {
    return InvalidFieldError("alerts.buffer_size", "must be 1–100000");
  }
  settings.alerts.buffer_size = static_cast<size_t>(alert_buffer);
  RRMON_ASSIGN_OR_RETURN(int64_t max_streams, config.GetInt("alerts.max_streams"));
  if (max_streams < 1 || max_streams >= max_threads) {
    return InvalidFieldError("alerts.max_streams", "must be 1 or more and below grpc.max_threads");
  }
  settings.max_alert_streams = static_cast<size_t>(max_streams);
  RRMON_ASSIGN_OR_RETURN(settings.overdue_scan_interval,
                         config.GetDuration("alerts.overdue_scan_interval"));
  if (settings.overdue_scan_interval <= absl::ZeroDuration()) {
    return InvalidFieldError("alerts.overdue_scan_interval", "must be positive");
  }
  settings.monitoring_lines_file = config.GetString("monitoring_line.file");

  RRMON_ASSIGN_OR_RETURN(int64_t notice_days, config.GetInt("workflow.notice_days"));
  settings.workflow.notice_days = static_cast<int>(notice_days);
  RRMON_ASSIGN_OR_RETURN(settings.workflow.identification_limit,
                         config.GetDuration("workflow.identification_limit"));
  const std::pair<const char*, v1::CaseStep> step_keys[] = {
      {"workflow.limit.home_verification", v1::CASE_STEP_HOME_VERIFICATION},
      {"workflow.limit.data_matching", v1::CASE_STEP_DATA_MATCHING},
      {"workflow.limit.village_review", v1::CASE_STEP_VILLAGE_REVIEW},
      {"workflow.limit.township_review", v1::CASE_STEP_TOWNSHIP_REVIEW},
      {"workflow.limit.county_approval", v1::CASE_STEP_COUNTY_APPROVAL},
      {"workflow.limit.elimination_proposal", v1::CASE_STEP_ELIMINATION_PROPOSAL},
      {"workflow.limit.elimination_village_review", v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW},
      {"workflow.limit.elimination_township_check", v1::CASE_STEP_ELIMINATION_TOWNSHIP_CHECK},
      {"workflow.limit.elimination_county_approval", v1::CASE_STEP_ELIMINATION_COUNTY_APPROVAL},
  };
  settings.workflow.step_limits.clear();
  for (const auto& [key, step] : step_keys) {
    RRMON_ASSIGN_OR_RETURN(settings.workflow.step_limits[step], config.GetDuration(key));
  }
  if (absl::Status valid = settings.workflow.Validate(); !valid.ok()) {
    return InvalidFieldError("workflow", std::string(valid.message()));
  }

  RRMON_ASSIGN_OR_RETURN(int64_t min_months, config.GetInt("elimination.min_months_monitored"));
  settings.elimination.min_months_monitored = static_cast<int>(min_months);
  if (!config.GetString("elimination.min_months_sudden_hardship").empty()) {
    RRMON_ASSIGN_OR_RETURN(int64_t sudden, config.GetInt("elimination.min_months_sudden_hardship"));
    settings.elimination.min_months_sudden_hardship = static_cast<int>(sudden);
  }
  RRMON_ASSIGN_OR_RETURN(int64_t stable, config.GetInt("elimination.stable_months"));
  settings.elimination.stable_months = static_cast<int>(stable);
  return settings;
}

absl::StatusOr<std::unique_ptr<MonitoringServer>> MonitoringServer::Create(
    MonitoringSettings settings, const Clock& clock) {
  std::unique_ptr<MonitoringServer> server(new MonitoringServer());
  server->settings_ = std::move(settings);
  const MonitoringSettings& s = server->settings_;

  RRMON_ASSIGN_OR_RETURN(auth::TokenVerifier verifier, auth::TokenVerifier::FromPublicKeyFile(
                                                           s.auth_public_key_file, s.token_policy));
  server->authenticator_ = std::make_unique<auth::Authenticator>(std::move(verifier), clock);

  server->host_ = std::make_unique<ServiceHost>(s.server);
  RRMON_ASSIGN_OR_RETURN(server->database_,
                         SqliteDatabase::Open(s.sqlite, MonitoringSqliteMigrations()));
  server->storage_metrics_ = std::make_unique<StorageMetrics>(server->host_->registry(), "sqlite");
  server->database_->set_observer(server->storage_metrics_.get());
  server->repository_ = std::make_unique<SqliteHouseholdRepository>(*server->database_);
  server->audit_trail_repository_ =
      std::make_unique<SqliteAuditTrailRepository>(*server->database_);
  server->read_audit_ = std::make_unique<ReadAuditLog>(
      [trail = server->audit_trail_repository_.get()](const std::vector<AuditRead>& reads) {
        return trail->WriteReads(reads);
      },
      ReadAuditOptions{.counters = ReadAuditCounters::Register(server->host_->registry())});
  server->audit_trail_reader_ =
      std::make_unique<AuditTrailReader>(*server->repository_, *server->audit_trail_repository_);

  server->cache_metrics_ = std::make_unique<CacheMetrics>(server->host_->registry());
  server->cache_metrics_->RegisterCache("household");
  if (!s.redis_address.empty()) {
    server->redis_ = std::make_unique<RedisClient>(s.redis, server->cache_metrics_.get(), clock);
  }
  // Households hold ID numbers and health: they reach Redis encrypted or not at all.
  if (s.household_cache_enabled && server->redis_ != nullptr) {
    if (s.cache_encryption_key_file.empty()) {
      LogWarning("monitoring",
                 "household cache off: cache.encryption_key_file is not set, and personal "
                 "records are never cached in clear");
    } else {
      RRMON_ASSIGN_OR_RETURN(CacheEncryptionKey key,
                             LoadCacheEncryptionKey(s.cache_encryption_key_file));
      server->household_store_ = std::make_unique<EncryptedStore>(*server->redis_, key);
    }
  }
  server->household_cache_ = std::make_unique<ProtoCache>(
      "household", server->household_store_.get(), s.household_cache, server->cache_metrics_.get());

  server->registry_ = std::make_unique<HouseholdRegistry>(*server->repository_,
                                                          server->household_cache_.get(), clock);
  server->case_repository_ = std::make_unique<SqliteCaseRepository>(*server->database_);
  RRMON_RETURN_IF_ERROR(s.workflow.Validate());
  server->workflow_ = std::make_unique<CaseWorkflow>(s.workflow);
  server->case_registry_ =
      std::make_unique<CaseRegistry>(*server->repository_, *server->case_repository_,
                                     server->household_cache_.get(), *server->workflow_, clock);
  server->gauges_ =
      std::make_unique<HouseholdGauges>(server->host_->registry(), *server->repository_);
  server->case_gauges_ = std::make_unique<CaseGauges>(
      server->host_->registry(), *server->case_repository_, *server->workflow_, clock);
  server->gauges_->AddRefresher(
      [gauges = server->case_gauges_.get()] { return gauges->Refresh(); });

  RRMON_ASSIGN_OR_RETURN(MonitoringLineTable lines, LoadMonitoringLines(s.monitoring_lines_file));
  server->monitoring_lines_ = std::make_unique<MonitoringLineTable>(std::move(lines));
  RRMON_ASSIGN_OR_RETURN(RiskEliminationPolicy policy,
                         RiskEliminationPolicy::Create(s.elimination));
  server->elimination_policy_ = std::make_unique<RiskEliminationPolicy>(policy);
  // The employment and courtyard services do not serve household income yet; until they
  // do, every figure is the declared one and the assessment says so.
  server->peer_income_ = std::make_unique<DeclaredIncomeOnly>();
  server->plan_repository_ = std::make_unique<SqlitePlanRepository>(*server->database_);
  server->plan_registry_ = std::make_unique<PlanRegistry>(
      *server->repository_, *server->plan_repository_, *server->monitoring_lines_,
      *server->peer_income_, *server->elimination_policy_, clock);
  server->case_registry_->set_elimination_check(
      [plans = server->plan_registry_.get()](const v1::Household& household) {
        return plans->CheckElimination(household);
      });
  server->measure_gauges_ =
      std::make_unique<MeasureGauges>(server->host_->registry(), *server->plan_repository_);
  server->gauges_->AddRefresher(
      [gauges = server->measure_gauges_.get()] { return gauges->Refresh(); });

  server->cache_metrics_->RegisterCache(StatisticsReporter::kCacheName);
  server->statistics_repository_ = std::make_unique<SqliteStatisticsRepository>(*server->database_);
  server->statistics_ = std::make_unique<StatisticsReporter>(
      *server->statistics_repository_, server->redis_.get(), server->cache_metrics_.get(), clock,
      s.statistics_cache_ttl);
  server->statistics_->set_analyst_min_cell_size(s.analyst_min_cell_size);
  // Every committed change refreshes the gauges and makes cached statistics stale.
  const auto changed = [gauges = server->gauges_.get(), statistics = server->statistics_.get()] {
    gauges->RequestRefresh();
    statistics->Invalidate();
  };
  server->registry_->set_on_change(changed);
  server->case_registry_->set_on_change(changed);
  server->plan_registry_->set_on_change(changed);

  server->alert_hub_ = std::make_unique<AlertHub>(server->host_->registry(), s.alerts);
  server->case_registry_->set_on_signal(
      [hub = server->alert_hub_.get(), &clock](const v1::Household& household,
                                               const v1::RiskSignal& signal) {
        v1::Alert alert;
        alert.set_kind(v1::ALERT_KIND_RISK_SIGNAL);
        alert.set_household(household.name());
        alert.set_region_code(household.region_code());
        alert.set_risk_signal(signal.name());
        alert.set_case_(signal.case_());
        *alert.mutable_time() = ToTimestamp(clock.Now());
        hub->Publish(alert);
      });
  server->plan_registry_->set_on_assessed(
      [hub = server->alert_hub_.get(), &clock](const v1::Household& household,
                                               const v1::Assessment& assessment) {
        if (!assessment.at_risk()) return;
        v1::Alert alert;
        alert.set_kind(v1::ALERT_KIND_ASSESSED_AT_RISK);
        alert.set_household(household.name());
        alert.set_region_code(household.region_code());
        *alert.mutable_findings() = assessment.findings();
        *alert.mutable_time() = ToTimestamp(clock.Now());
        hub->Publish(alert);
      });
  server->overdue_scanner_ =
      std::make_unique<OverdueAlertScanner>(*server->case_repository_, *server->alert_hub_, clock);

  // Every method has its row of roles, or the server does not start.
  RRMON_RETURN_IF_ERROR(
      MonitoringMethodRoles().CheckCovers(v1::MonitoringService::service_full_name()));
  server->service_ = std::make_unique<MonitoringServiceImpl>(
      *server->authenticator_, *server->registry_, *server->case_registry_, *server->plan_registry_,
      *server->statistics_, *server->alert_hub_, s.max_alert_streams, *server->audit_trail_reader_,
      *server->read_audit_, clock);
  server->host_->AddService(server->service_.get(), v1::MonitoringService::service_full_name());
  return server;
}

MonitoringServer::~MonitoringServer() {
  Shutdown();
  Wait();
}

absl::Status MonitoringServer::Start() {
  RRMON_RETURN_IF_ERROR(gauges_->Refresh());
  gauges_->StartBackgroundRefresh(settings_.gauge_refresh_interval);
  RRMON_RETURN_IF_ERROR(host_->Start());
  overdue_scanner_->Start(settings_.overdue_scan_interval);
  return absl::OkStatus();
}

void MonitoringServer::Shutdown() {
  // Alert streams never end by themselves: close them first so the drain does not wait
  // for them until its deadline.
  // A server whose Create failed half-way is destroyed with some parts missing.
  if (overdue_scanner_ != nullptr) overdue_scanner_->Stop();
  if (alert_hub_ != nullptr) alert_hub_->Close();
  if (host_ != nullptr) host_->Shutdown();
  // The calls have ended: what they read goes into the trail before the process does.
  if (read_audit_ != nullptr) read_audit_->Flush(absl::Seconds(5));
}

void MonitoringServer::Wait() {
  if (host_ != nullptr) host_->Wait();
}

}  // namespace rrmon::monitoring

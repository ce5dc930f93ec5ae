#include "services/monitoring/monitoring_server.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/config/read_file.h"
#include "common/log/log.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/time/timestamp.h"

namespace rrmon::monitoring {
namespace {

// How often the statistics counts catch up with the clock: a step falls overdue, or a
// measure starts, at most this long before the counts hold it (queries correct for it
// meanwhile, at the price of reading those rows). After writes, at most once a gap.
constexpr absl::Duration kStatisticsAdvanceInterval = absl::Minutes(5);
constexpr absl::Duration kStatisticsAdvanceMinGap = absl::Seconds(30);

absl::StatusOr<MonitoringLineTable> LoadMonitoringLines(const std::string& path) {
  if (path.empty()) return MonitoringLineTable::Parse("");
  absl::StatusOr<std::string> text = ReadFileContents(path, "monitoring line file");
  if (!text.ok()) return InvalidFieldError("monitoring_line.file", text.status().message());
  absl::StatusOr<MonitoringLineTable> table = MonitoringLineTable::Parse(*text);
  if (!table.ok()) {
    return InvalidFieldError("monitoring_line.file",
                             absl::StrCat(path, ": ", table.status().message()));
  }
  return table;
}

}  // namespace

absl::StatusOr<std::unique_ptr<MonitoringServer>> MonitoringServer::Create(
    MonitoringSettings settings, const Clock& clock) {
  std::unique_ptr<MonitoringServer> server(new MonitoringServer());
  server->settings_ = std::move(settings);
  const MonitoringSettings& s = server->settings_;

  RRMON_ASSIGN_OR_RETURN(server->core_,
                         ServiceCore::Create(s, MonitoringSqliteMigrations(), clock));
  ServiceCore& core = *server->core_;
  server->repository_ = std::make_unique<SqliteHouseholdRepository>(core.database());
  server->audit_trail_reader_ =
      std::make_unique<AuditTrailReader>(*server->repository_, core.audit_trail());

  server->cache_metrics_ = std::make_unique<CacheMetrics>(core.host().registry());
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
      // Decrypted households also stay a few seconds in the process: invalidations reach
      // every replica over pub/sub, and the tier is bypassed while they cannot.
      server->household_tier_ = std::make_unique<ReplicatedTier>(
          *server->redis_, s.redis, *server->household_store_,
          CacheKey("monitoring", "household", "invalidate"), s.local_cache, clock);
    }
  }
  KeyValueStore* household_store = server->household_store_.get();
  if (server->household_tier_ != nullptr) household_store = &server->household_tier_->store();
  server->household_cache_ = std::make_unique<ProtoCache>(
      "household", household_store, s.household_cache, server->cache_metrics_.get());

  server->registry_ = std::make_unique<HouseholdRegistry>(*server->repository_,
                                                          server->household_cache_.get(), clock);
  server->case_repository_ = std::make_unique<SqliteCaseRepository>(core.database());
  RRMON_RETURN_IF_ERROR(s.workflow.Validate());
  server->workflow_ = std::make_unique<CaseWorkflow>(s.workflow);
  server->case_registry_ =
      std::make_unique<CaseRegistry>(*server->repository_, *server->case_repository_,
                                     server->household_cache_.get(), *server->workflow_, clock);
  server->gauges_ = std::make_unique<HouseholdGauges>(core.host().registry(), *server->repository_);
  server->case_gauges_ = std::make_unique<CaseGauges>(
      core.host().registry(), *server->case_repository_, *server->workflow_, clock);
  server->gauges_->AddRefresher(
      [gauges = server->case_gauges_.get()] { return gauges->Refresh(); });

  RRMON_ASSIGN_OR_RETURN(MonitoringLineTable lines, LoadMonitoringLines(s.monitoring_lines_file));
  server->monitoring_lines_ = std::make_unique<MonitoringLineTable>(std::move(lines));
  RRMON_ASSIGN_OR_RETURN(RiskEliminationPolicy policy,
                         RiskEliminationPolicy::Create(s.elimination));
  server->elimination_policy_ = std::make_unique<RiskEliminationPolicy>(policy);
  // Wage income from employment when it is configured; the courtyard service does not
  // serve household income yet, so its figure is the declared one.
  if (s.employment.configured()) {
    server->outgoing_metrics_ =
        std::make_unique<client::OutgoingCallMetrics>(core.host().registry());
    RRMON_ASSIGN_OR_RETURN(
        server->employment_peer_,
        client::OpenPeerClient("employment", s.employment, clock, server->outgoing_metrics_.get()));
    // One attempt and a retry at most within the assessment's wait.
    server->peer_income_ = std::make_unique<EmploymentIncomeSource>(*server->employment_peer_,
                                                                    2 * s.employment.timeout);
  } else {
    server->peer_income_ = std::make_unique<DeclaredIncomeOnly>();
  }
  server->plan_repository_ = std::make_unique<SqlitePlanRepository>(core.database());
  server->plan_registry_ = std::make_unique<PlanRegistry>(
      *server->repository_, *server->plan_repository_, *server->monitoring_lines_,
      *server->peer_income_, *server->elimination_policy_, clock);
  server->case_registry_->set_elimination_check(
      [plans = server->plan_registry_.get()](const v1::Household& household) {
        return plans->CheckElimination(household);
      });
  server->measure_gauges_ =
      std::make_unique<MeasureGauges>(core.host().registry(), *server->plan_repository_);
  server->gauges_->AddRefresher(
      [gauges = server->measure_gauges_.get()] { return gauges->Refresh(); });

  server->cache_metrics_->RegisterCache(StatisticsReporter::kCacheName);
  server->statistics_repository_ = std::make_unique<SqliteStatisticsRepository>(core.database());
  server->statistics_ = std::make_unique<StatisticsReporter>(
      *server->statistics_repository_, server->redis_.get(), server->cache_metrics_.get(), clock,
      s.statistics_cache_ttl);
  server->statistics_->set_analyst_min_cell_size(s.analyst_min_cell_size);
  // The counts follow the clock (measures starting, steps falling overdue) in the
  // background, so a query of today has nothing to correct; see StatisticsRepository.
  server->statistics_advance_ =
      std::make_unique<PeriodicTask>([statistics = server->statistics_.get()] {
        if (const absl::Status status = statistics->AdvanceCounts(); !status.ok()) {
          LogError("monitoring", "statistics counts not advanced; queries correct for it",
                   {{"status", status.ToString()}});
        }
      });
  // Every committed change refreshes the gauges, makes cached statistics stale, and
  // soon moves on the flags of what it wrote.
  const auto changed = [gauges = server->gauges_.get(), statistics = server->statistics_.get(),
                        advance = server->statistics_advance_.get()] {
    gauges->RequestRefresh();
    statistics->Invalidate();
    advance->RunSoon();
  };
  server->registry_->set_on_change(changed);
  server->case_registry_->set_on_change(changed);
  server->plan_registry_->set_on_change(changed);

  server->alert_hub_ = std::make_unique<AlertHub>(core.host().registry(), s.alerts);
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
      core.authenticator(), *server->registry_, *server->case_registry_, *server->plan_registry_,
      *server->statistics_, *server->alert_hub_, s.max_alert_streams, *server->audit_trail_reader_,
      core.read_audit(), clock, &core.host().executor());
  core.host().AddService(server->service_.get(), v1::MonitoringService::service_full_name());
  return server;
}

absl::Status MonitoringServer::ReloadTokenKeys() { return core_->ReloadTokenKeys(); }

MonitoringServer::~MonitoringServer() {
  Shutdown();
  Wait();
}

absl::Status MonitoringServer::Start() {
  RRMON_RETURN_IF_ERROR(gauges_->Refresh());
  gauges_->StartBackgroundRefresh(settings_.gauge_refresh_interval);
  if (household_tier_ != nullptr) household_tier_->Start();
  RRMON_RETURN_IF_ERROR(core_->host().Start());
  overdue_scanner_->Start(settings_.overdue_scan_interval);
  statistics_advance_->Start(
      {.interval = kStatisticsAdvanceInterval, .min_gap = kStatisticsAdvanceMinGap});
  return absl::OkStatus();
}

void MonitoringServer::Shutdown() {
  // Alert streams never end by themselves: close them first so the drain does not wait
  // for them until its deadline.
  // A server whose Create failed half-way is destroyed with some parts missing.
  if (overdue_scanner_ != nullptr) overdue_scanner_->Stop();
  if (statistics_advance_ != nullptr) statistics_advance_->Stop();
  if (alert_hub_ != nullptr) alert_hub_->Close();
  if (core_ != nullptr) {
    core_->host().Shutdown();
    core_->FlushReads();
  }
  if (household_tier_ != nullptr) household_tier_->Stop();
}

void MonitoringServer::Wait() {
  if (core_ != nullptr) core_->host().Wait();
}

}  // namespace rrmon::monitoring

#include "tests/services/monitoring/monitoring_test_env.h"

#include <sqlite3.h>

#include <fstream>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/auth/authorizer.h"
#include "common/status/grpc_status.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "tests/support/id_numbers.h"
#include "tests/support/status_checks.h"

namespace rrmon::monitoring::testing {
using rrmon::testing::Check;

// A fixed day, not today: the test monitoring lines cover 2025–2028, and a clock that
// followed the calendar would make the assessment and elimination tests fail from 2028 on.
// Mid-June leaves room for the months a procedure takes either side of a year's end.
MonitoringTestEnv::MonitoringTestEnv()
    : clock_(absl::FromCivil(absl::CivilSecond(2026, 6, 15, 9, 30, 0), absl::UTCTimeZone())) {}

MonitoringTestEnv::~MonitoringTestEnv() {
  stub_.reset();
  channel_.reset();
  server_.reset();
}

std::unique_ptr<MonitoringTestEnv> MonitoringTestEnv::Start(EnvOptions options) {
  std::unique_ptr<MonitoringTestEnv> env(new MonitoringTestEnv());
  const std::string private_key = env->dir_.File("signing.key");
  const std::string public_key = env->dir_.File("signing.pub");
  Check(auth::GenerateSigningKeyPair(private_key, public_key), "keygen");
  env->signer_ = std::make_unique<auth::TokenSigner>(
      Check(auth::TokenSigner::FromPrivateKeyFile(private_key), "signer"));

  MonitoringSettings settings;
  settings.server.service_name = "monitoring";
  settings.server.grpc_listen = "127.0.0.1:0";
  settings.server.metrics_listen = options.with_metrics_endpoint ? "127.0.0.1:0" : "";
  settings.server.drain_timeout = absl::Seconds(2);
  env->database_path_ = env->dir_.File("monitoring.db");
  settings.sqlite.path = env->database_path_;
  settings.auth_public_key_file = public_key;
  settings.gauge_refresh_interval = absl::Seconds(30);
  settings.max_alert_streams = options.max_alert_streams;
  settings.analyst_min_cell_size = options.analyst_min_cell_size;
  settings.monitoring_lines_file = env->dir_.File("monitoring-lines.txt");
  {
    std::ofstream lines(settings.monitoring_lines_file);
    lines << options.monitoring_lines;
  }
  if (options.with_redis) {
    env->redis_ = Check(rrmon::testing::RedisServer::Start(), "redis");
    settings.redis_address = absl::StrCat("127.0.0.1:", env->redis_->port());
    settings.redis.port = env->redis_->port();
    // Short breaker so a test that restarts Redis sees caching resume quickly.
    settings.redis.open_duration = absl::Milliseconds(200);
    // Households are cached only encrypted, as in production.
    settings.cache_encryption_key_file = env->dir_.File("cache.key");
    Check(WriteNewCacheEncryptionKey(settings.cache_encryption_key_file), "cache key");
  }
  settings.local_cache.ttl = options.local_cache_ttl;
  if (options.employment_peer_port != 0) {
    settings.employment.address = absl::StrCat("127.0.0.1:", options.employment_peer_port);
    settings.employment.token_file = env->dir_.File("employment-peer.token");
    const absl::Time now = env->clock_.Now();
    std::ofstream(settings.employment.token_file)
        << Check(env->signer_->Issue(auth::Principal{"monitoring", Role::ROLE_SERVICE, "65",
                                                     now + absl::Hours(24 * 30), "employment"},
                                     now),
                 "peer token")
        << "\n";
    settings.employment.timeout = absl::Seconds(1);
    settings.employment.failure_threshold = 2;
    settings.employment.open_duration = absl::Milliseconds(300);
  }
  env->settings_ = settings;
  env->server_ = Check(MonitoringServer::Create(settings, env->clock_), "server");
  Check(env->server_->Start(), "start");
  env->channel_ =
      grpc::CreateChannel(env->server_->grpc_address(), grpc::InsecureChannelCredentials());
  env->stub_ = v1::MonitoringService::NewStub(env->channel_);
  return env;
}

std::unique_ptr<MonitoringServer> MonitoringTestEnv::StartReplica() const {
  auto replica = Check(MonitoringServer::Create(settings_, clock_), "replica");
  Check(replica->Start(), "start replica");
  return replica;
}

std::vector<std::string> MonitoringTestEnv::AuditActionsOf(const std::string& resource) const {
  std::vector<std::string> actions;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(database_path_.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + database_path_);
  }
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, "SELECT action FROM audit_log WHERE resource = ?1 ORDER BY id", -1,
                     &statement, nullptr);
  sqlite3_bind_text(statement, 1, resource.c_str(), -1, SQLITE_TRANSIENT);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    actions.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return actions;
}

std::string MonitoringTestEnv::Token(Role role, const std::string& region_prefix,
                                     const std::string& subject) const {
  auth::Principal principal{subject, role, region_prefix, clock_.Now() + absl::Hours(1),
                            "monitoring"};
  return Check(signer_->Issue(principal, clock_.Now()), "issue");
}

grpc::Status MonitoringTestEnv::DeleteHousehold(const std::string& household,
                                                const std::string& county) {
  v1::DeleteHouseholdRequest request;
  request.set_name(household);
  request.set_reason("重复登记");
  v1::Household removed;
  return stub_->DeleteHousehold(Context(Role::ROLE_TOWNSHIP_OFFICER, county).get(), request,
                                &removed);
}

std::string MonitoringTestEnv::TokenFor(const auth::Principal& principal, absl::Time issued) const {
  return Check(signer_->Issue(principal, issued), "issue");
}

std::string MonitoringTestEnv::TokenExpiringAt(Role role, const std::string& region_prefix,
                                               absl::Time expire_time) const {
  auth::Principal principal{"tester", role, region_prefix, expire_time, "monitoring"};
  // Issued an hour before it expires, so even an expired one was valid once.
  return Check(signer_->Issue(principal, expire_time - absl::Hours(1)), "issue");
}

std::unique_ptr<grpc::ClientContext> MonitoringTestEnv::ContextWithToken(
    const std::string& token) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (!token.empty()) auth::AttachBearerToken(*context, token);
  return context;
}

std::unique_ptr<grpc::ClientContext> MonitoringTestEnv::Context(
    Role role, const std::string& region_prefix) const {
  return ContextWithToken(Token(role, region_prefix));
}

Role CompleteStepEvidence(MonitoringTestEnv& env, v1::CaseStep step,
                          absl::FunctionRef<v1::Determination()> determination,
                          v1::DecideCaseStepRequest& request) {
  const absl::CivilDay today = UtcDay(env.clock().Now());
  switch (step) {
    case v1::CASE_STEP_HOME_VERIFICATION: {
      auto* home = request.mutable_home_verification();
      home->set_authorization_signed(true);
      home->set_authorization_reference("额敏县档案 2026-017");
      home->set_visit_date(FormatDate(today));
      return Role::ROLE_VILLAGE_CADRE;
    }
    case v1::CASE_STEP_DATA_MATCHING:
      request.mutable_data_matching()->add_matched_sources("医保");
      request.mutable_data_matching()->add_matched_sources("民政");
      return Role::ROLE_TOWNSHIP_OFFICER;
    case v1::CASE_STEP_VILLAGE_REVIEW:
    case v1::CASE_STEP_ELIMINATION_VILLAGE_REVIEW: {
      auto* notice = request.mutable_public_notice();
      notice->set_start_date(FormatDate(today));
      notice->set_end_date(FormatDate(today + 4));
      env.clock().Advance(absl::Hours(24 * 5));
      if (step == v1::CASE_STEP_VILLAGE_REVIEW) *request.mutable_determination() = determination();
      return Role::ROLE_VILLAGE_CADRE;
    }
    case v1::CASE_STEP_TOWNSHIP_REVIEW:
    case v1::CASE_STEP_ELIMINATION_TOWNSHIP_CHECK:
      return Role::ROLE_TOWNSHIP_OFFICER;
    case v1::CASE_STEP_COUNTY_APPROVAL:
      *request.mutable_determination() = determination();
      return Role::ROLE_COUNTY_OFFICER;
    case v1::CASE_STEP_ELIMINATION_COUNTY_APPROVAL:
      return Role::ROLE_COUNTY_OFFICER;
    default:
      return Role::ROLE_VILLAGE_CADRE;
  }
}

v1::Household SampleHousehold(int seed, const std::string& village) {
  v1::Household household;
  household.set_region_code(village);
  household.set_address(absl::StrFormat("塔城市 %d 号", seed));
  household.set_poverty_alleviated(true);
  household.set_poverty_alleviation_year(2018);
  auto* head = household.add_members();
  head->set_full_name("阿依古丽·买买提");
  head->set_id_number(rrmon::testing::MakeIdNumber("654201", "19800307", (2 * seed) % 1000));
  head->set_relation_to_head(v1::RELATION_HEAD);
  head->set_ethnicity("维吾尔族");
  head->set_health(v1::HEALTH_STATUS_HEALTHY);
  head->set_labour_capacity(v1::LABOUR_CAPACITY_ORDINARY);
  head->set_schooling_stage(v1::SCHOOLING_STAGE_NOT_IN_SCHOOL);
  auto* spouse = household.add_members();
  spouse->set_full_name("Айгүл Мамырқызы");
  spouse->set_id_number(rrmon::testing::MakeIdNumber("654202", "19820511", (2 * seed + 1) % 1000));
  spouse->set_relation_to_head(v1::RELATION_SPOUSE);
  spouse->set_ethnicity("哈萨克族");
  spouse->set_health(v1::HEALTH_STATUS_CHRONIC_ILLNESS);
  spouse->set_labour_capacity(v1::LABOUR_CAPACITY_WEAK_OR_PARTIAL);
  return household;
}

std::vector<std::string> ViolatedFields(const grpc::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad_request = GetBadRequest(FromGrpcStatus(status));
  for (const auto& violation : bad_request.field_violations()) {
    fields.push_back(violation.field());
  }
  return fields;
}

std::vector<std::string> PreconditionSubjects(const grpc::Status& status) {
  std::vector<std::string> subjects;
  const google::rpc::PreconditionFailure failure = GetPreconditionFailure(FromGrpcStatus(status));
  for (const auto& violation : failure.violations()) subjects.push_back(violation.subject());
  return subjects;
}

std::string ErrorReasonOf(const grpc::Status& status) {
  return GetErrorReason(FromGrpcStatus(status));
}

}  // namespace rrmon::monitoring::testing

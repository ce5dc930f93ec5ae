#include "tests/services/employment/employment_test_env.h"

#include <fstream>
#include <stdexcept>

#include "absl/strings/str_cat.h"
#include "common/auth/authorizer.h"
#include "common/cache/encrypted_store.h"
#include "tests/support/status_checks.h"

namespace rrmon::employment::testing {
using rrmon::testing::Check;

EmploymentTestEnv::~EmploymentTestEnv() {
  stub_.reset();
  channel_.reset();
  server_.reset();
  monitoring_.reset();
}

std::unique_ptr<EmploymentTestEnv> EmploymentTestEnv::Start(EmploymentEnvOptions options) {
  std::unique_ptr<EmploymentTestEnv> env(new EmploymentTestEnv());
  // Monitoring asks employment for wage income on a port chosen before either starts.
  const int employment_port = rrmon::testing::PickUnusedPort();
  env->monitoring_ =
      monitoring::testing::MonitoringTestEnv::Start({.employment_peer_port = employment_port});

  EmploymentSettings settings;
  settings.server.grpc_listen = absl::StrCat("127.0.0.1:", employment_port);
  settings.server.metrics_listen = "";
  settings.server.drain_timeout = absl::Seconds(2);
  env->database_path_ = env->dir_.File("employment.db");
  settings.sqlite.path = env->database_path_;
  settings.auth_public_key_file = env->monitoring_->public_key_file();
  if (options.with_monitoring_peer) {
    settings.monitoring.address = env->monitoring_->server().grpc_address();
    settings.monitoring.token_file = env->dir_.File("monitoring-peer.token");
    const FakeClock& clock = env->monitoring_->clock();
    std::ofstream(settings.monitoring.token_file)
        << env->monitoring_->TokenFor(
               auth::Principal{"employment", Role::ROLE_SERVICE, "65",
                               clock.Now() + absl::Hours(24 * 30), "monitoring"},
               clock.Now())
        << "\n";
    settings.monitoring.timeout = absl::Seconds(2);
    settings.monitoring.failure_threshold = 2;
    settings.monitoring.open_duration = absl::Milliseconds(300);
  } else {
    settings.monitoring.address = "";
  }
  // The Redis of the monitoring env: one shared cache tier, as in production.
  if (rrmon::testing::RedisServer* redis = env->monitoring_->redis(); redis != nullptr) {
    settings.redis_address = absl::StrCat("127.0.0.1:", redis->port());
    settings.redis.port = redis->port();
    settings.redis.open_duration = absl::Milliseconds(200);
    settings.cache_encryption_key_file = env->dir_.File("cache.key");
    Check(WriteNewCacheEncryptionKey(settings.cache_encryption_key_file), "cache key");
  }
  env->server_ = Check(EmploymentServer::Create(settings, env->monitoring_->clock()), "server");
  Check(env->server_->Start(), "start");
  env->channel_ =
      grpc::CreateChannel(env->server_->grpc_address(), grpc::InsecureChannelCredentials());
  env->stub_ = v1::EmploymentService::NewStub(env->channel_);
  return env;
}

std::string EmploymentTestEnv::Token(Role role, const std::string& region_prefix) const {
  const absl::Time now = monitoring_->clock().Now();
  return monitoring_->TokenFor(
      auth::Principal{"tester", role, region_prefix, now + absl::Hours(1), "employment"}, now);
}

std::unique_ptr<grpc::ClientContext> EmploymentTestEnv::Context(
    Role role, const std::string& region_prefix) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auth::AttachBearerToken(*context, Token(role, region_prefix));
  return context;
}

monitoring::v1::Household EmploymentTestEnv::RegisterHousehold(int seed,
                                                               const std::string& village) {
  monitoring::v1::CreateHouseholdRequest request;
  *request.mutable_household() = monitoring::testing::SampleHousehold(seed, village);
  monitoring::v1::Household stored;
  const grpc::Status status = monitoring_->stub().CreateHousehold(
      monitoring_->Context(Role::ROLE_VILLAGE_CADRE, village).get(), request, &stored);
  if (!status.ok()) throw std::runtime_error("CreateHousehold: " + status.error_message());
  return stored;
}

v1::Labourer SampleLabourer(const std::string& id_number, const std::string& village) {
  v1::Labourer labourer;
  labourer.set_full_name("努尔兰·阿合买提");
  labourer.set_id_number(id_number);
  labourer.set_region_code(village);
  labourer.add_skills("电焊");
  labourer.set_labour_capacity(monitoring::v1::LABOUR_CAPACITY_SKILLED);
  return labourer;
}

v1::JobSpell SampleSpell(const std::string& start, const std::string& end) {
  v1::JobSpell spell;
  spell.set_form(v1::JOB_FORM_ENTERPRISE);
  spell.set_place_tier(v1::PLACE_TIER_IN_PROVINCE);
  spell.set_destination_region_code("650102");
  spell.set_employer("乌鲁木齐某建筑公司");
  spell.set_industry("建筑业");
  spell.set_start_date(start);
  if (!end.empty()) {
    spell.set_end_date(end);
    spell.set_end_reason("工程完工");
  }
  spell.set_monthly_income_fen(520000);
  return spell;
}

v1::JobSpell SpellAtTier(const std::string& home_village, v1::PlaceTier tier,
                         const std::string& start, const std::string& end, v1::JobForm form) {
  v1::JobSpell spell;
  spell.set_form(form);
  spell.set_place_tier(tier);
  switch (tier) {
    case v1::PLACE_TIER_IN_TOWNSHIP:
      spell.set_destination_region_code(home_village.substr(0, 9));
      break;
    case v1::PLACE_TIER_IN_COUNTY:  // another township of the county
      spell.set_destination_region_code(home_village.substr(0, 6) + "999");
      break;
    case v1::PLACE_TIER_IN_PROVINCE:  // Ürümqi
      spell.set_destination_region_code("650102");
      break;
    default:  // Guangdong
      spell.set_destination_region_code("44");
  }
  spell.set_employer("某建筑公司");
  spell.set_industry("建筑业");
  spell.set_start_date(start);
  spell.set_monthly_income_fen(400000);
  if (!end.empty()) {
    spell.set_end_date(end);
    spell.set_end_reason("合同到期");
  }
  return spell;
}

}  // namespace rrmon::employment::testing

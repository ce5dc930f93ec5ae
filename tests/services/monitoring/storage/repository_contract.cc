#include "tests/services/monitoring/storage/repository_contract.h"

#include "absl/strings/str_cat.h"
#include "common/time/timestamp.h"

namespace rrmon::monitoring::contract {

v1::Household MakeHousehold(const std::string& id, const std::string& region_code,
                            const std::vector<std::string>& id_numbers, int64_t revision) {
  v1::Household household;
  household.set_name(absl::StrCat("households/", id));
  household.set_region_code(region_code);
  household.set_category(v1::MONITORING_CATEGORY_MARGINAL_AT_RISK);
  household.set_status(v1::HOUSEHOLD_STATUS_REGISTERED);
  household.set_etag(EtagOf(revision));
  *household.mutable_create_time() = ToTimestamp(kWriteTime);
  int position = 0;
  for (const std::string& id_number : id_numbers) {
    v1::HouseholdMember* member = household.add_members();
    member->set_name(absl::StrCat(household.name(), "/members/m", ++position));
    member->set_full_name(absl::StrCat("成员", position));
    member->set_id_number(id_number);
    member->set_relation_to_head(position == 1 ? v1::RELATION_HEAD : v1::RELATION_CHILD);
  }
  household.set_household_size(static_cast<int32_t>(id_numbers.size()));
  return household;
}

AuditRecord MakeAudit(const std::string& action, const std::string& resource) {
  AuditRecord audit;
  audit.time = kWriteTime;
  audit.actor = "cadre-1";
  audit.actor_role = rrmon::common::v1::ROLE_VILLAGE_CADRE;
  audit.action = action;
  audit.resource = resource;
  return audit;
}

v1::Household StoreHousehold(HouseholdRepository& repository, const std::string& id,
                             const std::string& region_code) {
  v1::Household household = MakeHousehold(id, region_code, {});
  auto stored = repository.Insert(household, MakeAudit("CreateHousehold", household.name()),
                                  std::nullopt, household.name());
  EXPECT_TRUE(stored.ok()) << stored.status();
  return household;
}

}  // namespace rrmon::monitoring::contract

#pragma once

// An in-memory HouseholdRepository for use-case tests: what the registries decide, seen
// without a database. It keeps households whole and compares revisions like the real
// ones (the repository contract holds the real ones to that); it has no request log.

#include <map>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/status/status_details.h"
#include "services/monitoring/domain/household_rules.h"
#include "services/monitoring/usecases/household_repository.h"

namespace rrmon::monitoring::fakes {

class FakeHouseholdRepository final : public HouseholdRepository {
 public:
  // Stores `household` as is (its etag names its revision).
  void Put(const v1::Household& household) { households_[HouseholdIdOf(household)] = household; }

  absl::StatusOr<WriteResult> Insert(const v1::Household& household, const AuditRecord&,
                                     const std::optional<RequestKey>&,
                                     const std::string& resource_name) override {
    if (households_.contains(HouseholdIdOf(household)))
      return absl::AlreadyExistsError("household");
    Put(household);
    return WriteResult{household, resource_name, false};
  }

  absl::StatusOr<v1::Household> Get(const std::string& household_id) override {
    auto it = households_.find(household_id);
    if (it == households_.end()) {
      return ResourceNotFoundError("Household", absl::StrCat("households/", household_id));
    }
    return it->second;
  }

  absl::StatusOr<std::optional<WriteResult>> FindRequest(const RequestKey&) override {
    return std::optional<WriteResult>();
  }

  absl::StatusOr<WriteResult> Replace(const v1::Household& household, int64_t expected_revision,
                                      const AuditRecord&, const std::optional<RequestKey>&,
                                      const std::string& resource_name) override {
    auto it = households_.find(HouseholdIdOf(household));
    if (it == households_.end() || RevisionOf(it->second.etag()) != expected_revision) {
      return EtagMismatchError("household");
    }
    it->second = household;
    return WriteResult{household, resource_name, false};
  }

  absl::StatusOr<std::optional<std::string>> FindHouseholdOfPerson(
      const std::string& id_number) override {
    for (const auto& [id, household] : households_) {
      if (household.has_delete_time()) continue;
      for (const auto& member : household.members()) {
        if (member.id_number() == id_number) return std::optional<std::string>(id);
      }
    }
    return std::optional<std::string>();
  }

  absl::StatusOr<HouseholdPage> List(const HouseholdQuery&) override {
    return absl::UnimplementedError("lists are the storage contract's subject, not this fake's");
  }
  absl::StatusOr<std::vector<HouseholdCount>> CountHouseholds() override {
    return absl::UnimplementedError("counts are the storage contract's subject, not this fake's");
  }

 private:
  std::map<std::string, v1::Household> households_;
};

}  // namespace rrmon::monitoring::fakes

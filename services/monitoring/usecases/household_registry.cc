#include "services/monitoring/usecases/household_registry.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/fingerprint.h"
#include "common/api/page_token.h"
#include "common/api/resource_id.h"
#include "common/api/update_mask.h"
#include "common/auth/access_rules.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/time/timestamp.h"
#include "common/validation/id_number.h"
#include "common/validation/identifiers.h"
#include "common/validation/region_code.h"
#include "services/monitoring/domain/household_rules.h"
#include "services/monitoring/usecases/household_scope.h"

namespace rrmon::monitoring {
namespace {

constexpr char kMembers[] = "members";

const std::set<std::string>& UpdatableHouseholdFields() {
  static const std::set<std::string> kFields = {"region_code",
                                                "address",
                                                "poverty_alleviated",
                                                "poverty_alleviation_year",
                                                "minimum_living_allowance",
                                                "extreme_poverty_support"};
  return kFields;
}

const std::set<std::string>& UpdatableMemberFields() {
  static const std::set<std::string> kFields = {
      "full_name", "id_number",       "relation_to_head", "ethnicity",
      "health",    "labour_capacity", "schooling_stage",  "shares_household"};
  return kFields;
}

v1::HouseholdMember* FindMember(v1::Household& household, const std::string& name) {
  for (auto& member : *household.mutable_members()) {
    if (member.name() == name) return &member;
  }
  return nullptr;
}

}  // namespace

std::string HouseholdCacheKey(const std::string& household_id) {
  return CacheKey("monitoring", "household", household_id);
}

HouseholdRegistry::HouseholdRegistry(HouseholdRepository& repository, ProtoCache* cache,
                                     const Clock& clock)
    : repository_(repository), cache_(cache), clock_(clock) {}

AuditRecord HouseholdRegistry::Audit(const auth::Principal& caller, const std::string& action,
                                     const std::string& resource, const std::string& reason) const {
  return NewAuditRecord(clock_.Now(), caller.subject, caller.role, action, resource, reason);
}

void HouseholdRegistry::Changed(const std::string& household_id) {
  if (cache_ != nullptr) cache_->Invalidate(HouseholdCacheKey(household_id));
  if (on_change_) on_change_();
}

absl::StatusOr<v1::Household> HouseholdRegistry::Create(const auth::Principal& caller,
                                                        const v1::CreateHouseholdRequest& request) {
  RRMON_RETURN_IF_ERROR(validation::ValidateRequestId(request.request_id(), "request_id"));
  const absl::Time now = clock_.Now();
  v1::Household given = request.household();
  for (auto& member : *given.mutable_members()) NormalizeMemberInput(member);
  RRMON_RETURN_IF_ERROR(ValidateNewHousehold(given, UtcDay(now), "household"));
  RRMON_RETURN_IF_ERROR(auth::RequireRegion(caller, given.region_code()));

  const std::optional<RequestKey> key =
      RequestKeyOf(request.request_id(), "CreateHousehold", request);
  if (key.has_value()) {
    RRMON_ASSIGN_OR_RETURN(std::optional<WriteResult> earlier, repository_.FindRequest(*key));
    if (earlier.has_value()) return std::move(earlier->household);
  }

  v1::Household household;
  const std::string id = NewResourceId();
  household.set_name(HouseholdName(id));
  household.set_region_code(given.region_code());
  household.set_address(given.address());
  household.set_poverty_alleviated(given.poverty_alleviated());
  household.set_poverty_alleviation_year(given.poverty_alleviation_year());
  household.set_minimum_living_allowance(given.minimum_living_allowance());
  household.set_extreme_poverty_support(given.extreme_poverty_support());
  household.set_status(v1::HOUSEHOLD_STATUS_REGISTERED);
  for (const auto& given_member : given.members()) {
    v1::HouseholdMember& member = *household.add_members();
    member = given_member;
    member.set_name(absl::StrCat(household.name(), "/", kMembers, "/", NewResourceId()));
    member.clear_sex();
    member.clear_birth_date();
    member.set_etag(EtagOf(1));
    DeriveMemberFields(member);
  }
  RRMON_RETURN_IF_ERROR(CheckComposition(household));
  household.set_household_size(HouseholdSize(household));
  household.set_etag(EtagOf(1));
  *household.mutable_create_time() = ToTimestamp(now);
  *household.mutable_update_time() = ToTimestamp(now);

  AuditRecord audit = Audit(caller, "CreateHousehold", household.name(), "");
  audit.after_json = AuditJson(household);
  RRMON_ASSIGN_OR_RETURN(WriteResult result,
                         repository_.Insert(household, audit, key, household.name()));
  if (!result.replayed) Changed(id);
  return std::move(result.household);
}

absl::StatusOr<v1::Household> HouseholdRegistry::Get(const auth::Principal& caller,
                                                     const std::string& name) {
  RRMON_ASSIGN_OR_RETURN(std::string id, ParseHouseholdName(name, "name"));
  auto load = [&]() { return repository_.Get(id); };
  absl::StatusOr<v1::Household> household =
      cache_ != nullptr ? cache_->GetOrLoad<v1::Household>(HouseholdCacheKey(id), load) : load();
  if (!household.ok()) return household.status();
  RRMON_RETURN_IF_ERROR(RequireHouseholdInRegion(caller, *household));
  return household;
}

std::optional<absl::StatusOr<v1::Household>> HouseholdRegistry::GetIfCached(
    const auth::Principal& caller, const std::string& name) {
  absl::StatusOr<std::string> id = ParseHouseholdName(name, "name");
  if (!id.ok()) return id.status();
  if (cache_ == nullptr) return std::nullopt;
  std::optional<v1::Household> household = cache_->Peek<v1::Household>(HouseholdCacheKey(*id));
  if (!household.has_value()) return std::nullopt;
  if (absl::Status in_region = RequireHouseholdInRegion(caller, *household); !in_region.ok()) {
    return in_region;
  }
  return *std::move(household);
}

absl::StatusOr<v1::ListHouseholdsResponse> HouseholdRegistry::List(
    const auth::Principal& caller, const v1::ListHouseholdsRequest& request) {
  HouseholdQuery query;
  RRMON_ASSIGN_OR_RETURN(query.region_prefix,
                         auth::ScopedRegionPrefix(caller, request.region_prefix()));
  if (!v1::MonitoringCategory_IsValid(request.category())) {
    return InvalidFieldError("category", "is not a known value");
  }
  if (!v1::HouseholdStatus_IsValid(request.status())) {
    return InvalidFieldError("status", "is not a known value");
  }
  query.category = request.category();
  query.status = request.status();
  query.show_deleted = request.show_deleted();
  RRMON_ASSIGN_OR_RETURN(query.limit, EffectivePageSize(request.page_size()));
  const uint64_t fingerprint = Fingerprint64(absl::StrCat(
      query.region_prefix, "|", query.category, "|", query.status, "|", query.show_deleted));
  RRMON_ASSIGN_OR_RETURN(query.after_key, DecodePageToken(request.page_token(), fingerprint));

  RRMON_ASSIGN_OR_RETURN(HouseholdPage page, repository_.List(query));
  v1::ListHouseholdsResponse response;
  for (auto& household : page.items) *response.add_households() = std::move(household);
  if (page.more) response.set_next_page_token(EncodePageToken(page.last_key, fingerprint));
  return response;
}

absl::StatusOr<v1::Household> HouseholdRegistry::LoadForChange(const auth::Principal& caller,
                                                               const std::string& household_id) {
  return LoadHouseholdInRegion(repository_, caller, household_id);
}

absl::StatusOr<WriteResult> HouseholdRegistry::Commit(
    const auth::Principal& caller, const std::string& action, const v1::Household& before,
    v1::Household after, const std::string& reason, const std::optional<RequestKey>& key,
    const std::string& resource_name) {
  const int64_t revision = RevisionOf(before.etag()).value_or(0);
  after.set_household_size(HouseholdSize(after));
  after.set_etag(EtagOf(revision + 1));
  *after.mutable_update_time() = ToTimestamp(clock_.Now());
  AuditRecord audit = Audit(caller, action, resource_name, reason);
  audit.before_json = AuditJson(before);
  audit.after_json = AuditJson(after);
  RRMON_ASSIGN_OR_RETURN(WriteResult result,
                         repository_.Replace(after, revision, audit, key, resource_name));
  if (!result.replayed) {
    const std::string& name = before.name();
    Changed(name.substr(name.find('/') + 1));
  }
  return result;
}

absl::StatusOr<v1::Household> HouseholdRegistry::Update(const auth::Principal& caller,
                                                        const v1::UpdateHouseholdRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string id,
                         ParseHouseholdName(request.household().name(), "household.name"));
  RRMON_ASSIGN_OR_RETURN(std::vector<std::string> paths,
                         ResolveUpdateMask(request.update_mask(), UpdatableHouseholdFields()));
  RRMON_RETURN_IF_ERROR(ValidateReason(request.reason(), /*required=*/false));
  RRMON_ASSIGN_OR_RETURN(v1::Household before, LoadForChange(caller, id));
  RRMON_RETURN_IF_ERROR(CheckEtag(request.household().etag(), before.etag(), "household"));
  RRMON_RETURN_IF_ERROR(RejectDeleted(before));

  v1::Household after = before;
  ApplyUpdateMask(request.household(), paths, after);
  RRMON_RETURN_IF_ERROR(ValidateHouseholdFields(after, "household"));
  // Moving a household to another village needs the right to both.
  RRMON_RETURN_IF_ERROR(auth::RequireRegion(caller, after.region_code()));
  RRMON_ASSIGN_OR_RETURN(WriteResult result, Commit(caller, "UpdateHousehold", before, after,
                                                    request.reason(), std::nullopt, before.name()));
  return std::move(result.household);
}

absl::StatusOr<v1::Household> HouseholdRegistry::Delete(const auth::Principal& caller,
                                                        const v1::DeleteHouseholdRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string id, ParseHouseholdName(request.name(), "name"));
  RRMON_RETURN_IF_ERROR(ValidateReason(request.reason(), /*required=*/true));
  RRMON_ASSIGN_OR_RETURN(v1::Household before, LoadForChange(caller, id));
  RRMON_RETURN_IF_ERROR(CheckEtag(request.etag(), before.etag(), "household"));
  RRMON_RETURN_IF_ERROR(RejectDeleted(before));
  v1::Household after = before;
  *after.mutable_delete_time() = ToTimestamp(clock_.Now());
  RRMON_ASSIGN_OR_RETURN(WriteResult result, Commit(caller, "DeleteHousehold", before, after,
                                                    request.reason(), std::nullopt, before.name()));
  return std::move(result.household);
}

absl::StatusOr<v1::Household> HouseholdRegistry::Undelete(
    const auth::Principal& caller, const v1::UndeleteHouseholdRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string id, ParseHouseholdName(request.name(), "name"));
  RRMON_RETURN_IF_ERROR(ValidateReason(request.reason(), /*required=*/true));
  RRMON_ASSIGN_OR_RETURN(v1::Household before, LoadForChange(caller, id));
  if (!before.has_delete_time()) {
    return WithErrorReason(
        absl::FailedPreconditionError(absl::StrCat(before.name(), " is not deleted")),
        "HOUSEHOLD_NOT_DELETED");
  }
  v1::Household after = before;
  after.clear_delete_time();
  RRMON_ASSIGN_OR_RETURN(WriteResult result, Commit(caller, "UndeleteHousehold", before, after,
                                                    request.reason(), std::nullopt, before.name()));
  return std::move(result.household);
}

absl::StatusOr<v1::HouseholdMember> HouseholdRegistry::CreateMember(
    const auth::Principal& caller, const v1::CreateHouseholdMemberRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string id, ParseHouseholdName(request.parent(), "parent"));
  RRMON_RETURN_IF_ERROR(validation::ValidateRequestId(request.request_id(), "request_id"));
  v1::HouseholdMember given = request.member();
  NormalizeMemberInput(given);
  RRMON_RETURN_IF_ERROR(ValidateMember(given, UtcDay(clock_.Now()), "member"));
  // The region is checked before the request log is read, as for the first call.
  RRMON_ASSIGN_OR_RETURN(v1::Household before, LoadForChange(caller, id));
  const std::optional<RequestKey> key =
      RequestKeyOf(request.request_id(), "CreateHouseholdMember", request);
  std::optional<WriteResult> earlier;
  if (key.has_value()) {
    RRMON_ASSIGN_OR_RETURN(earlier, repository_.FindRequest(*key));
  }
  if (!earlier.has_value()) {
    RRMON_RETURN_IF_ERROR(RejectDeleted(before));
    if (before.members_size() >= kMaxMembers) {
      google::rpc::PreconditionFailure failure;
      auto* violation = failure.add_violations();
      violation->set_type("HOUSEHOLD_COMPOSITION");
      violation->set_subject("members");
      violation->set_description(absl::StrCat("a household has at most ", kMaxMembers, " people"));
      return WithErrorReason(PreconditionError(violation->description(), failure),
                             "HOUSEHOLD_FULL");
    }
    v1::Household after = before;
    v1::HouseholdMember& member = *after.add_members();
    member = given;
    member.set_name(absl::StrCat(before.name(), "/", kMembers, "/", NewResourceId()));
    member.clear_sex();
    member.clear_birth_date();
    member.set_etag(EtagOf(1));
    DeriveMemberFields(member);
    RRMON_RETURN_IF_ERROR(CheckComposition(after));
    const std::string member_name = member.name();
    RRMON_ASSIGN_OR_RETURN(WriteResult result, Commit(caller, "CreateHouseholdMember", before,
                                                      std::move(after), "", key, member_name));
    earlier = std::move(result);
  }
  const v1::HouseholdMember* created = FindMember(earlier->household, earlier->resource_name);
  if (created == nullptr) return absl::InternalError("created member missing from its household");
  return *created;
}

absl::StatusOr<v1::HouseholdMember> HouseholdRegistry::UpdateMember(
    const auth::Principal& caller, const v1::UpdateHouseholdMemberRequest& request) {
  RRMON_ASSIGN_OR_RETURN(auto ids,
                         ParseHouseholdChildName(request.member().name(), kMembers, "member.name"));
  RRMON_ASSIGN_OR_RETURN(std::vector<std::string> paths,
                         ResolveUpdateMask(request.update_mask(), UpdatableMemberFields()));
  RRMON_RETURN_IF_ERROR(ValidateReason(request.reason(), /*required=*/false));
  RRMON_ASSIGN_OR_RETURN(v1::Household before, LoadForChange(caller, ids.first));
  RRMON_RETURN_IF_ERROR(RejectDeleted(before));
  v1::Household after = before;
  v1::HouseholdMember* member = FindMember(after, request.member().name());
  if (member == nullptr) {
    return ResourceNotFoundError("HouseholdMember", request.member().name());
  }
  RRMON_RETURN_IF_ERROR(CheckEtag(request.member().etag(), member->etag(), "member"));
  ApplyUpdateMask(request.member(), paths, *member);
  NormalizeMemberInput(*member);
  RRMON_RETURN_IF_ERROR(ValidateMember(*member, UtcDay(clock_.Now()), "member"));
  DeriveMemberFields(*member);
  member->set_etag(EtagOf(RevisionOf(member->etag()).value_or(0) + 1));
  RRMON_RETURN_IF_ERROR(CheckComposition(after));
  const std::string member_name = member->name();
  RRMON_ASSIGN_OR_RETURN(WriteResult result,
                         Commit(caller, "UpdateHouseholdMember", before, std::move(after),
                                request.reason(), std::nullopt, member_name));
  const v1::HouseholdMember* updated = FindMember(result.household, member_name);
  if (updated == nullptr) return absl::InternalError("updated member missing from its household");
  return *updated;
}

absl::StatusOr<v1::PersonRecord> HouseholdRegistry::LookupPerson(
    const auth::Principal& caller, const v1::LookupPersonRequest& request) {
  RRMON_ASSIGN_OR_RETURN(
      validation::IdNumber id,
      validation::ParseIdNumber(request.id_number(), "id_number", UtcDay(clock_.Now())));
  // The message never repeats the number: it would reach logs.
  const auto not_found = [] {
    return WithErrorReason(absl::NotFoundError("no household of the registry holds this person"),
                           "PERSON_NOT_REGISTERED");
  };
  RRMON_ASSIGN_OR_RETURN(std::optional<std::string> household_id,
                         repository_.FindHouseholdOfPerson(id.normalized));
  if (!household_id.has_value()) return not_found();
  RRMON_ASSIGN_OR_RETURN(v1::Household household, repository_.Get(*household_id));
  if (!validation::RegionCovers(caller.region_prefix, household.region_code())) {
    return MarkRefused(not_found());
  }
  for (const v1::HouseholdMember& member : household.members()) {
    if (member.id_number() != id.normalized) continue;
    v1::PersonRecord person;
    person.set_household(household.name());
    person.set_member(member.name());
    person.set_region_code(household.region_code());
    person.set_id_number(auth::CanSeeSensitiveData(caller)
                             ? member.id_number()
                             : validation::MaskIdNumber(member.id_number()));
    person.set_poverty_alleviated(household.poverty_alleviated());
    person.set_status(household.status());
    person.set_category(household.category());
    return person;
  }
  // Changed between the two reads: as if looked up a moment later.
  return not_found();
}

absl::StatusOr<v1::Household> HouseholdRegistry::DeleteMember(
    const auth::Principal& caller, const v1::DeleteHouseholdMemberRequest& request) {
  RRMON_ASSIGN_OR_RETURN(auto ids, ParseHouseholdChildName(request.name(), kMembers, "name"));
  RRMON_RETURN_IF_ERROR(ValidateReason(request.reason(), /*required=*/true));
  RRMON_ASSIGN_OR_RETURN(v1::Household before, LoadForChange(caller, ids.first));
  RRMON_RETURN_IF_ERROR(RejectDeleted(before));
  v1::Household after = before;
  auto* members = after.mutable_members();
  auto it = std::find_if(members->begin(), members->end(),
                         [&](const v1::HouseholdMember& m) { return m.name() == request.name(); });
  if (it == members->end()) {
    return ResourceNotFoundError("HouseholdMember", request.name());
  }
  RRMON_RETURN_IF_ERROR(CheckEtag(request.etag(), it->etag(), "member"));
  members->erase(it);
  RRMON_RETURN_IF_ERROR(CheckComposition(after));
  RRMON_ASSIGN_OR_RETURN(WriteResult result,
                         Commit(caller, "DeleteHouseholdMember", before, std::move(after),
                                request.reason(), std::nullopt, request.name()));
  return std::move(result.household);
}

}  // namespace rrmon::monitoring

#include "services/employment/usecases/labourer_registry.h"

#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/api/etag.h"
#include "common/api/fingerprint.h"
#include "common/api/page_token.h"
#include "common/api/resource_id.h"
#include "common/api/update_mask.h"
#include "common/auth/access_rules.h"
#include "common/log/log.h"
#include "common/status/macros.h"
#include "common/status/status_details.h"
#include "common/time/civil_date.h"
#include "common/time/timestamp.h"
#include "common/validation/identifiers.h"
#include "common/validation/region_code.h"
#include "services/employment/domain/business_rules.h"
#include "services/employment/domain/job_spell_rules.h"
#include "services/employment/domain/labourer_rules.h"
#include "services/employment/usecases/labourer_change.h"

namespace rrmon::employment {
namespace {

constexpr char kAnyLabourer[] = "labourers/-";

const std::set<std::string>& UpdatableLabourerFields() {
  static const std::set<std::string> kFields = {"full_name", "id_number",       "region_code",
                                                "skills",    "labour_capacity", "trainings"};
  return kFields;
}

template <typename Message>
absl::StatusOr<Message> ParseLogged(const std::string& bytes) {
  Message message;
  if (!message.ParseFromString(bytes)) {
    return absl::DataLossError("stored response of an earlier request is unreadable");
  }
  return message;
}

absl::Status RequireLabourerInRegion(const auth::Principal& caller, const v1::Labourer& labourer) {
  if (validation::RegionCovers(caller.region_prefix, labourer.region_code())) {
    return absl::OkStatus();
  }
  return MarkRefused(ResourceNotFoundError("Labourer", labourer.name()));
}

const v1::JobSpell* FindSpell(const LabourerRecord& record, const std::string& name) {
  for (const v1::JobSpell& spell : record.spells) {
    if (spell.name() == name) return &spell;
  }
  return nullptr;
}

const v1::Business* FindBusiness(const LabourerRecord& record, const std::string& name) {
  for (const v1::Business& business : record.businesses) {
    if (business.name() == name) return &business;
  }
  return nullptr;
}

const std::set<std::string>& UpdatableBusinessFields() {
  static const std::set<std::string> kFields = {"display_name", "sector", "start_date", "employees",
                                                "licence"};
  return kFields;
}

}  // namespace

LabourerRegistry::LabourerRegistry(LabourerRepository& repository, HouseholdDirectory& directory,
                                   const Clock& clock)
    : repository_(repository), directory_(directory), clock_(clock) {}

void LabourerRegistry::Changed() {
  if (on_change_) on_change_();
}

v1::HouseholdLink LabourerRegistry::LinkOrUnchecked(const std::string& id_number) {
  absl::StatusOr<v1::HouseholdLink> link = directory_.Lookup(id_number);
  if (link.ok()) {
    *link->mutable_check_time() = ToTimestamp(clock_.Now());
    return *std::move(link);
  }
  LogWarning("employment", "household link not checked; the labourer is stored unchecked",
             {{"status", link.status().ToString()}});
  v1::HouseholdLink unchecked;
  unchecked.set_state(v1::HOUSEHOLD_LINK_STATE_UNCHECKED);
  *unchecked.mutable_check_time() = ToTimestamp(clock_.Now());
  return unchecked;
}

absl::StatusOr<LabourerRecord> LabourerRegistry::LoadInRegion(const auth::Principal& caller,
                                                              const std::string& labourer_id) {
  RRMON_ASSIGN_OR_RETURN(LabourerRecord record, repository_.Get(labourer_id));
  RRMON_RETURN_IF_ERROR(RequireLabourerInRegion(caller, record.labourer));
  return record;
}

absl::Status LabourerRegistry::ScopeChildList(const auth::Principal& caller,
                                              const std::string& parent,
                                              const std::string& requested_region,
                                              std::string& region_prefix,
                                              std::string& labourer_id) {
  if (parent == kAnyLabourer) {
    RRMON_ASSIGN_OR_RETURN(region_prefix, auth::ScopedRegionPrefix(caller, requested_region));
    return absl::OkStatus();
  }
  RRMON_ASSIGN_OR_RETURN(labourer_id, ParseLabourerName(parent, "parent"));
  if (!requested_region.empty()) {
    return InvalidFieldError("region_prefix", "is given only with parent labourers/-");
  }
  return LoadInRegion(caller, labourer_id).status();
}

absl::StatusOr<std::optional<std::string>> LabourerRegistry::Commit(
    const auth::Principal& caller, const std::string& action, const std::string& resource,
    const std::string& reason, const v1::Labourer* before,
    const google::protobuf::Message* audited_before, LabourerChange& change) {
  StampLabourerChange(caller, clock_.Now(), action, resource, reason, before, audited_before,
                      change);
  return repository_.Write(change);
}

absl::StatusOr<v1::Labourer> LabourerRegistry::Create(const auth::Principal& caller,
                                                      const v1::CreateLabourerRequest& request) {
  RRMON_RETURN_IF_ERROR(validation::ValidateRequestId(request.request_id(), "request_id"));
  v1::Labourer given = request.labourer();
  NormalizeLabourerInput(given);
  RRMON_RETURN_IF_ERROR(ValidateLabourer(given, UtcDay(clock_.Now()), "labourer"));
  RRMON_RETURN_IF_ERROR(auth::RequireRegion(caller, given.region_code()));
  const std::optional<RequestKey> key =
      RequestKeyOf(request.request_id(), "CreateLabourer", request);
  if (key.has_value()) {
    RRMON_ASSIGN_OR_RETURN(std::optional<std::string> earlier, repository_.FindRequest(*key));
    if (earlier.has_value()) return ParseLogged<v1::Labourer>(*earlier);
  }

  v1::Labourer labourer;
  labourer.set_name(LabourerName(NewResourceId()));
  labourer.set_full_name(given.full_name());
  labourer.set_id_number(given.id_number());
  labourer.set_region_code(given.region_code());
  *labourer.mutable_skills() = given.skills();
  labourer.set_labour_capacity(given.labour_capacity());
  *labourer.mutable_trainings() = given.trainings();
  ApplyHouseholdLink(LinkOrUnchecked(labourer.id_number()), labourer);

  LabourerChange change;
  change.labourer = std::move(labourer);
  change.key = key;
  const std::string name = change.labourer.name();
  RRMON_ASSIGN_OR_RETURN(std::optional<std::string> earlier,
                         Commit(caller, "CreateLabourer", name, "", nullptr, nullptr, change));
  if (earlier.has_value()) return ParseLogged<v1::Labourer>(*earlier);
  Changed();
  return std::move(change.labourer);
}

absl::StatusOr<v1::Labourer> LabourerRegistry::Get(const auth::Principal& caller,
                                                   const std::string& name) {
  RRMON_ASSIGN_OR_RETURN(std::string id, ParseLabourerName(name, "name"));
  RRMON_ASSIGN_OR_RETURN(LabourerRecord record, LoadInRegion(caller, id));
  return std::move(record.labourer);
}

absl::StatusOr<v1::ListLabourersResponse> LabourerRegistry::List(
    const auth::Principal& caller, const v1::ListLabourersRequest& request) {
  LabourerQuery query;
  RRMON_ASSIGN_OR_RETURN(query.region_prefix,
                         auth::ScopedRegionPrefix(caller, request.region_prefix()));
  query.poverty_alleviated_only = request.poverty_alleviated_only();
  RRMON_ASSIGN_OR_RETURN(query.limit, EffectivePageSize(request.page_size()));
  const uint64_t fingerprint = Fingerprint64(
      absl::StrCat("labourers|", query.region_prefix, "|", query.poverty_alleviated_only));
  RRMON_ASSIGN_OR_RETURN(query.after_key, DecodePageToken(request.page_token(), fingerprint));
  RRMON_ASSIGN_OR_RETURN(Page<v1::Labourer> page, repository_.List(query));
  v1::ListLabourersResponse response;
  for (auto& labourer : page.items) *response.add_labourers() = std::move(labourer);
  if (page.more) response.set_next_page_token(EncodePageToken(page.last_key, fingerprint));
  return response;
}

absl::StatusOr<v1::Labourer> LabourerRegistry::Update(const auth::Principal& caller,
                                                      const v1::UpdateLabourerRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string id,
                         ParseLabourerName(request.labourer().name(), "labourer.name"));
  RRMON_ASSIGN_OR_RETURN(std::vector<std::string> paths,
                         ResolveUpdateMask(request.update_mask(), UpdatableLabourerFields()));
  RRMON_RETURN_IF_ERROR(ValidateReason(request.reason(), /*required=*/false));
  RRMON_ASSIGN_OR_RETURN(LabourerRecord record, LoadInRegion(caller, id));
  const v1::Labourer& before = record.labourer;
  RRMON_RETURN_IF_ERROR(CheckEtag(request.labourer().etag(), before.etag(), "labourer"));

  v1::Labourer given = request.labourer();
  NormalizeLabourerInput(given);
  v1::Labourer after = before;
  ApplyUpdateMask(given, paths, after);
  RRMON_RETURN_IF_ERROR(ValidateLabourer(after, UtcDay(clock_.Now()), "labourer"));
  // Moving a labourer to a village outside the caller's region is handing them over,
  // which the receiving region does.
  RRMON_RETURN_IF_ERROR(auth::RequireRegion(caller, after.region_code()));
  if (after.id_number() != before.id_number()) {
    ApplyHouseholdLink(LinkOrUnchecked(after.id_number()), after);
  }
  // A spell's destination was checked against the home village it was entered for; the
  // spells keep it, a move does not rewrite where someone worked.

  LabourerChange change;
  change.labourer = after;
  RRMON_RETURN_IF_ERROR(
      Commit(caller, "UpdateLabourer", before.name(), request.reason(), &before, &before, change)
          .status());
  Changed();
  return std::move(change.labourer);
}

absl::StatusOr<v1::Labourer> LabourerRegistry::RefreshHouseholdLink(const auth::Principal& caller,
                                                                    const std::string& name) {
  RRMON_ASSIGN_OR_RETURN(std::string id, ParseLabourerName(name, "name"));
  RRMON_ASSIGN_OR_RETURN(LabourerRecord record, LoadInRegion(caller, id));
  // A refresh is asked for because the remembered answer may be old.
  directory_.Forget(record.labourer.id_number());
  RRMON_ASSIGN_OR_RETURN(v1::HouseholdLink link, directory_.Lookup(record.labourer.id_number()));
  *link.mutable_check_time() = ToTimestamp(clock_.Now());
  LabourerChange change;
  change.labourer = record.labourer;
  ApplyHouseholdLink(std::move(link), change.labourer);
  RRMON_RETURN_IF_ERROR(Commit(caller, "RefreshHouseholdLink", record.labourer.name(), "",
                               &record.labourer, &record.labourer, change)
                            .status());
  Changed();
  return std::move(change.labourer);
}

absl::StatusOr<v1::JobSpell> LabourerRegistry::CreateSpell(
    const auth::Principal& caller, const v1::CreateJobSpellRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string id, ParseLabourerName(request.parent(), "parent"));
  RRMON_RETURN_IF_ERROR(validation::ValidateRequestId(request.request_id(), "request_id"));
  const std::optional<RequestKey> key =
      RequestKeyOf(request.request_id(), "CreateJobSpell", request);
  if (key.has_value()) {
    RRMON_ASSIGN_OR_RETURN(std::optional<std::string> earlier, repository_.FindRequest(*key));
    if (earlier.has_value()) return ParseLogged<v1::JobSpell>(*earlier);
  }
  RRMON_ASSIGN_OR_RETURN(LabourerRecord record, LoadInRegion(caller, id));
  RRMON_RETURN_IF_ERROR(CheckEtag(request.labourer_etag(), record.labourer.etag(), "labourer"));
  const absl::Time now = clock_.Now();
  RRMON_RETURN_IF_ERROR(
      ValidateSpell(request.spell(), record.labourer.region_code(), UtcDay(now), "spell"));

  v1::JobSpell spell = request.spell();
  spell.set_name(SpellName(id, NewResourceId()));
  spell.set_etag(EtagOf(1));
  *spell.mutable_create_time() = ToTimestamp(now);
  *spell.mutable_update_time() = ToTimestamp(now);
  if (std::optional<v1::JobSpell> other = FindOverlap(spell, record.spells); other.has_value()) {
    return OverlapError(*other);
  }

  LabourerChange change;
  change.labourer = record.labourer;
  change.spells.push_back(spell);
  change.key = key;
  change.response = spell.SerializeAsString();
  RRMON_ASSIGN_OR_RETURN(
      std::optional<std::string> earlier,
      Commit(caller, "CreateJobSpell", spell.name(), "", &record.labourer, nullptr, change));
  if (earlier.has_value()) return ParseLogged<v1::JobSpell>(*earlier);
  Changed();
  return spell;
}

absl::StatusOr<v1::JobSpell> LabourerRegistry::GetSpell(const auth::Principal& caller,
                                                        const std::string& name) {
  RRMON_ASSIGN_OR_RETURN(SpellRef ref, ParseSpellName(name, "name"));
  RRMON_ASSIGN_OR_RETURN(LabourerRecord record, LoadInRegion(caller, ref.labourer_id));
  const v1::JobSpell* spell = FindSpell(record, name);
  if (spell == nullptr) return ResourceNotFoundError("JobSpell", name);
  return *spell;
}

absl::StatusOr<v1::ListJobSpellsResponse> LabourerRegistry::ListSpells(
    const auth::Principal& caller, const v1::ListJobSpellsRequest& request) {
  SpellQuery query;
  RRMON_RETURN_IF_ERROR(ScopeChildList(caller, request.parent(), request.region_prefix(),
                                       query.region_prefix, query.labourer_id));
  query.ongoing_only = request.ongoing_only();
  RRMON_ASSIGN_OR_RETURN(query.limit, EffectivePageSize(request.page_size()));
  const uint64_t fingerprint =
      Fingerprint64(absl::StrCat("spells|", request.parent(), "|", query.region_prefix, "|",
                                 query.labourer_id, "|", query.ongoing_only));
  RRMON_ASSIGN_OR_RETURN(query.after_key, DecodePageToken(request.page_token(), fingerprint));
  RRMON_ASSIGN_OR_RETURN(Page<v1::JobSpell> page, repository_.ListSpells(query));
  v1::ListJobSpellsResponse response;
  for (auto& spell : page.items) *response.add_spells() = std::move(spell);
  if (page.more) response.set_next_page_token(EncodePageToken(page.last_key, fingerprint));
  return response;
}

absl::StatusOr<v1::JobSpell> LabourerRegistry::EndSpell(const auth::Principal& caller,
                                                        const v1::EndJobSpellRequest& request) {
  RRMON_ASSIGN_OR_RETURN(SpellRef ref, ParseSpellName(request.name(), "name"));
  RRMON_ASSIGN_OR_RETURN(LabourerRecord record, LoadInRegion(caller, ref.labourer_id));
  const v1::JobSpell* spell = FindSpell(record, request.name());
  if (spell == nullptr) return ResourceNotFoundError("JobSpell", request.name());
  RRMON_RETURN_IF_ERROR(CheckEtag(request.etag(), spell->etag(), "spell"));
  const absl::Time now = clock_.Now();
  RRMON_ASSIGN_OR_RETURN(
      v1::JobSpell ended,
      employment::EndSpell(*spell, request.end_date(), request.end_reason(), UtcDay(now)));
  ended.set_etag(EtagOf(RevisionOf(spell->etag()).value_or(0) + 1));
  *ended.mutable_update_time() = ToTimestamp(now);

  LabourerChange change;
  change.labourer = record.labourer;
  change.spells.push_back(ended);
  RRMON_RETURN_IF_ERROR(Commit(caller, "EndJobSpell", ended.name(), request.end_reason(),
                               &record.labourer, spell, change)
                            .status());
  Changed();
  return ended;
}

std::unique_ptr<LabourImport> LabourerRegistry::NewImport(const auth::Principal& caller) {
  return std::make_unique<LabourImport>(caller, repository_, directory_, clock_);
}

absl::Status LabourerRegistry::AddToImport(LabourImport& upload,
                                           const v1::ImportLabourRequest& batch) {
  const int64_t stored_before = upload.response().stored();
  absl::Status status = upload.Add(batch);
  if (!upload.validate_only() && upload.response().stored() > stored_before) Changed();
  return status;
}

absl::StatusOr<v1::Business> LabourerRegistry::CreateBusiness(
    const auth::Principal& caller, const v1::CreateBusinessRequest& request) {
  RRMON_ASSIGN_OR_RETURN(std::string id, ParseLabourerName(request.parent(), "parent"));
  RRMON_RETURN_IF_ERROR(validation::ValidateRequestId(request.request_id(), "request_id"));
  const std::optional<RequestKey> key =
      RequestKeyOf(request.request_id(), "CreateBusiness", request);
  if (key.has_value()) {
    RRMON_ASSIGN_OR_RETURN(std::optional<std::string> earlier, repository_.FindRequest(*key));
    if (earlier.has_value()) return ParseLogged<v1::Business>(*earlier);
  }
  const absl::Time now = clock_.Now();
  RRMON_RETURN_IF_ERROR(ValidateBusiness(request.business(), UtcDay(now), "business"));
  RRMON_ASSIGN_OR_RETURN(LabourerRecord record, LoadInRegion(caller, id));

  v1::Business business = request.business();
  business.set_name(BusinessName(id, NewResourceId()));
  business.set_etag(EtagOf(1));
  *business.mutable_create_time() = ToTimestamp(now);
  *business.mutable_update_time() = ToTimestamp(now);

  LabourerChange change;
  change.labourer = record.labourer;
  change.businesses.push_back(business);
  change.key = key;
  change.response = business.SerializeAsString();
  RRMON_ASSIGN_OR_RETURN(
      std::optional<std::string> earlier,
      Commit(caller, "CreateBusiness", business.name(), "", &record.labourer, nullptr, change));
  if (earlier.has_value()) return ParseLogged<v1::Business>(*earlier);
  Changed();
  return business;
}

absl::StatusOr<v1::Business> LabourerRegistry::GetBusiness(const auth::Principal& caller,
                                                           const std::string& name) {
  RRMON_ASSIGN_OR_RETURN(BusinessRef ref, ParseBusinessName(name, "name"));
  RRMON_ASSIGN_OR_RETURN(LabourerRecord record, LoadInRegion(caller, ref.labourer_id));
  const v1::Business* business = FindBusiness(record, name);
  if (business == nullptr) return ResourceNotFoundError("Business", name);
  return *business;
}

absl::StatusOr<v1::ListBusinessesResponse> LabourerRegistry::ListBusinesses(
    const auth::Principal& caller, const v1::ListBusinessesRequest& request) {
  BusinessQuery query;
  RRMON_RETURN_IF_ERROR(ScopeChildList(caller, request.parent(), request.region_prefix(),
                                       query.region_prefix, query.labourer_id));
  RRMON_ASSIGN_OR_RETURN(query.limit, EffectivePageSize(request.page_size()));
  const uint64_t fingerprint = Fingerprint64(absl::StrCat(
      "businesses|", request.parent(), "|", query.region_prefix, "|", query.labourer_id));
  RRMON_ASSIGN_OR_RETURN(query.after_key, DecodePageToken(request.page_token(), fingerprint));
  RRMON_ASSIGN_OR_RETURN(Page<v1::Business> page, repository_.ListBusinesses(query));
  v1::ListBusinessesResponse response;
  for (auto& business : page.items) *response.add_businesses() = std::move(business);
  if (page.more) response.set_next_page_token(EncodePageToken(page.last_key, fingerprint));
  return response;
}

absl::StatusOr<v1::Business> LabourerRegistry::UpdateBusiness(
    const auth::Principal& caller, const v1::UpdateBusinessRequest& request) {
  RRMON_ASSIGN_OR_RETURN(BusinessRef ref,
                         ParseBusinessName(request.business().name(), "business.name"));
  RRMON_ASSIGN_OR_RETURN(std::vector<std::string> paths,
                         ResolveUpdateMask(request.update_mask(), UpdatableBusinessFields()));
  RRMON_RETURN_IF_ERROR(ValidateReason(request.reason(), /*required=*/false));
  RRMON_ASSIGN_OR_RETURN(LabourerRecord record, LoadInRegion(caller, ref.labourer_id));
  const v1::Business* before = FindBusiness(record, request.business().name());
  if (before == nullptr) return ResourceNotFoundError("Business", request.business().name());
  RRMON_RETURN_IF_ERROR(CheckEtag(request.business().etag(), before->etag(), "business"));
  const absl::Time now = clock_.Now();
  v1::Business after = *before;
  ApplyUpdateMask(request.business(), paths, after);
  RRMON_RETURN_IF_ERROR(ValidateBusiness(after, UtcDay(now), "business"));
  after.set_etag(EtagOf(RevisionOf(before->etag()).value_or(0) + 1));
  *after.mutable_update_time() = ToTimestamp(now);

  LabourerChange change;
  change.labourer = record.labourer;
  change.businesses.push_back(after);
  RRMON_RETURN_IF_ERROR(Commit(caller, "UpdateBusiness", after.name(), request.reason(),
                               &record.labourer, before, change)
                            .status());
  Changed();
  return after;
}

}  // namespace rrmon::employment

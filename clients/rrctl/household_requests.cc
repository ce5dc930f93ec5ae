#include "clients/rrctl/household_requests.h"

#include <google/protobuf/util/json_util.h>

#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "clients/rrctl/enum_names.h"
#include "clients/rrctl/request_id.h"
#include "clients/rrctl/resource_names.h"

namespace rrmon::rrctl {
namespace {

absl::StatusOr<std::string> RequiredReason(absl::string_view reason) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(reason);
  if (trimmed.empty()) {
    return absl::InvalidArgumentError("--reason must say why (it is kept in the audit trail)");
  }
  return std::string(trimmed);
}

absl::Status Prefixed(absl::string_view prefix, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(prefix, status.message()));
}

}  // namespace

absl::StatusOr<monitoring::CreateHouseholdRequest> BuildCreateHouseholdRequest(
    const CreateHouseholdFlags& flags) {
  monitoring::CreateHouseholdRequest request;
  monitoring::Household& household = *request.mutable_household();
  if (absl::StripAsciiWhitespace(flags.region_code).empty()) {
    return absl::InvalidArgumentError("--region-code is required (or give --from-json)");
  }
  household.set_region_code(std::string(absl::StripAsciiWhitespace(flags.region_code)));
  if (flags.address.has_value()) household.set_address(*flags.address);
  if (flags.alleviated_year.has_value()) {
    household.set_poverty_alleviated(true);
    household.set_poverty_alleviation_year(*flags.alleviated_year);
  }
  household.set_minimum_living_allowance(flags.minimum_living_allowance);
  household.set_extreme_poverty_support(flags.extreme_poverty_support);
  if (flags.member_specs.empty()) {
    return absl::InvalidArgumentError("at least one --member is required (the head)");
  }
  for (size_t i = 0; i < flags.member_specs.size(); ++i) {
    const std::string prefix = absl::StrCat("--member #", i + 1, ": ");
    absl::StatusOr<MemberFields> fields = ParseMemberSpec(flags.member_specs[i]);
    if (!fields.ok()) return Prefixed(prefix, fields.status());
    if (absl::Status s = RequireNewMemberFields(*fields, FieldNaming::kSpecKeys); !s.ok()) {
      return Prefixed(prefix, s);
    }
    if (absl::Status s = ApplyMemberFields(*fields, *household.add_members(), nullptr); !s.ok()) {
      return Prefixed(prefix, s);
    }
  }
  request.set_request_id(RequestIdOrNew(flags.request_id));
  return request;
}

absl::StatusOr<monitoring::CreateHouseholdRequest> BuildCreateHouseholdRequestFromJson(
    absl::string_view household_json, absl::string_view request_id) {
  monitoring::CreateHouseholdRequest request;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;  // a misspelt field must not vanish silently
  const auto status = google::protobuf::util::JsonStringToMessage(
      std::string(household_json), request.mutable_household(), options);
  if (!status.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "--from-json: not a Household in protobuf JSON: ", status.message().ToString()));
  }
  request.set_request_id(RequestIdOrNew(request_id));
  return request;
}

absl::StatusOr<monitoring::GetHouseholdRequest> BuildGetHouseholdRequest(absl::string_view name) {
  absl::StatusOr<std::string> normalised = NormaliseHouseholdName(name);
  if (!normalised.ok()) return normalised.status();
  monitoring::GetHouseholdRequest request;
  request.set_name(*normalised);
  return request;
}

absl::StatusOr<monitoring::ListHouseholdsRequest> BuildListHouseholdsRequest(
    const ListHouseholdsFlags& flags) {
  monitoring::ListHouseholdsRequest request;
  if (flags.page_size < 0) return absl::InvalidArgumentError("--page-size must not be negative");
  request.set_page_size(flags.page_size);
  request.set_page_token(flags.page_token);
  request.set_region_prefix(std::string(absl::StripAsciiWhitespace(flags.region)));
  request.set_show_deleted(flags.show_deleted);
  if (!flags.category.empty()) {
    absl::StatusOr<int> category = ParseEnumSpelling(*monitoring::MonitoringCategory_descriptor(),
                                                     flags.category, "--category");
    if (!category.ok()) return category.status();
    request.set_category(static_cast<monitoring::MonitoringCategory>(*category));
  }
  if (!flags.status.empty()) {
    absl::StatusOr<int> status =
        ParseEnumSpelling(*monitoring::HouseholdStatus_descriptor(), flags.status, "--status");
    if (!status.ok()) return status.status();
    request.set_status(static_cast<monitoring::HouseholdStatus>(*status));
  }
  return request;
}

absl::StatusOr<monitoring::UpdateHouseholdRequest> BuildUpdateHouseholdRequest(
    const UpdateHouseholdFlags& flags) {
  monitoring::UpdateHouseholdRequest request;
  monitoring::Household& household = *request.mutable_household();
  absl::StatusOr<std::string> name = NormaliseHouseholdName(flags.name);
  if (!name.ok()) return name.status();
  household.set_name(*name);
  if (flags.etag.has_value()) household.set_etag(*flags.etag);
  if (flags.reason.has_value()) request.set_reason(*flags.reason);

  google::protobuf::FieldMask& mask = *request.mutable_update_mask();
  if (flags.region_code.has_value()) {
    household.set_region_code(std::string(absl::StripAsciiWhitespace(*flags.region_code)));
    mask.add_paths("region_code");
  }
  if (flags.address.has_value()) {
    household.set_address(*flags.address);
    mask.add_paths("address");
  }
  if (flags.alleviated_year.has_value() && flags.not_alleviated) {
    return absl::InvalidArgumentError("give --alleviated-year or --not-alleviated, not both");
  }
  if (flags.alleviated_year.has_value() || flags.not_alleviated) {
    household.set_poverty_alleviated(flags.alleviated_year.has_value());
    household.set_poverty_alleviation_year(flags.alleviated_year.value_or(0));
    mask.add_paths("poverty_alleviated");
    mask.add_paths("poverty_alleviation_year");
  }
  if (flags.minimum_living_allowance.has_value()) {
    absl::StatusOr<bool> value =
        ParseBoolValue(*flags.minimum_living_allowance, "--minimum-living-allowance");
    if (!value.ok()) return value.status();
    household.set_minimum_living_allowance(*value);
    mask.add_paths("minimum_living_allowance");
  }
  if (flags.extreme_poverty_support.has_value()) {
    absl::StatusOr<bool> value =
        ParseBoolValue(*flags.extreme_poverty_support, "--extreme-poverty-support");
    if (!value.ok()) return value.status();
    household.set_extreme_poverty_support(*value);
    mask.add_paths("extreme_poverty_support");
  }
  if (mask.paths().empty()) {
    return absl::InvalidArgumentError(
        "nothing to update: give at least one of --region-code, --address, --alleviated-year, "
        "--not-alleviated, --minimum-living-allowance, --extreme-poverty-support");
  }
  return request;
}

absl::StatusOr<monitoring::DeleteHouseholdRequest> BuildDeleteHouseholdRequest(
    const DeleteHouseholdFlags& flags) {
  monitoring::DeleteHouseholdRequest request;
  absl::StatusOr<std::string> name = NormaliseHouseholdName(flags.name);
  if (!name.ok()) return name.status();
  absl::StatusOr<std::string> reason = RequiredReason(flags.reason);
  if (!reason.ok()) return reason.status();
  request.set_name(*name);
  request.set_reason(*reason);
  if (flags.etag.has_value()) request.set_etag(*flags.etag);
  return request;
}

absl::StatusOr<monitoring::UndeleteHouseholdRequest> BuildUndeleteHouseholdRequest(
    absl::string_view name, absl::string_view reason) {
  monitoring::UndeleteHouseholdRequest request;
  absl::StatusOr<std::string> normalised = NormaliseHouseholdName(name);
  if (!normalised.ok()) return normalised.status();
  absl::StatusOr<std::string> why = RequiredReason(reason);
  if (!why.ok()) return why.status();
  request.set_name(*normalised);
  request.set_reason(*why);
  return request;
}

absl::StatusOr<monitoring::CreateHouseholdMemberRequest> BuildCreateMemberRequest(
    const AddMemberFlags& flags) {
  monitoring::CreateHouseholdMemberRequest request;
  absl::StatusOr<std::string> parent = NormaliseHouseholdName(flags.household);
  if (!parent.ok()) return parent.status();
  request.set_parent(*parent);
  if (absl::Status s = RequireNewMemberFields(flags.fields, FieldNaming::kFlags); !s.ok()) return s;
  if (absl::Status s = ApplyMemberFields(flags.fields, *request.mutable_member(), nullptr);
      !s.ok()) {
    return s;
  }
  request.set_request_id(RequestIdOrNew(flags.request_id));
  return request;
}

absl::StatusOr<monitoring::UpdateHouseholdMemberRequest> BuildUpdateMemberRequest(
    const UpdateMemberFlags& flags) {
  monitoring::UpdateHouseholdMemberRequest request;
  absl::StatusOr<std::string> name = NormaliseMemberName(flags.name);
  if (!name.ok()) return name.status();
  monitoring::HouseholdMember& member = *request.mutable_member();
  member.set_name(*name);
  if (flags.etag.has_value()) member.set_etag(*flags.etag);
  if (flags.reason.has_value()) request.set_reason(*flags.reason);
  std::vector<std::string> paths;
  if (absl::Status s = ApplyMemberFields(flags.fields, member, &paths); !s.ok()) return s;
  if (paths.empty()) {
    return absl::InvalidArgumentError(
        "nothing to update: give at least one of --full-name, --id-number, --relation, "
        "--ethnicity, --health, --labour, --schooling, --shares");
  }
  for (std::string& path : paths) request.mutable_update_mask()->add_paths(std::move(path));
  return request;
}

absl::StatusOr<monitoring::DeleteHouseholdMemberRequest> BuildDeleteMemberRequest(
    const RemoveMemberFlags& flags) {
  monitoring::DeleteHouseholdMemberRequest request;
  absl::StatusOr<std::string> name = NormaliseMemberName(flags.name);
  if (!name.ok()) return name.status();
  absl::StatusOr<std::string> reason = RequiredReason(flags.reason);
  if (!reason.ok()) return reason.status();
  request.set_name(*name);
  request.set_reason(*reason);
  if (flags.etag.has_value()) request.set_etag(*flags.etag);
  return request;
}

}  // namespace rrmon::rrctl

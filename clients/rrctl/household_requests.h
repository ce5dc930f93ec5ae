#pragma once

// Command-line arguments -> MonitoringService requests. Pure functions: no I/O, no gRPC
// calls, so every rule about what a flag means is unit-tested. Local errors are
// INVALID_ARGUMENT and are usage errors (exit code 2), never sent to the server.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/rrctl/member_fields.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::rrctl {

namespace monitoring = rrmon::monitoring::v1;

struct CreateHouseholdFlags {
  std::string region_code;
  std::optional<std::string> address;
  std::optional<int> alleviated_year;
  bool minimum_living_allowance = false;
  bool extreme_poverty_support = false;
  std::vector<std::string> member_specs;
  std::string request_id;  // empty: a new UUID v4
  std::string from_json_path;
};

struct ListHouseholdsFlags {
  std::string region;
  std::string category;
  std::string status;
  bool show_deleted = false;
  int page_size = 0;
  std::string page_token;
  bool all = false;
};

struct UpdateHouseholdFlags {
  std::string name;
  std::optional<std::string> etag;
  std::optional<std::string> region_code;
  std::optional<std::string> address;
  std::optional<int> alleviated_year;
  bool not_alleviated = false;
  std::optional<std::string> minimum_living_allowance;  // "true" or "false"
  std::optional<std::string> extreme_poverty_support;   // "true" or "false"
  std::optional<std::string> reason;
};

struct DeleteHouseholdFlags {
  std::string name;
  std::string reason;
  std::optional<std::string> etag;
};

struct AddMemberFlags {
  std::string household;
  MemberFields fields;
  std::string request_id;  // empty: a new UUID v4
};

struct UpdateMemberFlags {
  std::string name;
  std::optional<std::string> etag;
  MemberFields fields;
  std::optional<std::string> reason;
};

struct RemoveMemberFlags {
  std::string name;
  std::string reason;
  std::optional<std::string> etag;
};

// From flags and --member specs (each spec needs full_name, id_number, relation, health
// and labour). Errors name the spec by position: "--member #2: ...".
absl::StatusOr<monitoring::CreateHouseholdRequest> BuildCreateHouseholdRequest(
    const CreateHouseholdFlags& flags);

// From a Household in protobuf JSON (proto or lowerCamel field names); the request id
// as for BuildCreateHouseholdRequest.
absl::StatusOr<monitoring::CreateHouseholdRequest> BuildCreateHouseholdRequestFromJson(
    absl::string_view household_json, absl::string_view request_id);

absl::StatusOr<monitoring::GetHouseholdRequest> BuildGetHouseholdRequest(absl::string_view name);

absl::StatusOr<monitoring::ListHouseholdsRequest> BuildListHouseholdsRequest(
    const ListHouseholdsFlags& flags);

// The update_mask is exactly the fields given, in proto field order; --alleviated-year
// and --not-alleviated both set poverty_alleviated and poverty_alleviation_year.
// INVALID_ARGUMENT when no field is given.
absl::StatusOr<monitoring::UpdateHouseholdRequest> BuildUpdateHouseholdRequest(
    const UpdateHouseholdFlags& flags);

absl::StatusOr<monitoring::DeleteHouseholdRequest> BuildDeleteHouseholdRequest(
    const DeleteHouseholdFlags& flags);

absl::StatusOr<monitoring::UndeleteHouseholdRequest> BuildUndeleteHouseholdRequest(
    absl::string_view name, absl::string_view reason);

absl::StatusOr<monitoring::CreateHouseholdMemberRequest> BuildCreateMemberRequest(
    const AddMemberFlags& flags);

// update_mask = the member fields given; INVALID_ARGUMENT when none is.
absl::StatusOr<monitoring::UpdateHouseholdMemberRequest> BuildUpdateMemberRequest(
    const UpdateMemberFlags& flags);

absl::StatusOr<monitoring::DeleteHouseholdMemberRequest> BuildDeleteMemberRequest(
    const RemoveMemberFlags& flags);

}  // namespace rrmon::rrctl

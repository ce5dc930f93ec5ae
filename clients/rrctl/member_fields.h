#pragma once

// The fields of a household member as given on the command line, either as separate
// flags (`member add --full-name ...`) or as one `--member 'key=value,...'` spec, and
// how they become a HouseholdMember plus the update_mask paths they name.

#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "rrmon/monitoring/v1/household.pb.h"

namespace rrmon::rrctl {

struct MemberFields {
  std::optional<std::string> full_name;
  std::optional<std::string> id_number;
  std::optional<std::string> relation;
  std::optional<std::string> health;
  std::optional<std::string> labour;
  std::optional<std::string> ethnicity;
  std::optional<std::string> schooling;
  std::optional<std::string> shares;  // "true" or "false"

  bool empty() const;
};

// The keys of a member spec, in the order help texts list them.
const std::vector<std::string>& MemberSpecKeys();

// Parses `full_name=阿依古丽·买买提,id_number=...,relation=head`. Pairs are separated by
// commas; a literal comma or backslash in a value is written `\,` or `\\`. Spaces inside
// values are kept, spaces around keys and values are dropped. INVALID_ARGUMENT for an
// unknown or repeated key, a pair without '=', or an empty value. Enum values are not
// checked here (ApplyMemberFields does).
absl::StatusOr<MemberFields> ParseMemberSpec(absl::string_view spec);

// How missing fields are named in errors: as spec keys (full_name) or flags (--full-name).
enum class FieldNaming { kSpecKeys, kFlags };

// INVALID_ARGUMENT naming the missing ones unless full_name, id_number, relation,
// health and labour are all given (what a new member needs).
absl::Status RequireNewMemberFields(const MemberFields& fields, FieldNaming naming);

// Writes the given fields into `member` and, when `mask_paths` is not null, appends the
// proto field name of each (full_name, id_number, relation_to_head, ethnicity, health,
// labour_capacity, schooling_stage, shares_household), in proto order. INVALID_ARGUMENT
// for a bad enum spelling (listing the allowed ones) or a shares value other than
// true/false.
absl::Status ApplyMemberFields(const MemberFields& fields,
                               rrmon::monitoring::v1::HouseholdMember& member,
                               std::vector<std::string>* mask_paths);

// "true"/"false" (case-insensitive); INVALID_ARGUMENT naming `what` otherwise.
absl::StatusOr<bool> ParseBoolValue(absl::string_view text, absl::string_view what);

}  // namespace rrmon::rrctl

#include "clients/rrctl/member_fields.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "clients/rrctl/enum_names.h"

namespace rrmon::rrctl {
namespace {

using rrmon::monitoring::v1::HealthStatus_descriptor;
using rrmon::monitoring::v1::HouseholdMember;
using rrmon::monitoring::v1::LabourCapacity_descriptor;
using rrmon::monitoring::v1::Relation_descriptor;
using rrmon::monitoring::v1::SchoolingStage_descriptor;

// The spec key, an alias (the proto field name where it differs) and the slot it fills.
struct SpecKey {
  const char* key;
  const char* alias;
  std::optional<std::string> MemberFields::*slot;
};

constexpr SpecKey kSpecKeys[] = {
    {"full_name", "full_name", &MemberFields::full_name},
    {"id_number", "id_number", &MemberFields::id_number},
    {"relation", "relation_to_head", &MemberFields::relation},
    {"health", "health", &MemberFields::health},
    {"labour", "labour_capacity", &MemberFields::labour},
    {"ethnicity", "ethnicity", &MemberFields::ethnicity},
    {"schooling", "schooling_stage", &MemberFields::schooling},
    {"shares", "shares_household", &MemberFields::shares},
};

// Splits on unescaped commas and resolves `\,` and `\\`.
absl::StatusOr<std::vector<std::string>> SplitSpec(absl::string_view spec) {
  std::vector<std::string> pairs(1);
  for (size_t i = 0; i < spec.size(); ++i) {
    const char c = spec[i];
    if (c == '\\') {
      if (i + 1 < spec.size() && (spec[i + 1] == ',' || spec[i + 1] == '\\')) {
        pairs.back().push_back(spec[++i]);
        continue;
      }
      return absl::InvalidArgumentError("member spec: a backslash must be followed by ',' or '\\'");
    }
    if (c == ',') {
      pairs.emplace_back();
      continue;
    }
    pairs.back().push_back(c);
  }
  return pairs;
}

std::string FlagName(absl::string_view key) {
  return absl::StrCat("--", absl::StrReplaceAll(key, {{"_", "-"}}));
}

absl::Status ApplyEnum(const std::optional<std::string>& text,
                       const google::protobuf::EnumDescriptor& descriptor, absl::string_view what,
                       absl::string_view path, std::vector<std::string>* mask_paths, int& number) {
  if (!text.has_value()) return absl::OkStatus();
  absl::StatusOr<int> parsed = ParseEnumSpelling(descriptor, *text, what);
  if (!parsed.ok()) return parsed.status();
  number = *parsed;
  if (mask_paths != nullptr) mask_paths->emplace_back(path);
  return absl::OkStatus();
}

}  // namespace

bool MemberFields::empty() const {
  for (const SpecKey& key : kSpecKeys) {
    if ((this->*key.slot).has_value()) return false;
  }
  return true;
}

const std::vector<std::string>& MemberSpecKeys() {
  static const auto* const kKeys = [] {
    auto* list = new std::vector<std::string>();
    for (const SpecKey& key : kSpecKeys) list->emplace_back(key.key);
    return list;
  }();
  return *kKeys;
}

absl::StatusOr<MemberFields> ParseMemberSpec(absl::string_view spec) {
  absl::StatusOr<std::vector<std::string>> pairs = SplitSpec(spec);
  if (!pairs.ok()) return pairs.status();
  MemberFields fields;
  for (const std::string& pair : *pairs) {
    if (absl::StripAsciiWhitespace(pair).empty()) continue;  // "a=1,,b=2" or a trailing comma
    const size_t equals = pair.find('=');
    if (equals == std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat("member spec: \"", pair, "\" is not key=value"));
    }
    const absl::string_view key =
        absl::StripAsciiWhitespace(absl::string_view(pair).substr(0, equals));
    const absl::string_view value =
        absl::StripAsciiWhitespace(absl::string_view(pair).substr(equals + 1));
    const SpecKey* match = nullptr;
    for (const SpecKey& candidate : kSpecKeys) {
      if (key == candidate.key || key == candidate.alias) match = &candidate;
    }
    if (match == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("member spec: unknown key \"", key,
                       "\"; known keys: ", absl::StrJoin(MemberSpecKeys(), ", ")));
    }
    std::optional<std::string>& slot = fields.*match->slot;
    if (slot.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("member spec: key \"", match->key, "\" is given twice"));
    }
    if (value.empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("member spec: key \"", match->key, "\" has an empty value"));
    }
    slot = std::string(value);
  }
  return fields;
}

absl::Status RequireNewMemberFields(const MemberFields& fields, FieldNaming naming) {
  std::vector<std::string> missing;
  for (const SpecKey& key : kSpecKeys) {
    if (key.slot == &MemberFields::ethnicity || key.slot == &MemberFields::schooling ||
        key.slot == &MemberFields::shares) {
      continue;
    }
    if (!(fields.*key.slot).has_value()) {
      missing.push_back(naming == FieldNaming::kFlags ? FlagName(key.key) : std::string(key.key));
    }
  }
  if (missing.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(naming == FieldNaming::kFlags ? "missing " : "member spec: missing ",
                   absl::StrJoin(missing, ", ")));
}

absl::StatusOr<bool> ParseBoolValue(absl::string_view text, absl::string_view what) {
  const std::string lower = absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
  if (lower == "true") return true;
  if (lower == "false") return false;
  return absl::InvalidArgumentError(
      absl::StrCat(what, ": unknown value \"", text, "\"; allowed: true, false"));
}

absl::Status ApplyMemberFields(const MemberFields& fields, HouseholdMember& member,
                               std::vector<std::string>* mask_paths) {
  if (fields.full_name.has_value()) {
    member.set_full_name(*fields.full_name);
    if (mask_paths != nullptr) mask_paths->emplace_back("full_name");
  }
  if (fields.id_number.has_value()) {
    member.set_id_number(*fields.id_number);
    if (mask_paths != nullptr) mask_paths->emplace_back("id_number");
  }
  int relation = member.relation_to_head();
  if (absl::Status s = ApplyEnum(fields.relation, *Relation_descriptor(), "relation",
                                 "relation_to_head", mask_paths, relation);
      !s.ok()) {
    return s;
  }
  member.set_relation_to_head(static_cast<rrmon::monitoring::v1::Relation>(relation));
  if (fields.ethnicity.has_value()) {
    member.set_ethnicity(*fields.ethnicity);
    if (mask_paths != nullptr) mask_paths->emplace_back("ethnicity");
  }
  int health = member.health();
  if (absl::Status s = ApplyEnum(fields.health, *HealthStatus_descriptor(), "health", "health",
                                 mask_paths, health);
      !s.ok()) {
    return s;
  }
  member.set_health(static_cast<rrmon::monitoring::v1::HealthStatus>(health));
  int labour = member.labour_capacity();
  if (absl::Status s = ApplyEnum(fields.labour, *LabourCapacity_descriptor(), "labour",
                                 "labour_capacity", mask_paths, labour);
      !s.ok()) {
    return s;
  }
  member.set_labour_capacity(static_cast<rrmon::monitoring::v1::LabourCapacity>(labour));
  int schooling = member.schooling_stage();
  if (absl::Status s = ApplyEnum(fields.schooling, *SchoolingStage_descriptor(), "schooling",
                                 "schooling_stage", mask_paths, schooling);
      !s.ok()) {
    return s;
  }
  member.set_schooling_stage(static_cast<rrmon::monitoring::v1::SchoolingStage>(schooling));
  if (fields.shares.has_value()) {
    absl::StatusOr<bool> shares = ParseBoolValue(*fields.shares, "shares");
    if (!shares.ok()) return shares.status();
    member.set_shares_household(*shares);
    if (mask_paths != nullptr) mask_paths->emplace_back("shares_household");
  }
  return absl::OkStatus();
}

}  // namespace rrmon::rrctl

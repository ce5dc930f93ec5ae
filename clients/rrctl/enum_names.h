#pragma once

// Command-line spellings of proto enum values, derived from the enum descriptors so a
// value added to the proto is usable at once: the value name without the enum's prefix,
// lowercased (RELATION_CHILD_IN_LAW -> child_in_law). The prefix is taken from the
// mandatory `<ENUM>_UNSPECIFIED = 0` value, so it matches the proto exactly.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/generated_enum_reflection.h"

namespace rrmon::rrctl {

// "RELATION_" for Relation.
std::string EnumValuePrefix(const google::protobuf::EnumDescriptor& descriptor);

// The command-line spelling of one value ("head"); "unspecified" for the zero value;
// the number itself for a value the descriptor does not know (a newer server).
std::string EnumValueSpelling(const google::protobuf::EnumDescriptor& descriptor, int number);

// Every spelling a user may type, in proto order, without "unspecified".
std::vector<std::string> AllowedEnumSpellings(const google::protobuf::EnumDescriptor& descriptor);

// "head|spouse|child|..." for help texts.
std::string EnumChoicesText(const google::protobuf::EnumDescriptor& descriptor);

// Accepts a spelling (case-insensitive, '-' for '_') or the full proto value name.
// INVALID_ARGUMENT naming `what` and listing the allowed spellings otherwise; the
// unspecified value is never accepted.
absl::StatusOr<int> ParseEnumSpelling(const google::protobuf::EnumDescriptor& descriptor,
                                      absl::string_view text, absl::string_view what);

// Each of `texts` as by ParseEnumSpelling, in order, for a repeatable flag; the error
// names the first bad one.
absl::StatusOr<std::vector<int>> ParseEnumSpellings(
    const google::protobuf::EnumDescriptor& descriptor, const std::vector<std::string>& texts,
    absl::string_view what);

// For output. The spelling ("employment_service"), or "-" for the unspecified value.
std::string EnumValueOrNone(const google::protobuf::EnumDescriptor& descriptor, int number);

// The spelling in capitals ("HOME_VERIFICATION", "A"), or "-" for the unspecified value:
// for case steps, which anchor a timeline, and housing grades, which are letters.
std::string EnumValueLabel(const google::protobuf::EnumDescriptor& descriptor, int number);

// The spelling as words ("employment service"), or "-" for the unspecified value.
std::string EnumValueWords(const google::protobuf::EnumDescriptor& descriptor, int number);

// The same for a generated enum type, without naming its descriptor.
template <typename Enum>
std::string EnumText(Enum value) {
  return EnumValueOrNone(*google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value));
}
template <typename Enum>
std::string EnumLabel(Enum value) {
  return EnumValueLabel(*google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value));
}
template <typename Enum>
std::string EnumWords(Enum value) {
  return EnumValueWords(*google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value));
}

// "illness, disability" for a repeated enum field (stored as ints, so the enum type is
// given: EnumListText<RiskType>(signal.risk_types())); "-" when empty.
template <typename Enum, typename Repeated>
std::string EnumListText(const Repeated& values) {
  std::string text;
  for (const int value : values) {
    if (!text.empty()) text += ", ";
    text += EnumText(static_cast<Enum>(value));
  }
  return text.empty() ? std::string("-") : text;
}

}  // namespace rrmon::rrctl

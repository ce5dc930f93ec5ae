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

}  // namespace rrmon::rrctl

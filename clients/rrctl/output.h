#pragma once

// What rrctl prints on success: aligned text tables for people, protobuf JSON (proto
// field names, indented) for scripts.

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "rrmon/monitoring/v1/household.pb.h"

namespace rrmon::rrctl {

enum class OutputFormat { kTable, kJson };

// "table" or "json".
absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text);

// The text, or "-" when it is empty.
std::string OrNone(absl::string_view text);

// "2026-11-25 08:30Z": UTC to the minute, the same for every reader of a shared log or
// timeline whatever their machine's zone; "-" for an unset timestamp.
std::string FormatUtcMinute(const google::protobuf::Timestamp& timestamp);

// Columns separated by two spaces, each as wide as its widest cell in display columns;
// the last column is not padded. Rows shorter than the header get empty cells.
std::string FormatTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows);

// "label:  value" lines with the values aligned.
std::string FormatFields(const std::vector<std::pair<std::string, std::string>>& fields);

// A household: its fields, then a table of its members.
std::string FormatHousehold(const rrmon::monitoring::v1::Household& household);

// One line per household: name, region code, status, category, size, head's full name;
// then "next page: TOKEN" when `next_page_token` is not empty.
std::string FormatHouseholdList(const std::vector<rrmon::monitoring::v1::Household>& households,
                                absl::string_view next_page_token);

// One member's fields.
std::string FormatMember(const rrmon::monitoring::v1::HouseholdMember& member);

// Protobuf JSON with proto field names, indented, default values included, ending in
// a newline.
std::string FormatJson(const google::protobuf::Message& message);

}  // namespace rrmon::rrctl

#include "clients/rrctl/output.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "clients/rrctl/display_width.h"
#include "clients/rrctl/enum_names.h"
#include "clients/rrctl/resource_names.h"

namespace rrmon::rrctl {
namespace {

namespace monitoring = rrmon::monitoring::v1;

constexpr absl::string_view kNone = "-";
constexpr absl::string_view kColumnGap = "  ";

// The value's command-line spelling; "-" for the unspecified value.
template <typename Enum>
std::string Spelling(const google::protobuf::EnumDescriptor* descriptor, Enum value) {
  const int number = static_cast<int>(value);
  return number == 0 ? std::string(kNone) : EnumValueSpelling(*descriptor, number);
}

std::string YesNo(bool value) { return value ? "yes" : "no"; }

std::string FormatTimestamp(const google::protobuf::Timestamp& timestamp) {
  const absl::Time time =
      absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
  return absl::FormatTime("%Y-%m-%d %H:%M:%S %z", time, absl::LocalTimeZone());
}

std::string HeadName(const monitoring::Household& household) {
  for (const monitoring::HouseholdMember& member : household.members()) {
    if (member.relation_to_head() == monitoring::RELATION_HEAD) return OrNone(member.full_name());
  }
  return std::string(kNone);
}

}  // namespace

std::string OrNone(absl::string_view text) {
  return text.empty() ? std::string(kNone) : std::string(text);
}

std::string FormatUtcMinute(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return std::string(kNone);
  const absl::Time time =
      absl::FromUnixSeconds(timestamp.seconds()) + absl::Nanoseconds(timestamp.nanos());
  return absl::FormatTime("%Y-%m-%d %H:%MZ", time, absl::UTCTimeZone());
}

absl::StatusOr<OutputFormat> ParseOutputFormat(absl::string_view text) {
  if (text == "table") return OutputFormat::kTable;
  if (text == "json") return OutputFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("--output: unknown format \"", text, "\"; allowed: table, json"));
}

std::string FormatTable(const std::vector<std::string>& header,
                        const std::vector<std::vector<std::string>>& rows) {
  std::vector<int> widths(header.size(), 0);
  for (size_t c = 0; c < header.size(); ++c) widths[c] = DisplayWidth(header[c]);
  for (const auto& row : rows) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  std::string text;
  auto append_row = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < row.size() ? row[c] : std::string();
      if (c + 1 == widths.size()) {
        line += cell;
      } else {
        absl::StrAppend(&line, PadToWidth(cell, widths[c]), kColumnGap);
      }
    }
    // Trailing spaces of empty last cells help nobody.
    line.erase(line.find_last_not_of(' ') + 1);
    absl::StrAppend(&text, line, "\n");
  };
  append_row(header);
  for (const auto& row : rows) append_row(row);
  return text;
}

std::string FormatFields(const std::vector<std::pair<std::string, std::string>>& fields) {
  int width = 0;
  for (const auto& [label, value] : fields) width = std::max(width, DisplayWidth(label) + 1);
  std::string text;
  for (const auto& [label, value] : fields) {
    absl::StrAppend(&text, PadToWidth(absl::StrCat(label, ":"), width), kColumnGap, value, "\n");
  }
  return text;
}

std::string FormatHousehold(const monitoring::Household& household) {
  std::vector<std::pair<std::string, std::string>> fields = {
      {"name", household.name()},
      {"region code", OrNone(household.region_code())},
      {"address", OrNone(household.address())},
      {"status", Spelling(monitoring::HouseholdStatus_descriptor(), household.status())},
      {"category", Spelling(monitoring::MonitoringCategory_descriptor(), household.category())},
      {"poverty alleviated", household.poverty_alleviated()
                                 ? absl::StrCat("yes (", household.poverty_alleviation_year(), ")")
                                 : std::string("no")},
      {"minimum living allowance", YesNo(household.minimum_living_allowance())},
      {"extreme poverty support", YesNo(household.extreme_poverty_support())},
      {"household size", absl::StrCat(household.household_size())},
      {"etag", OrNone(household.etag())},
  };
  if (household.has_create_time())
    fields.emplace_back("created", FormatTimestamp(household.create_time()));
  if (household.has_update_time())
    fields.emplace_back("updated", FormatTimestamp(household.update_time()));
  if (household.has_delete_time())
    fields.emplace_back("deleted", FormatTimestamp(household.delete_time()));

  std::vector<std::vector<std::string>> rows;
  for (const monitoring::HouseholdMember& member : household.members()) {
    rows.push_back({
        OrNone(ResourceId(member.name())),
        OrNone(member.full_name()),
        OrNone(member.id_number()),
        Spelling(monitoring::Relation_descriptor(), member.relation_to_head()),
        Spelling(monitoring::Sex_descriptor(), member.sex()),
        OrNone(member.birth_date()),
        Spelling(monitoring::HealthStatus_descriptor(), member.health()),
        Spelling(monitoring::LabourCapacity_descriptor(), member.labour_capacity()),
        // Absent means the person shares the household.
        YesNo(!member.has_shares_household() || member.shares_household()),
    });
  }
  return absl::StrCat(FormatFields(fields), "\n",
                      FormatTable({"MEMBER", "FULL NAME", "ID NUMBER", "RELATION", "SEX",
                                   "BIRTH DATE", "HEALTH", "LABOUR", "SHARES"},
                                  rows));
}

std::string FormatHouseholdList(const std::vector<monitoring::Household>& households,
                                absl::string_view next_page_token) {
  std::vector<std::vector<std::string>> rows;
  for (const monitoring::Household& household : households) {
    std::string name = household.name();
    if (household.has_delete_time()) absl::StrAppend(&name, " (deleted)");
    rows.push_back({
        name,
        OrNone(household.region_code()),
        Spelling(monitoring::HouseholdStatus_descriptor(), household.status()),
        Spelling(monitoring::MonitoringCategory_descriptor(), household.category()),
        absl::StrCat(household.household_size()),
        HeadName(household),
    });
  }
  std::string text =
      FormatTable({"NAME", "REGION CODE", "STATUS", "CATEGORY", "SIZE", "HEAD"}, rows);
  if (!next_page_token.empty()) absl::StrAppend(&text, "next page: ", next_page_token, "\n");
  return text;
}

std::string FormatMember(const monitoring::HouseholdMember& member) {
  return FormatFields({
      {"name", member.name()},
      {"full name", OrNone(member.full_name())},
      {"id number", OrNone(member.id_number())},
      {"relation", Spelling(monitoring::Relation_descriptor(), member.relation_to_head())},
      {"ethnicity", OrNone(member.ethnicity())},
      {"sex", Spelling(monitoring::Sex_descriptor(), member.sex())},
      {"birth date", OrNone(member.birth_date())},
      {"health", Spelling(monitoring::HealthStatus_descriptor(), member.health())},
      {"labour", Spelling(monitoring::LabourCapacity_descriptor(), member.labour_capacity())},
      {"schooling", Spelling(monitoring::SchoolingStage_descriptor(), member.schooling_stage())},
      {"shares household", YesNo(!member.has_shares_household() || member.shares_household())},
      {"etag", OrNone(member.etag())},
  });
}

std::string FormatJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.add_whitespace = true;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = true;
  std::string json;
  const auto status = google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) {
    // Only a message with an unresolvable Any can fail; show that rather than nothing.
    return absl::StrCat("{\"error\": \"cannot print as JSON: ", status.message().ToString(),
                        "\"}\n");
  }
  if (json.empty() || json.back() != '\n') json.push_back('\n');
  return json;
}

}  // namespace rrmon::rrctl

#pragma once

// `rrctl measure add|list|get|update`: a household's assistance plan (一户一策). The
// service answers every change with advice on the whole plan (e.g. no one can work and
// there is no social assistance); rrctl shows it as warnings, never as a failure.

#include <optional>
#include <string>
#include <vector>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/rrctl/command_context.h"
#include "clients/rrctl/list_options.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::rrctl {

struct AddMeasureFlags {
  std::string household;
  std::string type;
  std::string description;
  std::string unit;
  std::string person;
  std::string funds;  // yuan
  std::string start_date;
  std::string end_date;    // empty: open-ended
  std::string status;      // empty: planned (the service's default)
  std::string request_id;  // empty: a new UUID v4
};

struct ListMeasuresFlags {
  ListOptions list;
  std::string type;
  std::string status;
};

// The fields given are changed, and only those.
struct UpdateMeasureFlags {
  std::string name;
  std::string etag;
  std::optional<std::string> reason;
  std::optional<std::string> type;
  std::optional<std::string> description;
  std::optional<std::string> unit;
  std::optional<std::string> person;
  std::optional<std::string> funds;  // yuan
  std::optional<std::string> start_date;
  std::optional<std::string> end_date;  // empty: make it open-ended
  std::optional<std::string> status;
};

absl::StatusOr<rrmon::monitoring::v1::CreateAssistanceMeasureRequest>
BuildCreateAssistanceMeasureRequest(const AddMeasureFlags& flags);

absl::StatusOr<rrmon::monitoring::v1::ListAssistanceMeasuresRequest>
BuildListAssistanceMeasuresRequest(const ListMeasuresFlags& flags);

absl::StatusOr<rrmon::monitoring::v1::GetAssistanceMeasureRequest> BuildGetAssistanceMeasureRequest(
    absl::string_view name);

// update_mask = the fields given, in proto order (type, description, responsible_unit,
// responsible_person, funds_fen, start_date, end_date, status); INVALID_ARGUMENT when
// none is, or without --etag.
absl::StatusOr<rrmon::monitoring::v1::UpdateAssistanceMeasureRequest>
BuildUpdateAssistanceMeasureRequest(const UpdateMeasureFlags& flags);

// One measure's fields, funds in yuan.
std::string FormatMeasure(const rrmon::monitoring::v1::AssistanceMeasure& measure);

// One row per measure; then "next page: TOKEN" when there is one.
std::string FormatMeasureList(
    const rrmon::monitoring::v1::ListAssistanceMeasuresResponse& response);

// "warning: <text>\n" per plan warning.
std::string FormatPlanWarnings(const google::protobuf::RepeatedPtrField<std::string>& warnings);

void AddMeasureCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl

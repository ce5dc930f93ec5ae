#pragma once

// `rrctl guarantees get|set`: 两不愁三保障 and safe drinking water, as last checked. A
// check replaces the previous one whole.

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "clients/rrctl/command_context.h"
#include "rrmon/monitoring/v1/monitoring_service.pb.h"

namespace rrmon::rrctl {

struct SetGuaranteesFlags {
  std::string household;
  // "yes" or "no".
  std::string food;
  std::string clothing;
  std::string schooling;
  std::string medical;
  std::string water;
  std::string housing_grade;  // A, B, C or D
  std::string checked_date;
  std::string note_food;
  std::string note_clothing;
  std::string note_schooling;
  std::string note_medical;
  std::string note_water;
  std::string note_housing;
  std::string etag;
  std::string reason;
};

// "households/{h}/guarantees" for HOUSEHOLD.
absl::StatusOr<rrmon::monitoring::v1::GetGuaranteesRequest> BuildGetGuaranteesRequest(
    absl::string_view household);

absl::StatusOr<rrmon::monitoring::v1::UpdateGuaranteesRequest> BuildUpdateGuaranteesRequest(
    const SetGuaranteesFlags& flags);

// The check date, then one row per guarantee: holds or not, and the note.
std::string FormatGuarantees(const rrmon::monitoring::v1::Guarantees& guarantees);

void AddGuaranteeCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl

#pragma once

// `rrctl household create|get|list|update|delete|undelete`.

#include "CLI/CLI.hpp"
#include "clients/rrctl/command_context.h"

namespace rrmon::rrctl {

void AddHouseholdCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl

#pragma once

// `rrctl member add|update|remove`.

#include "CLI/CLI.hpp"
#include "clients/rrctl/command_context.h"

namespace rrmon::rrctl {

void AddMemberCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl

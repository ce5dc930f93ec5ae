#pragma once

// `rrctl token keygen` and `rrctl token issue`: the county's key holder makes the signing
// key pair once, then issues each worker a token for their role and region.

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "clients/rrctl/command_context.h"

namespace rrmon::rrctl {

struct IssueTokenFlags {
  std::string private_key_path;
  std::string subject;
  std::string role;
  std::string region;
  std::string ttl = "8h";
};

// The signed token. INVALID_ARGUMENT for a bad role, region, subject or ttl (a positive
// duration such as "8h", "30m", "1h30m").
absl::StatusOr<std::string> IssueToken(const IssueTokenFlags& flags, absl::Time now);

void AddTokenCommands(CLI::App& app, CommandContext& context);

}  // namespace rrmon::rrctl

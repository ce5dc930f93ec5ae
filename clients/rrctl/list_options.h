#pragma once

// What every region-wide list shares: an optional HOUSEHOLD (else every household of the
// caller's region, narrowed by --region) and the page options.

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/string_view.h"
#include "clients/rrctl/resource_names.h"

namespace rrmon::rrctl {

struct ListOptions {
  std::string household;  // empty: every household (households/-)
  std::string region;     // with no household: only region codes with this prefix
  int page_size = 0;      // 0: the server's default
  std::string page_token;
  bool all = false;  // follow the pages to the end
};

// Registers [HOUSEHOLD], --region, --page-size, --page-token and --all; `items` names
// what is listed ("signals").
void AddListOptions(CLI::App* list, ListOptions& options, const std::string& items);

// Checks the options and writes parent, region_prefix, page_size and page_token.
// INVALID_ARGUMENT for --region with a household, or a negative --page-size.
template <typename Request>
absl::Status ApplyListOptions(const ListOptions& options, Request& request) {
  absl::StatusOr<std::string> parent = ListParent(options.household);
  if (!parent.ok()) return parent.status();
  const absl::string_view region = absl::StripAsciiWhitespace(options.region);
  if (!region.empty() && !absl::StripAsciiWhitespace(options.household).empty()) {
    return absl::InvalidArgumentError(
        "--region narrows a list over every household; leave it out when you give a HOUSEHOLD");
  }
  if (options.page_size < 0) return absl::InvalidArgumentError("--page-size must not be negative");
  request.set_parent(*parent);
  request.set_region_prefix(std::string(region));
  request.set_page_size(options.page_size);
  request.set_page_token(options.page_token);
  return absl::OkStatus();
}

}  // namespace rrmon::rrctl

#include "clients/rrctl/list_options.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace rrmon::rrctl {

void AddListOptions(CLI::App* list, ListOptions& options, const std::string& items) {
  list->add_option("household", options.household,
                   absl::StrCat("households/ID or ID; without it, the ", items,
                                " of every household in your region"))
      ->type_name("HOUSEHOLD");
  list->add_option("--region", options.region,
                   "Only households whose region code starts with this (without HOUSEHOLD)")
      ->type_name("PREFIX");
  list->add_option("--page-size", options.page_size,
                   absl::StrCat(items, " per page (server default 50)"));
  list->add_option("--page-token", options.page_token, "Continue from a previous page");
  list->add_flag("--all", options.all, "Follow the pages to the end");
}

}  // namespace rrmon::rrctl

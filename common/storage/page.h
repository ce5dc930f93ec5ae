#pragma once

// One page of a keyset-paged list (AIP-158), as repositories return it: plain values, so
// the repository interfaces that use cases are written against name no storage engine.
// keyset_page.h reads one from SQLite.

#include <string>
#include <vector>

namespace rrmon {

template <typename T>
struct Page {
  std::vector<T> items;
  std::string last_key;  // sort key of the last item returned
  bool more = false;     // whether items follow
};

}  // namespace rrmon

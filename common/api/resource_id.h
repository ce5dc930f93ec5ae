#pragma once

#include <string>

namespace rrmon {

// A new resource id: 16 lowercase hex characters from a random 64-bit value.
// Random rather than sequential so ids reveal nothing about counts and never clash
// when records from several databases are merged.
std::string NewResourceId();

}  // namespace rrmon

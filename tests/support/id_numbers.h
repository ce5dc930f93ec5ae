#pragma once

#include <string>

namespace rrmon::testing {

// A valid 18-character 身份证号 for `area` (6 digits), `birth` (YYYYMMDD) and a 3-digit
// `sequence` (odd = male), with its GB 11643 check character computed.
std::string MakeIdNumber(const std::string& area, const std::string& birth, int sequence);

}  // namespace rrmon::testing

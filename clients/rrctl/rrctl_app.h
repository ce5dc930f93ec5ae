#pragma once

// The whole command line of rrctl, separate from main() so tests can run it with their
// own streams and environment.

#include <ostream>

#include "clients/rrctl/connection.h"

namespace rrmon::rrctl {

// Parses argv (argv[0] is the program name), runs the chosen command and returns the
// exit code: 0 ok, 2 usage, 3 rejected, 4 not found, 5 auth, 6 unavailable, 1 other.
int RunRrctl(int argc, const char* const* argv, std::ostream& out, std::ostream& err, EnvLookup env,
             RetryPolicy retry = {});

}  // namespace rrmon::rrctl

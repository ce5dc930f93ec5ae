// rrctl: the township workers' command-line client of the monitoring service.

#include <iostream>

#include "clients/rrctl/connection.h"
#include "clients/rrctl/rrctl_app.h"

int main(int argc, char** argv) {
  return rrmon::rrctl::RunRrctl(argc, argv, std::cout, std::cerr,
                                rrmon::rrctl::ProcessEnvironment());
}

#pragma once

// What a network address says about where traffic goes, for the one decision both ends
// make: plaintext (no TLS) is allowed only when it never leaves the machine.

#include "absl/strings/string_view.h"

namespace rrmon::net {

// Whether a gRPC target or listen address stays on this machine: localhost,
// 127.0.0.0/8, ::1 and unix sockets, with or without a dns:/ipv4:/ipv6: scheme, with or
// without a port ("127.0.0.1:50051", "[::1]:5", "dns:///localhost:50051"). A list of
// addresses (ipv4:a,b) is loopback only when every address is. 0.0.0.0 and [::] listen
// on every interface and are not loopback.
bool IsLoopbackAddress(absl::string_view target);

}  // namespace rrmon::net

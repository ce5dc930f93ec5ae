#include "common/net/address.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace rrmon::net {
namespace {

bool IsLoopbackHost(absl::string_view host) {
  if (absl::EqualsIgnoreCase(host, "localhost") || host == "::1" ||
      absl::EqualsIgnoreCase(host, "ip6-localhost")) {
    return true;
  }
  std::vector<absl::string_view> octets = absl::StrSplit(host, '.');
  if (octets.size() != 4 || octets[0] != "127") return false;
  for (absl::string_view octet : octets) {
    int value = 0;
    if (!absl::SimpleAtoi(octet, &value) || value < 0 || value > 255) return false;
  }
  return true;
}

// The host of "host:port", "[v6]:port", "host" or a bare IPv6 address.
absl::string_view HostOf(absl::string_view authority) {
  if (absl::ConsumePrefix(&authority, "[")) {
    return authority.substr(0, authority.find(']'));
  }
  const size_t first_colon = authority.find(':');
  if (first_colon == absl::string_view::npos) return authority;
  if (authority.find(':', first_colon + 1) != absl::string_view::npos) return authority;  // IPv6
  return authority.substr(0, first_colon);
}

}  // namespace

bool IsLoopbackAddress(absl::string_view target) {
  target = absl::StripAsciiWhitespace(target);
  if (absl::StartsWith(target, "unix:") || absl::StartsWith(target, "unix-abstract:")) {
    return true;
  }
  if (absl::ConsumePrefix(&target, "dns:")) {
    // dns:[//authority/]host[:port]
    if (absl::ConsumePrefix(&target, "//")) {
      const size_t slash = target.find('/');
      target = slash == absl::string_view::npos ? absl::string_view() : target.substr(slash + 1);
    }
  } else if (absl::ConsumePrefix(&target, "ipv4:") || absl::ConsumePrefix(&target, "ipv6:")) {
    for (absl::string_view address : absl::StrSplit(target, ',')) {
      if (!IsLoopbackHost(HostOf(address))) return false;
    }
    return true;
  }
  return IsLoopbackHost(HostOf(target));
}

}  // namespace rrmon::net

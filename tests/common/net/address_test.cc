#include "common/net/address.h"

#include <gtest/gtest.h>

namespace rrmon::net {
namespace {

TEST(IsLoopbackAddressTest, LoopbackTargetsAndListenAddresses) {
  for (const char* loopback :
       {"127.0.0.1:50051", "127.1.2.3:50051", "localhost:50051", "localhost:5", "LOCALHOST",
        "127.8.9.10:1", "[::1]:50051", "[::1]:5", "::1", "dns:///localhost:50051",
        "dns:localhost:1", "ipv4:127.0.0.1:1,127.0.0.2:2", "ipv6:[::1]:50051",
        "unix:/run/rrmon.sock", "unix-abstract:rrmon", " 127.0.0.1:1 "}) {
    EXPECT_TRUE(IsLoopbackAddress(loopback)) << loopback;
  }
}

TEST(IsLoopbackAddressTest, EverythingElse) {
  for (const char* remote :
       {"10.0.0.5:50051", "monitor.tacheng.gov.cn:443", "example.com:5", "128.0.0.1:1",
        "127.0.0.1.evil.com:1", "127.0.0.256:1", "127.0.0:1", "dns:///monitor:443",
        "ipv4:127.0.0.1:1,10.0.0.1:2", "[2001:db8::1]:50051", "0.0.0.0:1", "[::]:5", ""}) {
    EXPECT_FALSE(IsLoopbackAddress(remote)) << remote;
  }
}

}  // namespace
}  // namespace rrmon::net

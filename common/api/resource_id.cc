#include "common/api/resource_id.h"

#include <openssl/rand.h>

#include <cstdint>

#include "absl/random/random.h"
#include "absl/strings/str_format.h"

namespace rrmon {

std::string NewResourceId() {
  uint64_t value = 0;
  if (RAND_bytes(reinterpret_cast<unsigned char*>(&value), sizeof(value)) != 1) {
    thread_local absl::BitGen fallback;
    value = absl::Uniform<uint64_t>(fallback);
  }
  return absl::StrFormat("%016x", value);
}

}  // namespace rrmon

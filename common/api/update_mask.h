#pragma once

// update_mask handling (AIP-134): only the listed paths change; "*" means every path
// the method allows; an empty mask or an unknown path is INVALID_ARGUMENT naming
// update_mask, so a typo never becomes a silent no-op.

#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "google/protobuf/field_mask.pb.h"
#include "google/protobuf/message.h"

namespace rrmon {

// The paths to apply, checked against `allowed`.
absl::StatusOr<std::vector<std::string>> ResolveUpdateMask(const google::protobuf::FieldMask& mask,
                                                           const std::set<std::string>& allowed);

// Copies the fields named by `paths` (top-level field names) from `source` into
// `target`; a field cleared in `source` is cleared in `target`.
void ApplyUpdateMask(const google::protobuf::Message& source, const std::vector<std::string>& paths,
                     google::protobuf::Message& target);

}  // namespace rrmon

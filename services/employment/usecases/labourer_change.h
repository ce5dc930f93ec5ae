#pragma once

// What every write of a labourer aggregate carries besides the new state: the revision it
// was computed from and the next one, the times, and the audit row. One home for it, used
// by the registry's calls and by imports.

#include <string>

#include "absl/time/time.h"
#include "common/auth/principal.h"
#include "google/protobuf/message.h"
#include "services/employment/usecases/labourer_repository.h"

namespace rrmon::employment {

// Stamps `change` (its labourer, spells and businesses already set) as computed from
// `before` (null: a new labourer) at `now`: the expected and next revision, update and
// create times, and an audit row of `resource` showing `audited_before` (null: nothing
// before) and what the change wrote (the first spell or business, else the labourer).
// With a request key and no response yet, the labourer is the logged response.
void StampLabourerChange(const auth::Principal& caller, absl::Time now, const std::string& action,
                         const std::string& resource, const std::string& reason,
                         const v1::Labourer* before,
                         const google::protobuf::Message* audited_before, LabourerChange& change);

}  // namespace rrmon::employment

#pragma once

// Who a person is in the household registry at monitoring: the use cases ask through
// this interface, the gRPC peer client implements it (edge/), tests give a fake.

#include <string>

#include "absl/status/statusor.h"
#include "rrmon/employment/v1/labour.pb.h"

namespace rrmon::employment {

class HouseholdDirectory {
 public:
  virtual ~HouseholdDirectory() = default;

  // The person with this (normalised) ID number: LINKED with the household, or
  // NOT_REGISTERED when no household the service may see holds them. UNAVAILABLE or
  // DEADLINE_EXCEEDED, quickly, when monitoring cannot answer; never a hang.
  virtual absl::StatusOr<v1::HouseholdLink> Lookup(const std::string& id_number) = 0;

  // Implementations are called from several threads at once (handlers, an import's
  // parallel lookups).

  // Drops what is remembered of the person, so the next Lookup asks monitoring itself.
  virtual void Forget(const std::string& /*id_number*/) {}
};

}  // namespace rrmon::employment

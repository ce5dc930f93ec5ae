#pragma once

// The audit trail of a service: every committed change and every read of personal data,
// by whom, when and through which method. Each entry belongs to an owner, the top-level
// resource of what was changed or read ("households/{id}" for a household's members,
// cases, measures, income and guarantees), and an owner's trail is read in time order.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "rrmon/common/v1/common.pb.h"

namespace rrmon {

// One read: who read which resource, when, by which method.
struct AuditRead {
  absl::Time time;
  std::string actor;
  rrmon::common::v1::Role actor_role = rrmon::common::v1::ROLE_UNSPECIFIED;
  std::string action;    // method name, e.g. "GetHousehold"
  std::string resource;  // e.g. "households/0f3a9c..." or ".../cases/1b2c..."
};

struct AuditTrailPage {
  std::vector<rrmon::common::v1::AuditEntry> entries;
  // The id of the last entry returned; the next page starts after it.
  int64_t last_id = 0;
  bool more = false;
};

// The top-level resource `resource` belongs to: its first two segments
// ("households/a/cases/b" → "households/a"); the resource itself when it has two or fewer.
std::string AuditOwnerOf(absl::string_view resource);

// Where the trail is kept. Changes are written by each repository inside the change's own
// transaction; this is for reads, and for reading the trail back.
class AuditTrailRepository {
 public:
  virtual ~AuditTrailRepository() = default;

  // All of `reads` or none of them.
  virtual absl::Status WriteReads(const std::vector<AuditRead>& reads) = 0;
  // Up to `limit` entries of `owner`'s trail with an id above `after_id`, oldest first.
  virtual absl::StatusOr<AuditTrailPage> List(const std::string& owner, int64_t after_id,
                                              int limit) = 0;
};

}  // namespace rrmon

#include "tests/support/status_checks.h"

#include "common/status/status_details.h"

namespace rrmon::testing {

std::vector<std::string> ViolatedFieldsOf(const absl::Status& status) {
  std::vector<std::string> fields;
  const google::rpc::BadRequest bad_request = GetBadRequest(status);
  for (const auto& violation : bad_request.field_violations()) fields.push_back(violation.field());
  return fields;
}

}  // namespace rrmon::testing

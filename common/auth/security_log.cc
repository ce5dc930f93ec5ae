#include "common/auth/security_log.h"

#include <string>

#include "common/log/log.h"
#include "common/status/status_details.h"
#include "common/validation/string_interop.h"

namespace rrmon::auth {

void LogIfRefused(std::string_view service, std::string_view method, const Principal* caller,
                  const absl::Status& status) {
  if (status.ok() || !IsRefusal(status)) return;
  const std::string reason = GetErrorReason(status);
  const std::string code = CanonicalCodeName(status.code());
  const std::string role = caller != nullptr ? RoleName(caller->role) : "";
  Log(LogSeverity::kWarning, validation::ToAbsl(service), "security: call refused",
      {{"method", validation::ToAbsl(method)},
       {"code", code},
       {"reason", reason.empty() ? code : reason},
       {"subject", caller != nullptr ? caller->subject : std::string("(unauthenticated)")},
       {"role", role},
       {"region_prefix", caller != nullptr ? caller->region_prefix : std::string()}});
}

}  // namespace rrmon::auth

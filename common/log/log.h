#pragma once

// Structured log lines (one JSON object per line on stderr, for journald and
// Kubernetes log collectors). Messages must never carry personal data: no names,
// ID numbers, incomes or tokens; resource names (households/{id}) are fine.

#include <initializer_list>
#include <utility>

#include "absl/strings/string_view.h"

namespace rrmon {

enum class LogSeverity { kDebug, kInfo, kWarning, kError };

using LogField = std::pair<absl::string_view, absl::string_view>;

void Log(LogSeverity severity, absl::string_view component, absl::string_view message,
         std::initializer_list<LogField> fields = {});

inline void LogInfo(absl::string_view component, absl::string_view message,
                    std::initializer_list<LogField> fields = {}) {
  Log(LogSeverity::kInfo, component, message, fields);
}
inline void LogWarning(absl::string_view component, absl::string_view message,
                       std::initializer_list<LogField> fields = {}) {
  Log(LogSeverity::kWarning, component, message, fields);
}
inline void LogError(absl::string_view component, absl::string_view message,
                     std::initializer_list<LogField> fields = {}) {
  Log(LogSeverity::kError, component, message, fields);
}

// Lines below this severity are dropped (default kInfo; RRMON_LOG_LEVEL=debug|info|warning|error).
void SetMinLogSeverity(LogSeverity severity);

}  // namespace rrmon

#pragma once

// Configuration of one service: a schema of known keys with defaults, one optional file,
// and environment overrides. Precedence: environment > file > default. Anything that
// names an unknown key (in the file or as a prefixed environment variable) is an error,
// because a misspelt key would otherwise be silently ignored.
//
// File format (UTF-8):
//   # comment
//   grpc.listen = 127.0.0.1:7001      # trailing comment
//   auth.issuer = "rrmon #1"          # double quotes keep `#`; \" and \\ escape
// Whitespace around keys and values is trimmed. An unquoted value ends at the first `#`.
// A key may appear once per file.
//
// Environment: key "grpc.listen" with prefix "RRMON_MONITORING_" is read from
// RRMON_MONITORING_GRPC_LISTEN (upper case; `.` and `-` become `_`). Values are taken
// verbatim (no quotes or comments).
//
// Values are strings until read; the typed getters parse on demand, so services should
// read every key once at start-up to fail fast on a bad value.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace rrmon {

struct ConfigKey {
  std::string name;           // e.g. "grpc.listen"
  std::string default_value;  // used when neither the file nor the environment sets it
  std::string description;    // one line, shown by Describe()
  // Describe() prints "<redacted>" instead of the value (tokens, passwords, DSNs).
  bool secret = false;
};

class Config {
 public:
  enum class Source { kDefault, kFile, kEnvironment };

  // Builds the configuration. `file_path` empty means no file; a given path that does not
  // exist is NOT_FOUND. `environment` holds name -> value (ProcessEnvironment() in
  // production, a literal map in tests); only names starting with `env_prefix` are
  // considered, and an empty prefix disables environment overrides altogether.
  // Errors name the offending key or variable with rrmon::InvalidFieldError (a BadRequest
  // field violation), file errors with the path and line number. A schema with duplicate
  // names, or names that map to the same environment variable, is INVALID_ARGUMENT.
  static absl::StatusOr<Config> Load(const std::vector<ConfigKey>& schema,
                                     const std::string& file_path, std::string_view env_prefix,
                                     const std::map<std::string, std::string>& environment);

  // The environment of this process.
  static std::map<std::string, std::string> ProcessEnvironment();

  // Asking for a key that is not in the schema is a programming error. The typed getters
  // report it as INVALID_ARGUMENT; GetString, which has no error channel, asserts in debug
  // builds and returns an empty string in release builds.
  std::string GetString(std::string_view key) const;
  // Decimal, optionally signed. Error: INVALID_ARGUMENT "<key>: not an integer ...".
  absl::StatusOr<int64_t> GetInt(std::string_view key) const;
  // GetInt, and INVALID_ARGUMENT naming the key ("must be MIN–MAX") outside [min, max].
  absl::StatusOr<int64_t> GetIntInRange(std::string_view key, int64_t min, int64_t max) const;
  // true/false, yes/no, on/off, 1/0, any case.
  absl::StatusOr<bool> GetBool(std::string_view key) const;
  // absl::ParseDuration syntax: "5s", "200ms", "1m", "1h30m", "0".
  absl::StatusOr<absl::Duration> GetDuration(std::string_view key) const;

  // Where a key's value came from (kDefault for unknown keys).
  Source SourceOf(std::string_view key) const;

  // For --print-config: every key in schema order with its description, source and
  // value, formatted as a valid config file (secret values commented out as <redacted>).
  std::string Describe() const;

 private:
  struct Entry {
    ConfigKey key;
    std::string value;
    Source source = Source::kDefault;
    // "/etc/rrmon/monitoring.conf:12", "RRMON_MONITORING_GRPC_LISTEN", or empty (default).
    std::string origin;
  };

  Config() = default;
  const Entry* Find(std::string_view key) const;
  absl::Status BadValue(const Entry& entry, std::string_view problem) const;

  std::vector<Entry> entries_;                      // schema order, for Describe()
  absl::flat_hash_map<std::string, size_t> index_;  // key name -> entries_ index
};

// The environment variable that overrides `key`: prefix + upper case, `.`/`-` -> `_`.
std::string ConfigEnvironmentName(std::string_view env_prefix, std::string_view key);

}  // namespace rrmon

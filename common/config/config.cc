#include "common/config/config.h"

#include <unistd.h>

#include <cassert>
#include <cerrno>
#include <cstdio>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "common/status/status_details.h"

extern char** environ;  // POSIX; not declared by <unistd.h> in strict C++ modes.

namespace rrmon {
namespace {

// Debian's abseil has its own absl::string_view, not an alias of std::string_view, and
// converts neither way implicitly.
absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

std::string_view SourceName(Config::Source source) {
  switch (source) {
    case Config::Source::kDefault:
      return "default";
    case Config::Source::kFile:
      return "file";
    case Config::Source::kEnvironment:
      return "env";
  }
  return "default";
}

// Keys are written into files and mapped onto environment variable names, so they are
// kept to characters that survive both.
bool IsValidKeyName(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '.' && c != '-' && c != '_') {
      return false;
    }
  }
  return true;
}

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    const int error = errno;
    if (error == ENOENT) {
      return absl::NotFoundError(absl::StrCat("config file ", path, " does not exist"));
    }
    return absl::ErrnoToStatus(error, absl::StrCat("opening config file ", path));
  }
  std::string contents;
  char buffer[4096];
  size_t read;
  while ((read = std::fread(buffer, 1, sizeof(buffer), file)) > 0) contents.append(buffer, read);
  // A directory opens fine on Linux and fails only here, with EISDIR.
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  std::fclose(file);
  if (failed) return absl::ErrnoToStatus(error, absl::StrCat("reading config file ", path));
  return contents;
}

// The value part of a line, after `=`: either "quoted" (where `#` is literal and \" and
// \\ are the only escapes) or bare up to an optional `#` comment.
absl::StatusOr<std::string> ParseValue(absl::string_view text) {
  if (!absl::StartsWith(text, "\"")) {
    const size_t comment = text.find('#');
    if (comment != absl::string_view::npos) text = text.substr(0, comment);
    return std::string(absl::StripTrailingAsciiWhitespace(text));
  }
  std::string value;
  for (size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\') {
      if (i + 1 < text.size() && (text[i + 1] == '"' || text[i + 1] == '\\')) {
        value.push_back(text[++i]);
        continue;
      }
      return absl::InvalidArgumentError("only \\\" and \\\\ may be escaped in a quoted value");
    }
    if (c == '"') {
      const absl::string_view rest = absl::StripLeadingAsciiWhitespace(text.substr(i + 1));
      if (!rest.empty() && rest.front() != '#') {
        return absl::InvalidArgumentError("unexpected text after the closing quote");
      }
      return value;
    }
    value.push_back(c);
  }
  return absl::InvalidArgumentError("unterminated quoted value");
}

std::string Quote(absl::string_view value) {
  std::string quoted = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\') quoted.push_back('\\');
    quoted.push_back(c);
  }
  quoted.push_back('"');
  return quoted;
}

}  // namespace

std::string ConfigEnvironmentName(std::string_view env_prefix, std::string_view key) {
  std::string name(env_prefix);
  name.reserve(env_prefix.size() + key.size());
  for (char c : key) {
    name.push_back(c == '.' || c == '-' ? '_' : absl::ascii_toupper(static_cast<unsigned char>(c)));
  }
  return name;
}

absl::StatusOr<Config> Config::Load(const std::vector<ConfigKey>& schema,
                                    const std::string& file_path, std::string_view env_prefix,
                                    const std::map<std::string, std::string>& environment) {
  Config config;
  // Environment variable name -> entry, built with the schema so collisions are caught even
  // when no variable is set.
  std::map<std::string, size_t> by_env_name;
  for (const ConfigKey& key : schema) {
    if (!IsValidKeyName(key.name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("config schema: key \"", key.name, "\" must be non-empty [A-Za-z0-9._-]"));
    }
    const size_t index = config.entries_.size();
    if (!config.index_.emplace(key.name, index).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("config schema: key ", key.name, " is declared twice"));
    }
    if (!env_prefix.empty()) {
      auto [it, inserted] = by_env_name.emplace(ConfigEnvironmentName(env_prefix, key.name), index);
      if (!inserted) {
        return absl::InvalidArgumentError(
            absl::StrCat("config schema: keys ", config.entries_[it->second].key.name, " and ",
                         key.name, " map to the same environment variable ", it->first));
      }
    }
    config.entries_.push_back(Entry{key, key.default_value, Source::kDefault, ""});
  }

  if (!file_path.empty()) {
    absl::StatusOr<std::string> contents = ReadFile(file_path);
    if (!contents.ok()) return contents.status();
    absl::string_view text = *contents;
    absl::ConsumePrefix(&text, "\xEF\xBB\xBF");  // Editors on some systems add a UTF-8 BOM.
    absl::flat_hash_map<std::string, int> line_of_key;
    int line_number = 0;
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      ++line_number;
      const std::string where = absl::StrCat(file_path, ":", line_number);
      line = absl::StripAsciiWhitespace(line);  // Also drops a CRLF's '\r'.
      if (line.empty() || line.front() == '#') continue;
      const size_t equals = line.find('=');
      if (equals == absl::string_view::npos) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": expected `key = value`"));
      }
      const std::string name(absl::StripAsciiWhitespace(line.substr(0, equals)));
      if (name.empty()) {
        return absl::InvalidArgumentError(absl::StrCat(where, ": missing key before `=`"));
      }
      auto found = config.index_.find(name);
      if (found == config.index_.end()) {
        return InvalidFieldError(name, absl::StrCat(where, ": unknown configuration key"));
      }
      if (auto [it, inserted] = line_of_key.emplace(name, line_number); !inserted) {
        return InvalidFieldError(
            name, absl::StrCat(where, ": duplicate key (first set on line ", it->second, ")"));
      }
      absl::StatusOr<std::string> value =
          ParseValue(absl::StripAsciiWhitespace(line.substr(equals + 1)));
      if (!value.ok()) {
        return InvalidFieldError(name, absl::StrCat(where, ": ", value.status().message()));
      }
      Entry& entry = config.entries_[found->second];
      entry.value = *std::move(value);
      entry.source = Source::kFile;
      entry.origin = where;
    }
  }

  if (!env_prefix.empty()) {
    for (const auto& [name, value] : environment) {
      if (!absl::StartsWith(name, Absl(env_prefix))) continue;
      auto found = by_env_name.find(name);
      if (found == by_env_name.end()) {
        return InvalidFieldError(name, absl::StrCat("environment variable ", name,
                                                    " matches no configuration key (keys map to ",
                                                    Absl(env_prefix), "<KEY> with . and - as _)"));
      }
      Entry& entry = config.entries_[found->second];
      entry.value = value;
      entry.source = Source::kEnvironment;
      entry.origin = name;
    }
  }
  return config;
}

std::map<std::string, std::string> Config::ProcessEnvironment() {
  std::map<std::string, std::string> environment;
  for (char** variable = environ; variable != nullptr && *variable != nullptr; ++variable) {
    const absl::string_view entry(*variable);
    const size_t equals = entry.find('=');
    if (equals == absl::string_view::npos) continue;
    environment.emplace(std::string(entry.substr(0, equals)),
                        std::string(entry.substr(equals + 1)));
  }
  return environment;
}

const Config::Entry* Config::Find(std::string_view key) const {
  auto it = index_.find(Absl(key));
  return it == index_.end() ? nullptr : &entries_[it->second];
}

absl::Status Config::BadValue(const Entry& entry, std::string_view problem) const {
  // Secrets stay out of error messages, which end up in logs.
  const std::string shown = entry.key.secret ? "<redacted>" : Quote(entry.value);
  const std::string from = entry.source == Source::kDefault
                               ? "the default"
                               : absl::StrCat(Absl(SourceName(entry.source)), " ", entry.origin);
  return InvalidFieldError(entry.key.name,
                           absl::StrCat(Absl(problem), ": ", shown, " (from ", from, ")"));
}

std::string Config::GetString(std::string_view key) const {
  const Entry* entry = Find(key);
  assert(entry != nullptr && "Config::GetString: key is not in the schema");
  return entry == nullptr ? std::string() : entry->value;
}

absl::StatusOr<int64_t> Config::GetInt(std::string_view key) const {
  const Entry* entry = Find(key);
  if (entry == nullptr)
    return InvalidFieldError(std::string(key), "not a key of the configuration schema");
  int64_t value;
  if (!absl::SimpleAtoi(entry->value, &value)) return BadValue(*entry, "not an integer");
  return value;
}

absl::StatusOr<int64_t> Config::GetIntInRange(std::string_view key, int64_t min,
                                              int64_t max) const {
  absl::StatusOr<int64_t> value = GetInt(key);
  if (value.ok() && (*value < min || *value > max)) {
    return InvalidFieldError(std::string(key), absl::StrCat("must be ", min, "–", max));
  }
  return value;
}

absl::StatusOr<bool> Config::GetBool(std::string_view key) const {
  const Entry* entry = Find(key);
  if (entry == nullptr)
    return InvalidFieldError(std::string(key), "not a key of the configuration schema");
  const std::string value = absl::AsciiStrToLower(entry->value);
  if (value == "true" || value == "yes" || value == "on" || value == "1") return true;
  if (value == "false" || value == "no" || value == "off" || value == "0") return false;
  return BadValue(*entry, "not a boolean (true/false, yes/no, on/off, 1/0)");
}

absl::StatusOr<absl::Duration> Config::GetDuration(std::string_view key) const {
  const Entry* entry = Find(key);
  if (entry == nullptr)
    return InvalidFieldError(std::string(key), "not a key of the configuration schema");
  absl::Duration value;
  if (!absl::ParseDuration(entry->value, &value)) {
    return BadValue(*entry, "not a duration (e.g. 5s, 200ms, 1m)");
  }
  return value;
}

Config::Source Config::SourceOf(std::string_view key) const {
  const Entry* entry = Find(key);
  return entry == nullptr ? Source::kDefault : entry->source;
}

std::string Config::Describe() const {
  std::string out;
  for (const Entry& entry : entries_) {
    absl::StrAppend(&out, "# ", entry.key.description,
                    "\n# source: ", Absl(SourceName(entry.source)));
    if (entry.source != Source::kDefault) absl::StrAppend(&out, " ", entry.origin);
    if (entry.key.secret) {
      absl::StrAppend(&out, "\n# ", entry.key.name, " = <redacted>\n\n");
    } else {
      absl::StrAppend(&out, "\n", entry.key.name, " = ", Quote(entry.value), "\n\n");
    }
  }
  return out;
}

}  // namespace rrmon

#include "services/monitoring/domain/monitoring_line_table.h"

#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/status/status_details.h"
#include "common/validation/money.h"
#include "common/validation/region_code.h"
#include "common/validation/string_interop.h"

namespace rrmon::monitoring {
namespace {

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2199;

absl::Status LineError(int line_number, absl::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat("monitoring line config, line ", line_number, ": ", problem));
}

bool ParseYear(absl::string_view text, int& year) {
  if (text.size() != 4) return false;
  int value = 0;
  for (char c : text) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(c))) return false;
    value = value * 10 + (c - '0');
  }
  if (value < kMinYear || value > kMaxYear) return false;
  year = value;
  return true;
}

}  // namespace

absl::StatusOr<MonitoringLineTable> MonitoringLineTable::Parse(const std::string& text) {
  std::vector<MonitoringLine> lines;
  // (year, prefix) -> line number where first configured.
  std::map<std::pair<int, std::string>, int> seen;
  int line_number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++line_number;
    absl::string_view line = raw;
    if (const size_t hash = line.find('#'); hash != absl::string_view::npos) {
      line = line.substr(0, hash);
    }
    // Also drops a '\r' of files edited on Windows.
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    const std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (fields.size() != 3) {
      return LineError(line_number, absl::StrCat("expected `YEAR REGION_PREFIX YUAN`, found ",
                                                 fields.size(), " fields"));
    }
    MonitoringLine entry;
    if (!ParseYear(fields[0], entry.year)) {
      return LineError(line_number,
                       absl::StrCat("year \"", fields[0], "\" must be ", kMinYear, "–", kMaxYear));
    }
    entry.region_prefix = std::string(fields[1]);
    if (absl::Status status =
            validation::ValidateRegionPrefix(entry.region_prefix, "region_prefix");
        !status.ok()) {
      return LineError(line_number, status.message());
    }
    absl::StatusOr<int64_t> fen = validation::ParseYuanToFen(validation::ToStd(fields[2]), "yuan");
    if (!fen.ok()) return LineError(line_number, fen.status().message());
    if (*fen <= 0 || *fen > validation::kMaxHouseholdAmountFen) {
      return LineError(
          line_number,
          absl::StrCat("yuan must be positive and at most ",
                       validation::FormatFenAsYuan(validation::kMaxHouseholdAmountFen)));
    }
    entry.per_capita_fen = *fen;
    const auto [it, inserted] =
        seen.emplace(std::make_pair(entry.year, entry.region_prefix), line_number);
    if (!inserted) {
      return LineError(line_number,
                       absl::StrCat("duplicate line for ", entry.year, " ", entry.region_prefix,
                                    " (first on line ", it->second, ")"));
    }
    lines.push_back(std::move(entry));
  }
  return MonitoringLineTable(std::move(lines));
}

absl::StatusOr<MonitoringLine> MonitoringLineTable::Select(const std::string& region_code,
                                                           int year) const {
  const MonitoringLine* best = nullptr;
  for (const MonitoringLine& line : lines_) {
    if (line.year != year || !validation::RegionCovers(line.region_prefix, region_code)) continue;
    if (best == nullptr || line.region_prefix.size() > best->region_prefix.size()) best = &line;
  }
  if (best == nullptr) {
    return WithErrorReason(absl::FailedPreconditionError(absl::StrCat(
                               "no monitoring line configured for ", region_code, " in ", year)),
                           "MONITORING_LINE_NOT_CONFIGURED");
  }
  return *best;
}

}  // namespace rrmon::monitoring

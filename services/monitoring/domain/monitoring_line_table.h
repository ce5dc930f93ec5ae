#pragma once

// The monitoring line (监测范围): the yearly per-capita net income under which a household
// is at risk. Provinces set it each year, and a prefecture or county may set its own, so it
// is configuration, not code: a text file of `YEAR REGION_PREFIX YUAN` lines.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace rrmon::monitoring {

// One configured line: per person per year, for every code under `region_prefix`.
struct MonitoringLine {
  std::string region_prefix;
  int year = 0;
  int64_t per_capita_fen = 0;
};

class MonitoringLineTable {
 public:
  // Reads lines such as
  //   # Yunnan
  //   2023 53 8050
  //   2024 53 8700.00
  // Fields are separated by spaces or tabs; `#` starts a comment (whole line or trailing);
  // blank lines are skipped. YEAR is 1900–2199, REGION_PREFIX a valid 2/4/6/9/12-digit
  // prefix, YUAN a positive amount with at most 2 decimals. The same YEAR and
  // REGION_PREFIX twice is refused, since which one applies would be a guess.
  // Errors are INVALID_ARGUMENT naming the 1-based line number.
  static absl::StatusOr<MonitoringLineTable> Parse(const std::string& text);

  // The line of `year` with the longest prefix covering `region_code`. When no line of
  // that year covers it: FAILED_PRECONDITION (reason MONITORING_LINE_NOT_CONFIGURED).
  // Another year's line is never used instead: lines rise every year, and assessing
  // against last year's would understate risk.
  absl::StatusOr<MonitoringLine> Select(const std::string& region_code, int year) const;

  // Every configured line, in file order.
  const std::vector<MonitoringLine>& lines() const { return lines_; }

 private:
  explicit MonitoringLineTable(std::vector<MonitoringLine> lines) : lines_(std::move(lines)) {}

  std::vector<MonitoringLine> lines_;
};

}  // namespace rrmon::monitoring

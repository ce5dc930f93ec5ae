#include "clients/rrctl/amount_column.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "clients/rrctl/output.h"

namespace rrmon::rrctl {
namespace {

void PadLeft(std::string& cell, size_t width) {
  if (cell.size() < width) cell.insert(0, width - cell.size(), ' ');
}

}  // namespace

void RightAlignColumn(std::vector<std::string>& header, std::vector<std::vector<std::string>>& rows,
                      size_t column) {
  size_t width = column < header.size() ? header[column].size() : 0;
  for (const auto& row : rows) {
    if (column < row.size()) width = std::max(width, row[column].size());
  }
  if (column < header.size()) PadLeft(header[column], width);
  for (auto& row : rows) {
    if (column < row.size()) PadLeft(row[column], width);
  }
}

std::string FormatSection(absl::string_view title, std::vector<std::string> header,
                          std::vector<std::vector<std::string>> rows, size_t first_number) {
  std::string text = absl::StrCat("\n", title, "\n");
  if (rows.empty()) return absl::StrCat(text, "(none)\n");
  for (size_t column = first_number; column < header.size(); ++column) {
    RightAlignColumn(header, rows, column);
  }
  return absl::StrCat(text, FormatTable(header, rows));
}

}  // namespace rrmon::rrctl

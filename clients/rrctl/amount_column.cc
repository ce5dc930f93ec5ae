#include "clients/rrctl/amount_column.h"

#include <algorithm>
#include <string>
#include <vector>

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

}  // namespace rrmon::rrctl

#include "fake_a1_range.hpp"

#include <cctype>

namespace sync_sheets_testing {
namespace {

struct CellReference {
  std::optional<std::int64_t> column;
  std::optional<std::int64_t> row;
};

std::optional<CellReference> parse_cell(const std::string& text) {
  CellReference cell;
  std::size_t at = 0;
  std::int64_t column = 0;
  while (at < text.size() && std::isupper(static_cast<unsigned char>(text[at]))) column = column * 26 + (text[at++] - 'A' + 1);
  if (at > 0) cell.column = column - 1;
  if (at < text.size()) {
    std::int64_t row = 0;
    for (std::size_t i = at; i < text.size(); ++i) {
      if (!std::isdigit(static_cast<unsigned char>(text[i]))) return std::nullopt;
      row = row * 10 + (text[i] - '0');
    }
    if (row < 1) return std::nullopt;
    cell.row = row;
  }
  if (!cell.column && !cell.row) return std::nullopt;
  return cell;
}

}  // namespace

std::optional<A1Range> parse_a1_range(const std::string& text) {
  A1Range range;
  std::size_t at = 0;
  if (!text.empty() && text[0] == '\'') {
    for (at = 1; at < text.size(); ++at) {
      if (text[at] != '\'') {
        range.tab += text[at];
      } else if (at + 1 < text.size() && text[at + 1] == '\'') {
        range.tab += '\'';
        ++at;
      } else {
        break;
      }
    }
    if (at >= text.size()) return std::nullopt;
    ++at;
  } else {
    while (at < text.size() && text[at] != '!') {
      const char c = text[at];
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return std::nullopt;  // must have been quoted
      range.tab += text[at++];
    }
  }
  if (range.tab.empty()) return std::nullopt;
  if (at == text.size()) return range;  // the whole tab
  if (text[at] != '!') return std::nullopt;
  const std::string cells = text.substr(at + 1);
  const auto colon = cells.find(':');
  const auto first = parse_cell(cells.substr(0, colon));
  if (!first) return std::nullopt;
  range.first_column = first->column.value_or(0);
  range.first_row = first->row.value_or(1);
  if (colon == std::string::npos) {
    if (!first->column || !first->row) return std::nullopt;
    range.last_column = range.first_column;
    range.last_row = range.first_row;
    return range;
  }
  const auto last = parse_cell(cells.substr(colon + 1));
  if (!last) return std::nullopt;
  range.last_column = last->column;
  range.last_row = last->row;
  if ((range.last_column && *range.last_column < range.first_column) || (range.last_row && *range.last_row < range.first_row)) {
    return std::nullopt;
  }
  return range;
}

}  // namespace sync_sheets_testing

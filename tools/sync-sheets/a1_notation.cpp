#include "a1_notation.hpp"

#include <algorithm>

namespace sync_sheets {

std::string column_letters(std::size_t index) {
  std::string letters;
  ++index;
  while (index > 0) {
    --index;
    letters.push_back(static_cast<char>('A' + index % 26));
    index /= 26;
  }
  std::reverse(letters.begin(), letters.end());
  return letters;
}

std::string quoted_tab(std::string_view title) {
  const bool plain = !title.empty() && std::all_of(title.begin(), title.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  // A bare title that looks like a cell (A1, AB12) would be read as one: quote those too.
  const bool looks_like_cell = !title.empty() && std::isalpha(static_cast<unsigned char>(title.front())) &&
                               std::isdigit(static_cast<unsigned char>(title.back()));
  if (plain && !looks_like_cell) return std::string(title);
  std::string quoted = "'";
  for (char c : title) {
    if (c == '\'') quoted += '\'';
    quoted += c;
  }
  return quoted + "'";
}

std::string row_range(std::string_view title, std::size_t columns, std::size_t first_row, std::size_t last_row) {
  return quoted_tab(title) + "!A" + std::to_string(first_row) + ":" + column_letters(columns - 1) +
         std::to_string(last_row);
}

std::string column_range(std::string_view title, std::size_t index) {
  const std::string letters = column_letters(index);
  return quoted_tab(title) + "!" + letters + ":" + letters;
}

std::string columns_range(std::string_view title, std::size_t columns) {
  return quoted_tab(title) + "!A:" + column_letters(columns - 1);
}

}  // namespace sync_sheets

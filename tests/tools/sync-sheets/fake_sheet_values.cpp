// The fake's spreadsheets.values endpoints: get, update, append, clear and batchUpdate.
#include <algorithm>

#include "fake_a1_range.hpp"
#include "fake_google.hpp"
#include "fake_google_replies.hpp"
#include "jobkit/redis_url.hpp"

namespace sync_sheets_testing {
namespace {

using jobkit::testing::CannedResponse;
using nlohmann::json;

CannedResponse ok(const json& body) { return {200, {{"Content-Type", "application/json"}}, body.dump()}; }

CannedResponse unparsable(const std::string& range) {
  return google_error(400, "INVALID_ARGUMENT", "Unable to parse range: " + range);
}

std::size_t characters(const std::string& text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80 ? 1 : 0;
  return count;
}

// What the cell holds after the write: RAW keeps the value; USER_ENTERED parses text as
// the UI does (a formula, a number).
json entered(const json& value, bool user_entered) {
  if (!user_entered || !value.is_string()) return value;
  const std::string text = value.get<std::string>();
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '@')) return formula_cell(text);
  if (!text.empty() && text.find_first_not_of("0123456789.-") == std::string::npos) {
    const json number = json::parse(text, nullptr, false);
    if (number.is_number()) return number;
  }
  return value;
}

std::optional<CannedResponse> check_input_option(const std::string& option) {
  if (option.empty()) return google_error(400, "INVALID_ARGUMENT", "'valueInputOption' is required but not specified");
  if (option != "RAW" && option != "USER_ENTERED") {
    return google_error(400, "INVALID_ARGUMENT", "Invalid value at 'value_input_option' (" + option + ")");
  }
  return std::nullopt;
}

// Writes rows of values at (row, column) of the tab, within the range's bounds and the grid.
std::optional<CannedResponse> write_cells(FakeTab& tab, const A1Range& range, std::int64_t first_row, const json& values,
                                          bool user_entered, const std::string& range_text) {
  if (!values.is_array()) return google_error(400, "INVALID_ARGUMENT", "Invalid values: expected a list of rows");
  const auto rows = static_cast<std::int64_t>(values.size());
  if (range.last_row && first_row + rows - 1 > *range.last_row) {
    return google_error(400, "INVALID_ARGUMENT", "Requested writing within range [" + range_text + "], but tried writing to row [" +
                                                     std::to_string(first_row + rows - 1) + "]");
  }
  for (std::int64_t r = 0; r < rows; ++r) {
    const json& row = values[static_cast<std::size_t>(r)];
    if (!row.is_array()) return google_error(400, "INVALID_ARGUMENT", "Invalid values[" + std::to_string(r) + "]: expected a list");
    const auto last_column = range.first_column + static_cast<std::int64_t>(row.size()) - 1;
    if (range.last_column && last_column > *range.last_column) {
      return google_error(400, "INVALID_ARGUMENT", "Requested writing within range [" + range_text + "], but tried writing to column [" +
                                                       std::to_string(last_column + 1) + "]");
    }
    if (first_row + r > tab.rows || last_column + 1 > tab.columns) {
      return google_error(400, "INVALID_ARGUMENT", "Range (" + range_text + ") exceeds grid limits. Max rows: " +
                                                       std::to_string(tab.rows) + ", max columns: " + std::to_string(tab.columns));
    }
    for (const json& cell : row) {
      if (cell.is_object() || cell.is_array()) return google_error(400, "INVALID_ARGUMENT", "Invalid values: a cell must be a string, number or boolean");
      if (cell.is_string() && characters(cell.get<std::string>()) > 50000) {
        return google_error(400, "INVALID_ARGUMENT", "Your input contains more than the maximum of 50000 characters in a single cell.");
      }
    }
  }
  for (std::int64_t r = 0; r < rows; ++r) {
    const auto at = static_cast<std::size_t>(first_row - 1 + r);
    if (tab.cells.size() <= at) tab.cells.resize(at + 1);
    auto& cells = tab.cells[at];
    const json& row = values[static_cast<std::size_t>(r)];
    for (std::size_t c = 0; c < row.size(); ++c) {
      const auto column = static_cast<std::size_t>(range.first_column) + c;
      if (cells.size() <= column) cells.resize(column + 1, json(""));
      cells[column] = entered(row[c].is_null() ? json("") : row[c], user_entered);
    }
  }
  return std::nullopt;
}

json read_cells(const FakeTab& tab, const A1Range& range, bool columns_major, bool formatted) {
  const Cells cells = trimmed(tab.cells);
  const auto last_row = std::min<std::int64_t>(range.last_row.value_or(tab.rows), static_cast<std::int64_t>(cells.size()));
  json rows = json::array();
  for (std::int64_t r = range.first_row; r <= last_row; ++r) {
    const auto& source = cells[static_cast<std::size_t>(r - 1)];
    json row = json::array();
    const auto last_column = std::min<std::int64_t>(range.last_column.value_or(tab.columns - 1), static_cast<std::int64_t>(source.size()) - 1);
    for (std::int64_t c = range.first_column; c <= last_column; ++c) {
      const json& cell = source[static_cast<std::size_t>(c)];
      row.push_back(formatted && cell.is_number() ? json(cell.dump()) : cell);
    }
    while (!row.empty() && row.back() == "") row.erase(row.size() - 1);
    rows.push_back(row);
  }
  while (!rows.empty() && rows.back().empty()) rows.erase(rows.size() - 1);
  if (!columns_major) return rows;
  json columns = json::array();
  for (std::size_t r = 0; r < rows.size(); ++r) {
    for (std::size_t c = 0; c < rows[r].size(); ++c) {
      while (columns.size() <= c) columns.push_back(json::array());
      while (columns[c].size() < r) columns[c].push_back("");
      columns[c].push_back(rows[r][c]);
    }
  }
  return columns;
}

}  // namespace

CannedResponse FakeGoogle::values(Spreadsheet& book, const std::string& method, const std::string& rest,
                                  const std::map<std::string, std::string>& query, const json& body) {
  const auto option = [&](const char* name) {
    const auto found = query.find(name);
    return found == query.end() ? std::string() : found->second;
  };
  if (rest == "/values:batchUpdate" && method == "POST") {
    if (!body.is_object()) return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
    const std::string input = body.value("valueInputOption", "");
    if (auto bad = check_input_option(input)) return *bad;
    std::vector<FakeTab> changed = book.tabs;  // all ranges apply, or none
    for (const json& entry : body.value("data", json::array())) {
      const std::string range_text = entry.value("range", "");
      const auto range = parse_a1_range(range_text);
      FakeTab* tab = range ? find_tab(changed, range->tab) : nullptr;
      if (tab == nullptr) return unparsable(range_text);
      if (auto bad = write_cells(*tab, *range, range->first_row, entry.value("values", json::array()), input == "USER_ENTERED", range_text)) return *bad;
    }
    book.tabs = std::move(changed);
    return ok({{"totalUpdatedRows", body.value("data", json::array()).size()}});
  }
  if (!rest.starts_with("/values/")) return google_error(404, "NOT_FOUND", "The requested URL was not found on this server.");
  std::string encoded = rest.substr(std::string("/values/").size());
  std::string verb;
  // A verb follows the range's last ':' only when it is one of the API's.
  for (const char* candidate : {":append", ":clear"}) {
    if (encoded.ends_with(candidate)) {
      verb = candidate;
      encoded.resize(encoded.size() - verb.size());
    }
  }
  const std::string range_text = jobkit::percent_decode(encoded).value_or("");
  const auto range = parse_a1_range(range_text);
  FakeTab* tab = range ? find_tab(book.tabs, range->tab) : nullptr;
  if (tab == nullptr) return unparsable(range_text);

  if (method == "GET" && verb.empty()) {
    const std::string render = option("valueRenderOption");
    const bool columns = option("majorDimension") == "COLUMNS";
    json reply = {{"range", range_text}, {"majorDimension", columns ? "COLUMNS" : "ROWS"}};
    const json values = read_cells(*tab, *range, columns, render.empty() || render == "FORMATTED_VALUE");
    if (!values.empty()) reply["values"] = values;
    return ok(reply);
  }
  if (method == "POST" && verb == ":clear") {
    for (std::int64_t r = range->first_row; r <= std::min<std::int64_t>(range->last_row.value_or(tab->rows), static_cast<std::int64_t>(tab->cells.size())); ++r) {
      auto& row = tab->cells[static_cast<std::size_t>(r - 1)];
      for (std::int64_t c = range->first_column; c <= std::min<std::int64_t>(range->last_column.value_or(tab->columns - 1), static_cast<std::int64_t>(row.size()) - 1); ++c) {
        row[static_cast<std::size_t>(c)] = "";
      }
    }
    return ok({{"clearedRange", range_text}});
  }
  if (auto bad = check_input_option(option("valueInputOption"))) return *bad;
  const bool user_entered = option("valueInputOption") == "USER_ENTERED";
  if (!body.is_object()) return google_error(400, "INVALID_ARGUMENT", "Invalid JSON payload received.");
  if (body.contains("range") && body["range"] != range_text) {
    return google_error(400, "INVALID_ARGUMENT", "Requested writing within range [" + range_text + "], but tried writing to [" +
                                                     body["range"].dump() + "]");
  }
  const json values = body.value("values", json::array());
  if (method == "PUT" && verb.empty()) {
    if (auto bad = write_cells(*tab, *range, range->first_row, values, user_entered, range_text)) return *bad;
    return ok({{"updatedRange", range_text}, {"updatedRows", values.size()}});
  }
  if (method == "POST" && verb == ":append") {
    // The table is the range's columns; new rows go after its last non-empty row.
    std::int64_t last = 0;
    for (std::size_t r = 0; r < tab->cells.size(); ++r) {
      const auto& row = tab->cells[r];
      for (std::int64_t c = range->first_column; c < static_cast<std::int64_t>(row.size()) && c <= range->last_column.value_or(tab->columns - 1); ++c) {
        if (!(row[static_cast<std::size_t>(c)] == "")) last = static_cast<std::int64_t>(r) + 1;
      }
    }
    const auto added = static_cast<std::int64_t>(values.size());
    if (option("insertDataOption") == "INSERT_ROWS" || last + added > tab->rows) {
      if (auto over = cell_limit_error(book.tabs, added * tab->columns)) return *over;
      tab->rows = std::max(tab->rows, last + added);
    }
    A1Range target = *range;
    target.last_row.reset();
    if (auto bad = write_cells(*tab, target, last + 1, values, user_entered, range_text)) return *bad;
    return ok({{"tableRange", range_text}, {"updates", {{"updatedRows", added}}}});
  }
  return google_error(404, "NOT_FOUND", "The requested URL was not found on this server.");
}

}  // namespace sync_sheets_testing

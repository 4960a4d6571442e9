#include "fake_google_replies.hpp"

#include "jobkit/redis_url.hpp"

namespace sync_sheets_testing {

using jobkit::testing::CannedResponse;
using nlohmann::json;

nlohmann::json formula_cell(const std::string& text) { return {{"formula", text}}; }

CannedResponse google_error(int code, const std::string& status, const std::string& message) {
  return {code, {{"Content-Type", "application/json; charset=UTF-8"}},
          json{{"error", {{"code", code}, {"message", message}, {"status", status}}}}.dump()};
}

CannedResponse scripted_failure(int status) {
  if (status == 429) {
    return google_error(429, "RESOURCE_EXHAUSTED",
                        "Quota exceeded for quota metric 'Write requests' and limit 'Write requests per minute per user' "
                        "of service 'sheets.googleapis.com' for consumer 'project_number:100000000001'.");
  }
  if (status == 403) return google_error(403, "PERMISSION_DENIED", "The caller does not have permission");
  if (status == 503) return google_error(503, "UNAVAILABLE", "The service is currently unavailable.");
  return google_error(status, "INTERNAL", "Internal error encountered.");
}

std::map<std::string, std::string> parse_query(const std::string& text) {
  std::map<std::string, std::string> fields;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('&', start);
    if (end == std::string::npos) end = text.size();
    const std::string pair = text.substr(start, end - start);
    const auto equals = pair.find('=');
    std::string value = equals == std::string::npos ? "" : pair.substr(equals + 1);
    for (char& c : value) if (c == '+') c = ' ';
    fields[pair.substr(0, equals)] = jobkit::percent_decode(value).value_or("<bad encoding>");
    start = end + 1;
  }
  return fields;
}

Cells trimmed(const Cells& cells) {
  Cells result = cells;
  for (auto& row : result) {
    while (!row.empty() && (row.back().is_null() || row.back() == "")) row.pop_back();
  }
  while (!result.empty() && result.back().empty()) result.pop_back();
  return result;
}

FakeTab* find_tab(std::vector<FakeTab>& tabs, const std::string& title) {
  for (FakeTab& tab : tabs) {
    if (tab.title == title) return &tab;
  }
  return nullptr;
}

const FakeTab* find_tab(const std::vector<FakeTab>& tabs, const std::string& title) {
  return find_tab(const_cast<std::vector<FakeTab>&>(tabs), title);
}

std::optional<CannedResponse> cell_limit_error(const std::vector<FakeTab>& tabs, std::int64_t added) {
  std::int64_t cells = added;
  for (const FakeTab& tab : tabs) cells += tab.rows * tab.columns;
  if (cells <= 10000000) return std::nullopt;
  return google_error(400, "INVALID_ARGUMENT",
                      "This action would increase the number of cells in the workbook above the limit of 10000000 cells.");
}

json tab_properties(const FakeTab& tab, std::size_t index) {
  return {{"sheetId", tab.id}, {"title", tab.title}, {"index", index}, {"sheetType", "GRID"},
          {"gridProperties", {{"rowCount", tab.rows}, {"columnCount", tab.columns}}}};
}

json spreadsheet_resource(const std::string& id, const std::vector<FakeTab>& tabs) {
  json sheets = json::array();
  for (std::size_t i = 0; i < tabs.size(); ++i) sheets.push_back({{"properties", tab_properties(tabs[i], i)}});
  return {{"spreadsheetId", id}, {"sheets", sheets}};
}

CannedResponse spreadsheet_properties(const std::string& id, const std::vector<FakeTab>& tabs) {
  return {200, {{"Content-Type", "application/json"}}, spreadsheet_resource(id, tabs).dump()};
}

}  // namespace sync_sheets_testing

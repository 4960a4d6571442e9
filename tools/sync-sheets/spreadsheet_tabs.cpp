#include "spreadsheet_tabs.hpp"

namespace sync_sheets {

std::vector<Tab> tabs_of(const nlohmann::json& spreadsheet) {
  std::vector<Tab> tabs;
  const nlohmann::json& sheets = spreadsheet.contains("sheets") ? spreadsheet["sheets"] : nlohmann::json::array();
  for (const nlohmann::json& sheet : sheets) {
    const nlohmann::json properties = sheet.value("properties", nlohmann::json::object());
    const nlohmann::json grid = properties.value("gridProperties", nlohmann::json::object());
    tabs.push_back({properties.value("sheetId", std::int64_t{0}), properties.value("title", std::string()),
                    properties.value("index", std::int64_t{0}), grid.value("rowCount", std::int64_t{0}),
                    grid.value("columnCount", std::int64_t{0})});
  }
  return tabs;
}

jobkit::Result<std::vector<Tab>> read_tabs(SheetsClient& client) {
  auto reply = client.call({.method = "GET", .path = "", .query = "fields=sheets.properties"});
  if (!reply) return reply.error();
  return tabs_of(reply.value());
}

const Tab* find_tab(const std::vector<Tab>& tabs, const std::string& title) {
  for (const Tab& tab : tabs) {
    if (tab.title == title) return &tab;
  }
  return nullptr;
}

std::optional<std::int64_t> added_tab_id(const nlohmann::json& reply) {
  for (const nlohmann::json& answer : reply.value("replies", nlohmann::json::array())) {
    if (answer.contains("addSheet")) return answer["addSheet"]["properties"].value("sheetId", std::int64_t{0});
  }
  return std::nullopt;
}

nlohmann::json add_tab_request(const std::string& title, std::int64_t rows, std::int64_t columns) {
  return {{"addSheet",
           {{"properties", {{"title", title}, {"gridProperties", {{"rowCount", rows}, {"columnCount", columns}}}}}}}};
}

nlohmann::json delete_tab_request(std::int64_t id) { return {{"deleteSheet", {{"sheetId", id}}}}; }

nlohmann::json rename_tab_request(std::int64_t id, const std::string& title, std::optional<std::int64_t> index) {
  nlohmann::json properties = {{"sheetId", id}, {"title", title}};
  if (index) properties["index"] = *index;
  return {{"updateSheetProperties", {{"properties", properties}, {"fields", index ? "title,index" : "title"}}}};
}

jobkit::Result<nlohmann::json> update_spreadsheet(SheetsClient& client, nlohmann::json requests, bool include_spreadsheet) {
  nlohmann::json body = {{"requests", std::move(requests)}};
  if (include_spreadsheet) body["includeSpreadsheetInResponse"] = true;
  return client.call({.method = "POST", .path = ":batchUpdate", .body = std::move(body), .write = true});
}

}  // namespace sync_sheets

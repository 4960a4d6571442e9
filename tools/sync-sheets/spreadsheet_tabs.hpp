// The tabs of a spreadsheet (spreadsheets.get with fields=sheets.properties) and the
// spreadsheets.batchUpdate requests that add, remove and rename them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sheets_client.hpp"

namespace sync_sheets {

struct Tab {
  std::int64_t id = 0;
  std::string title;
  std::int64_t index = 0;
  std::int64_t rows = 0;     // the grid's size, which is what counts against the cell limit
  std::int64_t columns = 0;
};

// The tabs of a Spreadsheet resource (spreadsheets.get's answer, or a batchUpdate's
// updatedSpreadsheet).
std::vector<Tab> tabs_of(const nlohmann::json& spreadsheet);
jobkit::Result<std::vector<Tab>> read_tabs(SheetsClient& client);

const Tab* find_tab(const std::vector<Tab>& tabs, const std::string& title);

// The id of a new tab, from a batchUpdate reply to a request list holding one addSheet.
std::optional<std::int64_t> added_tab_id(const nlohmann::json& reply);

nlohmann::json add_tab_request(const std::string& title, std::int64_t rows, std::int64_t columns);
nlohmann::json delete_tab_request(std::int64_t id);
// index: where the tab goes (the place of the tab it replaces); nullopt: where it is.
nlohmann::json rename_tab_request(std::int64_t id, const std::string& title, std::optional<std::int64_t> index);

// Runs spreadsheets.batchUpdate: all its requests are applied together or not at all.
// include_spreadsheet: the reply also holds the spreadsheet as it is afterwards
// ("updatedSpreadsheet", without grid data), which spares a spreadsheets.get.
jobkit::Result<nlohmann::json> update_spreadsheet(SheetsClient& client, nlohmann::json requests,
                                                  bool include_spreadsheet = false);

}  // namespace sync_sheets

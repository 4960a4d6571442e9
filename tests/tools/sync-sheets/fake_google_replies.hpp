// The fake Google's building blocks: error bodies shaped like Google's, query strings, and
// the tab bookkeeping that both the spreadsheet and the values endpoints need.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_google.hpp"
#include "http_test_server.hpp"

namespace sync_sheets_testing {

// {"error": {"code", "message", "status"}} as every Google API answers.
jobkit::testing::CannedResponse google_error(int code, const std::string& status, const std::string& message);
// What the fake answers when told to fail: 429 RESOURCE_EXHAUSTED, 500 INTERNAL, 403 ...
jobkit::testing::CannedResponse scripted_failure(int status);

// name=value&... with percent-decoding.
std::map<std::string, std::string> parse_query(const std::string& text);

Cells trimmed(const Cells& cells);
FakeTab* find_tab(std::vector<FakeTab>& tabs, const std::string& title);
const FakeTab* find_tab(const std::vector<FakeTab>& tabs, const std::string& title);
// 400 when adding `added` cells would pass the spreadsheet's 10 million.
std::optional<jobkit::testing::CannedResponse> cell_limit_error(const std::vector<FakeTab>& tabs, std::int64_t added);
nlohmann::json tab_properties(const FakeTab& tab, std::size_t index);
// The Spreadsheet resource without grid data: {"spreadsheetId", "sheets": [{"properties"}]}.
nlohmann::json spreadsheet_resource(const std::string& id, const std::vector<FakeTab>& tabs);
jobkit::testing::CannedResponse spreadsheet_properties(const std::string& id, const std::vector<FakeTab>& tabs);

}  // namespace sync_sheets_testing

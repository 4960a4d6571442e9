// Running the built sync-sheets against a FakeGoogle and the test Redis, and the rows and
// cells tests compare.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fake_google.hpp"
#include "process.hpp"

namespace sync_sheets_testing {

// The environment of a run: the fake's endpoints and CA, REDIS_URL from scripts/test, and a
// write budget no test reaches unless it sets SHEETS_WRITES_PER_MINUTE itself.
std::vector<std::string> sync_environment(const FakeGoogle& google, const std::vector<std::string>& extra = {});

jobkit::testing::ProcessResult run_sync(const FakeGoogle& google, const nlohmann::json& job,
                                        const std::vector<std::string>& extra_environment = {},
                                        const std::vector<std::string>& arguments = {});

// The result on stdout, parsed; fails the test when it is not JSON.
nlohmann::json output_json(const jobkit::testing::ProcessResult& result);

// A booking-like record: {"id", "status", "total", "paid", "note"}.
nlohmann::json booking(std::int64_t id, const std::string& status, double total, bool paid, const std::string& note);

// Rows of `count` records × `columns` text columns c0..c<n-1>, each cell distinct.
nlohmann::json wide_rows(std::size_t count, std::size_t columns, std::size_t cell_length = 20);

// The cells `rows` become under the columns c0..c<n-1> (the header row first).
Cells wide_cells(const nlohmann::json& rows, std::size_t columns);

}  // namespace sync_sheets_testing

#include "sheet_writes.hpp"

#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "a1_notation.hpp"
#include "cell_values.hpp"
#include "jobkit/random.hpp"
#include "request_chunks.hpp"
#include "spreadsheet_tabs.hpp"

namespace sync_sheets {
namespace {

// A new tab gets the grid the Sheets UI gives one, or more when the rows need it.
constexpr std::int64_t k_default_tab_rows = 1000;
constexpr std::int64_t k_default_tab_columns = 26;

jobkit::Status check_cell_limit(const std::vector<Tab>& tabs, const std::vector<std::string>& leaving,
                                std::int64_t new_cells) {
  std::int64_t cells = new_cells;
  for (const Tab& tab : tabs) {
    if (std::find(leaving.begin(), leaving.end(), tab.title) == leaving.end()) cells += tab.rows * tab.columns;
  }
  if (cells <= static_cast<std::int64_t>(k_max_spreadsheet_cells)) return jobkit::Done{};
  return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                fmt::format("the spreadsheet would hold {} cells; Google Sheets allows {}", cells, k_max_spreadsheet_cells),
                                "/rows");
}

int percent(std::size_t done, std::size_t total) { return total == 0 ? 100 : static_cast<int>(done * 100 / total); }

// Key text → 1-based row number of the sheet, from the key column read once.
struct KeyIndex {
  std::unordered_map<std::string, std::int64_t> rows;
  std::int64_t occupied = 0;  // rows up to the last non-empty key cell
};

jobkit::Result<KeyIndex> read_key_column(SheetsClient& client, const SheetsJob& job) {
  const std::string range = column_range(job.tab, *job.key_column);
  auto reply = client.call({.method = "GET", .path = "/values/" + range_path(range),
                            .query = "majorDimension=COLUMNS&valueRenderOption=UNFORMATTED_VALUE", .range = range});
  if (!reply) return reply.error();
  KeyIndex index;
  const nlohmann::json values = reply.value().value("values", nlohmann::json::array());
  if (values.empty() || !values[0].is_array()) return index;
  const nlohmann::json& column = values[0];
  index.occupied = static_cast<std::int64_t>(column.size());
  for (std::size_t i = job.header ? 1 : 0; i < column.size(); ++i) {
    const std::string key = key_text(column[i]);
    if (!key.empty()) index.rows.emplace(key, static_cast<std::int64_t>(i) + 1);
  }
  return index;
}

// {"range":...,"majorDimension":"ROWS","values":[rows]} around rows already serialized.
std::string values_body(const std::string& range, const std::string& values) {
  return "{\"range\":" + nlohmann::json(range).dump() + ",\"majorDimension\":\"ROWS\",\"values\":" + values + "}";
}

jobkit::Status append_rows(SheetsClient& client, const SheetsJob& job, const std::vector<std::string_view>& rows,
                           const ProgressReport& progress) {
  auto chunks = chunk_rows(rows);
  if (!chunks) return chunks.error();
  const std::string range = columns_range(job.tab, job.columns.size());
  std::size_t done = 0;
  for (const auto& [begin, end] : chunks.value()) {
    auto appended = client.call({.method = "POST", .path = "/values/" + range_path(range) + ":append",
                                 .query = "valueInputOption=RAW&insertDataOption=INSERT_ROWS",
                                 .raw_body = values_body(range, join_rows(rows, begin, end)), .write = true, .range = range});
    if (!appended) return appended.error();
    done = end;
    progress(percent(done, rows.size()));
  }
  return jobkit::Done{};
}

// Rows already in the sheet, each rewritten in place: one values:batchUpdate per 2 MB.
jobkit::Status update_rows(SheetsClient& client, const SheetsJob& job, const std::vector<std::string_view>& rows,
                           const std::vector<std::int64_t>& row_numbers) {
  auto chunks = chunk_rows(rows, k_max_request_bytes, k_row_in_batch_bytes);
  if (!chunks) return chunks.error();
  for (const auto& [begin, end] : chunks.value()) {
    std::string body = "{\"valueInputOption\":\"RAW\",\"data\":[";
    for (std::size_t i = begin; i < end; ++i) {
      const auto row = static_cast<std::size_t>(row_numbers[i]);
      if (i > begin) body += ',';
      body += values_body(row_range(job.tab, job.columns.size(), row, row), "[" + std::string(rows[i]) + "]");
    }
    body += "]}";
    auto updated = client.call({.method = "POST", .path = "/values:batchUpdate", .raw_body = std::move(body), .write = true,
                                .range = quoted_tab(job.tab)});
    if (!updated) return updated.error();
  }
  return jobkit::Done{};
}

}  // namespace

std::string staging_title(const std::string& tab, const std::string& unique) { return tab + k_staging_marker + "-" + unique; }

bool is_staging_title(const std::string& title, const std::string& tab) {
  return title.starts_with(tab + k_staging_marker);
}

jobkit::Result<WriteSummary> write_keyed(SheetsClient& client, const SheetsJob& job, const RowSet& row_set, bool upsert,
                                         const ProgressReport& progress) {
  const std::vector<std::string>& rows = row_set.rows;
  WriteSummary summary;
  auto tabs = read_tabs(client);
  if (!tabs) return tabs.error();
  const std::int64_t columns = static_cast<std::int64_t>(job.columns.size());
  if (auto fits = check_cell_limit(tabs.value(), {}, static_cast<std::int64_t>(rows.size()) * columns); !fits) return fits.error();
  KeyIndex index;
  if (find_tab(tabs.value(), job.tab) == nullptr) {
    const std::int64_t grid_rows = std::max<std::int64_t>(k_default_tab_rows, static_cast<std::int64_t>(rows.size()) + 1);
    auto added = update_spreadsheet(client, nlohmann::json::array({add_tab_request(job.tab, grid_rows, std::max(k_default_tab_columns, columns))}));
    if (!added) return added.error();
    summary.tab_created = true;
  } else {
    auto read = read_key_column(client, job);
    if (!read) return read.error();
    index = std::move(read).value();
  }

  std::vector<std::string_view> updates;
  std::vector<std::int64_t> update_rows_at;
  std::vector<std::string_view> appends;
  const std::string header = serialized(header_cells(job));
  if (job.header && index.occupied == 0) appends.push_back(header);
  std::unordered_set<std::string> seen;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const std::string& key = row_set.keys[i];
    if (key.empty()) {
      return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                    fmt::format("row {} has no value in the key column {}", i + 1, job.columns[*job.key_column].field), "/key");
    }
    if (!seen.insert(key).second) {
      ++summary.skipped;
      continue;
    }
    const auto existing = index.rows.find(key);
    if (existing == index.rows.end()) {
      appends.push_back(rows[i]);
      ++summary.appended;
    } else if (upsert) {
      updates.push_back(rows[i]);
      update_rows_at.push_back(existing->second);
      ++summary.updated;
    } else {
      ++summary.skipped;
    }
  }
  if (!updates.empty()) {
    if (auto updated = update_rows(client, job, updates, update_rows_at); !updated) return updated.error();
  }
  if (!appends.empty()) {
    if (auto appended = append_rows(client, job, appends, progress); !appended) return appended.error();
  }
  progress(100);
  return summary;
}

RowStream stream_of(const RowSet& rows) {
  return {rows.rows.size(), [&rows](const RowVisitor& visit) -> jobkit::Status {
            for (const std::string& row : rows.rows) {
              if (auto visited = visit(row); !visited) return visited;
            }
            return jobkit::Done{};
          }};
}

jobkit::Result<WriteSummary> replace_tab(SheetsClient& client, const SheetsJob& job, const RowStream& rows,
                                         const ProgressReport& progress) {
  WriteSummary summary;
  const std::size_t total = rows.count + (job.header ? 1 : 0);
  const std::int64_t columns = static_cast<std::int64_t>(job.columns.size());
  const std::int64_t grid_rows = std::max<std::int64_t>(1, static_cast<std::int64_t>(total));

  // The staging tab is added first, and the same request returns the spreadsheet's tabs
  // (no spreadsheets.get): its title is this attempt's own, so a staging tab an earlier
  // attempt left never collides with it, and such leftovers go in the swap below. Google
  // refuses the addSheet (400, 65) when the spreadsheet would pass 10 million cells.
  const std::string staging = staging_title(job.tab, jobkit::random_hex(8));
  auto added = update_spreadsheet(client, nlohmann::json::array({add_tab_request(staging, grid_rows, columns)}), true);
  if (!added) return added.error();
  const auto staging_id = added_tab_id(added.value());
  if (!staging_id || !added->contains("updatedSpreadsheet")) {
    return jobkit::JobError::make(jobkit::ExitCode::temporary, "the Sheets API did not say which tab it added");
  }
  const std::vector<Tab> tabs = tabs_of(added.value()["updatedSpreadsheet"]);

  // Rows are packed into one request until the next would pass 2 MB, then sent: only one
  // request's rows are ever in memory.
  const std::size_t budget = k_max_request_bytes - k_envelope_bytes;
  std::string values;
  std::size_t first_row = 1;
  std::size_t next_row = 1;
  const auto send = [&]() -> jobkit::Status {
    if (next_row == first_row) return jobkit::Done{};
    const std::string range = row_range(staging, job.columns.size(), first_row, next_row - 1);
    // Built once and moved down to the request: a 2 MB body is never copied.
    std::string body = "{\"range\":" + nlohmann::json(range).dump() + ",\"majorDimension\":\"ROWS\",\"values\":[";
    body.reserve(body.size() + values.size() + 2);
    body.append(values).append("]}");
    auto written = client.call({.method = "PUT", .path = "/values/" + range_path(range), .query = "valueInputOption=RAW",
                                .raw_body = std::move(body), .write = true, .range = range});
    if (!written) return written.error();
    summary.written = static_cast<std::int64_t>(next_row - 1);
    progress(percent(next_row - 1, total));
    values.clear();
    first_row = next_row;
    return jobkit::Done{};
  };
  const RowVisitor add = [&](std::string_view row) -> jobkit::Status {
    if (row.size() + k_row_in_values_bytes > budget) {
      return jobkit::JobError::make(jobkit::ExitCode::invalid_data,
                                    fmt::format("row {} is {} bytes, more than one request may carry ({} bytes)", next_row,
                                                row.size(), budget));
    }
    if (values.size() + row.size() + k_row_in_values_bytes > budget) {
      if (auto sent = send(); !sent) return sent;
    }
    if (!values.empty()) values += ',';
    values += row;
    ++next_row;
    return jobkit::Done{};
  };
  const std::string header = serialized(header_cells(job));
  if (job.header) {
    if (auto added_header = add(header); !added_header) return added_header.error();
  }
  if (auto streamed = rows.each(add); !streamed) return streamed.error();
  if (auto sent = send(); !sent) return sent.error();

  // One batchUpdate, applied whole or not at all: the old tab and any staging tabs stopped
  // attempts left go, and the staging tab takes the old tab's title and place.
  nlohmann::json swap = nlohmann::json::array();
  const Tab* old = find_tab(tabs, job.tab);
  std::optional<std::int64_t> place = old != nullptr ? std::optional(old->index) : std::nullopt;
  if (old != nullptr) swap.push_back(delete_tab_request(old->id));
  for (const Tab& tab : tabs) {
    if (tab.id == *staging_id || !is_staging_title(tab.title, job.tab)) continue;
    spdlog::info("removing a staging tab an earlier attempt left");
    swap.push_back(delete_tab_request(tab.id));
    if (place && tab.index < old->index) --*place;  // the tabs before the old one move up
  }
  swap.push_back(rename_tab_request(*staging_id, job.tab, place));
  auto swapped = update_spreadsheet(client, std::move(swap));
  if (!swapped) return swapped.error();
  summary.tab_created = old == nullptr;
  progress(100);
  return summary;
}

}  // namespace sync_sheets

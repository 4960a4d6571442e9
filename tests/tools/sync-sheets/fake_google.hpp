// A local Google over HTTPS that checks requests the way the real services do, for the
// parts sync-sheets uses: the OAuth token endpoint (the JWT's RS256 signature verified with
// the service account's public key; iss, scope, aud, iat and exp checked) and the Sheets
// API v4 (bearer token, sharing, A1 ranges, valueInputOption, the 2 MB body limit, the
// per-minute write quota), keeping every tab's cells so that tests read them back. It can
// be told to answer 429, 500 or 403 to the next N Sheets requests.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "google_credentials.hpp"
#include "http_test_server.hpp"

namespace sync_sheets_testing {

using Cells = std::vector<std::vector<nlohmann::json>>;

struct FakeTab {
  std::int64_t id = 0;
  std::string title;
  std::int64_t rows = 1000;
  std::int64_t columns = 26;
  Cells cells;  // [row][column]; shorter rows and missing rows are empty cells
};

// A cell written with USER_ENTERED whose text starts with '=' is stored as a formula,
// {"formula": text}, which is what RAW must prevent.
nlohmann::json formula_cell(const std::string& text);

// Google's write quota is per minute; the fake counts it over any window of this length
// (sliding, which is at least as strict as clock minutes), shorter when a test says so.
struct FakeLimits {
  std::size_t max_body_bytes = 2 * 1000 * 1000;
  int writes_per_window = 60;
  std::chrono::milliseconds quota_window{60000};
};

class FakeGoogle {
 public:
  explicit FakeGoogle(FakeLimits limits = {});

  std::string url() const;  // https://127.0.0.1:port
  std::string token_url() const { return url() + "/token"; }
  // The environment that points sync-sheets at this fake.
  std::vector<std::string> environment() const;

  // A spreadsheet with one tab "Sheet1", shared with the test service account unless not.
  void add_spreadsheet(const std::string& id, bool shared = true);
  void add_tab(const std::string& spreadsheet, const std::string& title, Cells cells = {}, std::int64_t columns = 26);
  // After `after_writes` more writes succeeded, the next `count` Sheets requests are answered
  // with `status` (429 RESOURCE_EXHAUSTED, 500, 403 ...); retry_after is sent as Retry-After
  // when not empty.
  void fail_next(int status, int count, const std::string& retry_after = "", int after_writes = 0);
  // After `count` more successful writes, the next write is answered only after `stall_ms`
  // (and not applied): a job to kill while it waits. stalled() counts such requests.
  void stall_after_writes(int count, int stall_ms);
  int stalled() const;

  std::vector<std::string> tab_titles(const std::string& spreadsheet) const;
  // The tab's cells with trailing empty cells and rows dropped; nullopt when there is no such tab.
  std::optional<Cells> cells(const std::string& spreadsheet, const std::string& title) const;

  // Every spreadsheet's tabs and trimmed cells: {"<id>": {"<tab>": [[...], ...]}}.
  nlohmann::json snapshot() const;

  int token_requests() const;
  int sheets_requests() const;
  int write_requests() const;
  std::size_t largest_body() const;
  std::int64_t bytes_received() const;
  std::vector<std::string> issued_tokens() const;
  // When each write request that passed authentication arrived (system clock, µs since the
  // epoch), in order: what a test checks the quota against.
  std::vector<std::int64_t> write_times_us() const;

 private:
  struct Spreadsheet {
    bool shared = true;
    std::vector<FakeTab> tabs;
    std::int64_t next_id = 1;
  };
  jobkit::testing::CannedResponse handle(const jobkit::testing::RecordedRequest& request);
  jobkit::testing::CannedResponse token(const jobkit::testing::RecordedRequest& request);
  jobkit::testing::CannedResponse sheets(const jobkit::testing::RecordedRequest& request);
  jobkit::testing::CannedResponse values(Spreadsheet& book, const std::string& method, const std::string& rest,
                                         const std::map<std::string, std::string>& query, const nlohmann::json& body);
  jobkit::testing::CannedResponse batch_update(const std::string& spreadsheet_id, Spreadsheet& book, const nlohmann::json& body);

  FakeLimits m_limits;
  mutable std::mutex m_mutex;
  std::map<std::string, Spreadsheet> m_books;
  std::set<std::string> m_tokens;
  int m_fail_status = 0;
  int m_fail_count = 0;
  std::string m_fail_retry_after;
  int m_fail_after_writes = -1;
  int m_stall_after = -1;
  int m_stalled = 0;
  int m_stall_ms = 0;
  int m_token_requests = 0;
  int m_sheets_requests = 0;
  int m_write_requests = 0;
  std::size_t m_largest_body = 0;
  std::int64_t m_bytes_received = 0;
  std::vector<std::int64_t> m_write_times_us;
  std::unique_ptr<jobkit::testing::HttpTestServer> m_server;  // last: stops before the state goes
};

}  // namespace sync_sheets_testing

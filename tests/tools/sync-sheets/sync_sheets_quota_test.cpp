// The write quota shared through Redis: jobs running at the same time, together writing more
// than one window's budget, are paced so that Google (here the fake, which refuses with 429
// what passes the budget) never sees more writes in any window than the budget allows.
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>

#include "sheets_fixture.hpp"

using nlohmann::json;
using namespace sync_sheets_testing;

namespace {

// The quota, lowered so that the test waits seconds, not minutes: the same limit in the fake
// (it answers 429 to a write past it) and in the tool's settings.
constexpr int k_quota_writes = 3;
constexpr std::chrono::milliseconds k_quota_window{1000};

json part_job(int part) {
  json rows = json::array();
  for (int r = 1; r <= 2; ++r) rows.push_back({{"id", part * 10 + r}, {"text", "part " + std::to_string(part)}});
  return {{"spreadsheet_id", "book-1"}, {"tab", "Part " + std::to_string(part)}, {"mode", "replace"},
          {"columns", json::array({"id", "text"})}, {"rows", rows}};
}

}  // namespace

TEST_CASE("concurrent jobs share one write budget through Redis and all complete within it") {
  FakeGoogle google(FakeLimits{.writes_per_window = k_quota_writes, .quota_window = k_quota_window});
  google.add_spreadsheet("book-1");
  // Four replaces of three writes each (add the staging tab, the rows, the swap): twelve
  // writes, four windows' worth, started together.
  constexpr int k_jobs = 4;
  const std::vector<std::string> settings = {"SHEETS_WRITES_PER_MINUTE=" + std::to_string(k_quota_writes),
                                             "SHEETS_QUOTA_WINDOW_SECONDS=" + std::to_string(k_quota_window.count() / 1000)};
  std::vector<std::unique_ptr<jobkit::testing::ChildProcess>> jobs;
  for (int part = 1; part <= k_jobs; ++part) {
    jobs.push_back(std::make_unique<jobkit::testing::ChildProcess>(jobkit::testing::ProcessOptions{
        .argv = {jobkit::testing::built_program("sync-sheets").string()},
        .input = part_job(part).dump(),
        .environment = sync_environment(google, settings),
        .unset = {"JOB_ID", "JOB_ATTEMPT", "JOB_ATTEMPTS", "JOB_PROGRESS_FD"}}));
  }
  double waited = 0;
  std::int64_t writes = 0;
  for (int part = 1; part <= k_jobs; ++part) {
    const auto run = jobs[static_cast<std::size_t>(part - 1)]->wait();
    CAPTURE(part);
    REQUIRE_MESSAGE(run.exit_code == 0, run.out, run.err);
    const json result = output_json(run);
    waited += result["quota_wait_seconds"].get<double>();
    writes += result["write_requests"].get<std::int64_t>();
    CHECK(google.cells("book-1", "Part " + std::to_string(part)) ==
          Cells{{"id", "text"}, {part * 10 + 1, "part " + std::to_string(part)}, {part * 10 + 2, "part " + std::to_string(part)}});
  }
  CHECK(waited > 0);  // the jobs did wait for one another's writes

  // Every write arrived, and no window of the quota's length saw more than its budget: the
  // (k+1)th write after any write came at least one window later.
  std::vector<std::int64_t> times = google.write_times_us();
  REQUIRE(static_cast<std::int64_t>(times.size()) == writes);
  REQUIRE(writes > 3 * k_quota_writes);
  std::sort(times.begin(), times.end());
  const std::int64_t window_us = std::chrono::microseconds(k_quota_window).count();
  for (std::size_t i = 0; i + k_quota_writes < times.size(); ++i) {
    CAPTURE(i);
    CHECK(times[i + k_quota_writes] - times[i] >= window_us);
  }
}

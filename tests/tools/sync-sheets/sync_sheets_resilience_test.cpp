// Quotas, retries, interruptions and secrets: a 429 storm, the token cache, a job killed in
// the middle of a replace, and what the tool writes where people and dashboards read.
#include <doctest/doctest.h>

#include <signal.h>

#include <chrono>
#include <set>
#include <thread>

#include "sheets_fixture.hpp"

using nlohmann::json;
using namespace sync_sheets_testing;

namespace {

json wide_job(const std::string& mode, const json& rows, std::size_t columns, const std::string& tab) {
  json names = json::array();
  for (std::size_t c = 0; c < columns; ++c) names.push_back("c" + std::to_string(c));
  json job = {{"spreadsheet_id", "book-1"}, {"tab", tab}, {"mode", mode}, {"columns", names}, {"rows", rows}};
  if (mode != "replace") job["key"] = "c0";
  return job;
}

// The base64 lines of a PEM body, long enough that finding one means the key leaked.
std::vector<std::string> pem_lines(const std::string& pem) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < pem.size()) {
    auto end = pem.find('\n', start);
    if (end == std::string::npos) end = pem.size();
    const std::string line = pem.substr(start, end - start);
    if (line.size() >= 40 && line.find("-----") == std::string::npos) lines.push_back(line);
    start = end + 1;
  }
  return lines;
}

}  // namespace

TEST_CASE("a 429 storm in the middle of an append exits 75 and a re-run completes it without duplicate rows") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  // 120 rows of about 20 kB each: two append requests under 2 MB.
  const json rows = wide_rows(120, 3, 20000);
  google.fail_next(429, 2, "7", 2);  // the tab is added, the first chunk lands, then two 429s
  auto stormed = run_sync(google, wide_job("append", rows, 3, "Reviews"));
  CHECK(stormed.exit_code == 75);
  const json error = output_json(stormed)["error"];
  CHECK(error["retry_after_seconds"] == 7);
  CHECK(error["code"] == "sheets_quota_exceeded");
  const auto partial = google.cells("book-1", "Reviews");
  REQUIRE(partial);
  CHECK(partial->size() > 1);
  CHECK(partial->size() < 121);

  auto still_stormy = run_sync(google, wide_job("append", rows, 3, "Reviews"));
  CHECK(still_stormy.exit_code == 75);
  CHECK(output_json(still_stormy)["error"]["retry_after_seconds"] == 7);

  auto rerun = run_sync(google, wide_job("append", rows, 3, "Reviews"));
  REQUIRE_MESSAGE(rerun.exit_code == 0, rerun.out, rerun.err);
  CHECK(output_json(rerun)["skipped"].get<std::size_t>() == partial->size() - 1);
  CHECK(google.cells("book-1", "Reviews") == wide_cells(rows, 3));
}

TEST_CASE("a 500 without Retry-After exits 75 with the backoff of the attempt") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  google.fail_next(500, 1);
  auto run = run_sync(google, wide_job("append", wide_rows(1, 2), 2, "Reviews"), {"JOB_ATTEMPT=3", "JOB_ATTEMPTS=8"});
  CHECK(run.exit_code == 75);
  CHECK(output_json(run)["error"]["retry_after_seconds"] == 8);
}

TEST_CASE("the token is fetched once for 50 jobs in a row") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  for (int i = 1; i <= 50; ++i) {
    auto run = run_sync(google, wide_job("append", json::array({json{{"c0", i}, {"c1", "job " + std::to_string(i)}}}), 2, "Log"));
    REQUIRE_MESSAGE(run.exit_code == 0, run.out, run.err);
  }
  CHECK(google.token_requests() == 1);
  const auto cells = google.cells("book-1", "Log");
  REQUIRE(cells);
  CHECK(cells->size() == 51);
  CHECK((*cells)[50] == std::vector<json>{50, "job 50"});
}

TEST_CASE("a job killed in the middle of a replace leaves the tab as it was and the next run completes it") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  const Cells before = {{"rank", "contractor"}, {1, "Ann"}, {2, "Bob"}};
  google.add_tab("book-1", "Rankings", before);
  const json rows = wide_rows(2500, 12, 80);  // two chunks
  google.stall_after_writes(2, 2000);         // the tab is added, one chunk written, then the job is killed
  jobkit::testing::ChildProcess child({.argv = {jobkit::testing::built_program("sync-sheets").string()},
                                       .input = wide_job("replace", rows, 12, "Rankings").dump(),
                                       .environment = sync_environment(google)});
  for (int waited = 0; google.stalled() == 0 && waited < 60000; waited += 20) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  REQUIRE(google.stalled() == 1);
  child.send_signal(SIGKILL);
  child.wait();
  CHECK(google.cells("book-1", "Rankings") == before);
  CHECK(google.tab_titles("book-1").size() == 3);  // the killed attempt's staging tab is left

  auto rerun = run_sync(google, wide_job("replace", rows, 12, "Rankings"));
  REQUIRE_MESSAGE(rerun.exit_code == 0, rerun.out, rerun.err);
  CHECK(google.cells("book-1", "Rankings") == wide_cells(rows, 12));
  CHECK(google.tab_titles("book-1") == std::vector<std::string>{"Sheet1", "Rankings"});
}

TEST_CASE("neither the private key nor a token appears on stdout or stderr") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  google.add_spreadsheet("not-shared", false);
  std::vector<jobkit::testing::ProcessResult> runs;
  runs.push_back(run_sync(google, wide_job("append", wide_rows(2, 2), 2, "Log"), {}, {"--log-level", "trace"}));
  json refused = wide_job("append", wide_rows(2, 2), 2, "Log");
  refused["spreadsheet_id"] = "not-shared";
  runs.push_back(run_sync(google, refused, {}, {"--log-level", "trace"}));
  runs.push_back(run_sync(google, wide_job("replace", wide_rows(2, 2), 2, "Log"), {}, {"--log-level", "trace", "--dry-run"}));
  CHECK(runs[0].exit_code == 0);
  CHECK(runs[1].exit_code == 77);
  CHECK(runs[2].exit_code == 0);
  const auto tokens = google.issued_tokens();
  REQUIRE(tokens.size() == 1);
  const auto key_lines = pem_lines(google_credentials().private_key_pem);
  REQUIRE(key_lines.size() > 10);
  for (const auto& run : runs) {
    for (const std::string& output : {run.out, run.err}) {
      CHECK(output.find(tokens[0]) == std::string::npos);
      CHECK(output.find(tokens[0].substr(5)) == std::string::npos);
      for (const auto& line : key_lines) CHECK(output.find(line) == std::string::npos);
    }
  }
}

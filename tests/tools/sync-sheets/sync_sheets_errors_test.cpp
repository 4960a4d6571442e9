// Failures and their exit codes: sharing, missing spreadsheets, Google's 400s, a key the
// token endpoint refuses, and limits refused before any request.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>

#include "sheets_fixture.hpp"
#include "temp_dir.hpp"

using nlohmann::json;
using namespace sync_sheets_testing;

namespace {

json notes_job(const std::string& spreadsheet, json rows) {
  return {{"spreadsheet_id", spreadsheet}, {"tab", "Notes"}, {"mode", "append"}, {"key", "id"},
          {"columns", json::array({"id", "text"})}, {"rows", std::move(rows)}};
}

}  // namespace

TEST_CASE("a spreadsheet not shared with the service account exits 77 naming the account") {
  FakeGoogle google;
  google.add_spreadsheet("private-book", false);
  auto run = run_sync(google, notes_job("private-book", {{{"id", 1}, {"text", "x"}}}));
  CHECK(run.exit_code == 77);
  const json error = output_json(run)["error"];
  CHECK(error["message"].get<std::string>().find(google_credentials().client_email) != std::string::npos);
  CHECK(error["field"] == "/spreadsheet_id");
}

TEST_CASE("a spreadsheet that does not exist exits 65") {
  FakeGoogle google;
  auto run = run_sync(google, notes_job("no-such-book", {{{"id", 1}, {"text", "x"}}}));
  CHECK(run.exit_code == 65);
  CHECK(output_json(run)["error"]["code"] == "spreadsheet_not_found");
}

TEST_CASE("a 400 from Google exits 65 with Google's message and the range") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  // A tab one column wide: rewriting row 2 over two columns passes its grid.
  google.add_tab("book-1", "Notes", {{"id"}, {1}}, 1);
  json job = notes_job("book-1", {{{"id", 1}, {"text", "x"}}});
  job["mode"] = "upsert";
  auto run = run_sync(google, job);
  CHECK(run.exit_code == 65);
  const json error = output_json(run)["error"];
  CHECK(error["code"] == "sheets_bad_request");
  CHECK(error["field"] == "/tab");
  CHECK(error["message"].get<std::string>().find("exceeds grid limits") != std::string::npos);
  CHECK(error["message"].get<std::string>().find("Notes") != std::string::npos);
}

TEST_CASE("a key the token endpoint refuses exits 77") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  jobkit::testing::TempDir folder;
  std::ifstream server_key(google_credentials().server_key);
  std::ostringstream pem;
  pem << server_key.rdbuf();  // an RSA key, but not the service account's
  const json key = {{"type", "service_account"}, {"private_key", pem.str()}, {"private_key_id", "bad"},
                    {"client_email", google_credentials().client_email}, {"token_uri", k_token_audience}};
  std::ofstream(folder.path() / "wrong.json") << key.dump();
  auto run = run_sync(google, notes_job("book-1", {{{"id", 1}, {"text", "x"}}}),
                      {"GOOGLE_APPLICATION_CREDENTIALS=" + (folder.path() / "wrong.json").string()});
  CHECK(run.exit_code == 77);
  CHECK(output_json(run)["error"]["message"].get<std::string>().find("Invalid JWT Signature") != std::string::npos);
  CHECK(google.sheets_requests() == 0);
}

TEST_CASE("text over 50000 characters and more than 10 million cells exit 65 before any request") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  auto long_text = run_sync(google, notes_job("book-1", {{{"id", 1}, {"text", "ok"}}, {{"id", 2}, {"text", std::string(50001, 'x')}}}));
  CHECK(long_text.exit_code == 65);
  CHECK(output_json(long_text)["error"]["field"] == "/rows/1/text");

  // 10 million cells: 20,000 rows of 500 columns, and the header makes it one row too many.
  json columns = json::array();
  for (int c = 0; c < 500; ++c) columns.push_back("c" + std::to_string(c));
  json job = {{"spreadsheet_id", "book-1"}, {"tab", "Big"}, {"mode", "replace"}, {"columns", columns},
              {"rows", json(std::vector<json>(20000, json::object()))}};
  auto too_big = run_sync(google, job);
  CHECK(too_big.exit_code == 65);
  CHECK(output_json(too_big)["error"]["field"] == "/rows");
  CHECK(google.token_requests() == 0);
  CHECK(google.sheets_requests() == 0);
}

TEST_CASE("a missing or broken key file exits 78") {
  FakeGoogle google;
  auto run = run_sync(google, notes_job("book-1", {{{"id", 1}, {"text", "x"}}}), {"GOOGLE_APPLICATION_CREDENTIALS=/nonexistent/key.json"});
  CHECK(run.exit_code == 78);
  CHECK(output_json(run)["error"]["field"] == "env:GOOGLE_APPLICATION_CREDENTIALS");
}

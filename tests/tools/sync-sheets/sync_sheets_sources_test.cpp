// Rows from an NDJSON file under STORAGE_DIR and from a shipped named query against the
// test PostgreSQL (a schema of the test's own, so that concurrent tests never meet).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "jobkit/postgres_connection.hpp"
#include "jobkit/random.hpp"
#include "services.hpp"
#include "sheets_fixture.hpp"

using nlohmann::json;
using namespace sync_sheets_testing;

TEST_CASE("rows from an NDJSON file under STORAGE_DIR") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  const std::filesystem::path storage = jobkit::testing::required_service_variable("STORAGE_DIR");
  const std::string name = "sheets-" + jobkit::random_hex(8) + ".ndjson";
  std::ofstream(storage / name) << "{\"id\":1,\"text\":\"=1+1\"}\n\n{\"id\":2,\"text\":\"two\",\"extra\":true}\n";
  json job = {{"spreadsheet_id", "book-1"}, {"tab", "Notes"}, {"mode", "replace"}, {"header", false},
              {"columns", json::array({"id", "text"})}, {"file", name}};
  auto run = run_sync(google, job, {"STORAGE_DIR=" + storage.string()});
  std::filesystem::remove(storage / name);
  REQUIRE_MESSAGE(run.exit_code == 0, run.out, run.err);
  CHECK(google.cells("book-1", "Notes") == Cells{{1, "=1+1"}, {2, "two"}});

  job["file"] = "../outside.ndjson";
  auto outside = run_sync(google, job, {"STORAGE_DIR=" + storage.string()});
  CHECK(outside.exit_code == 77);
  CHECK(output_json(outside)["error"]["field"] == "/file");
}

TEST_CASE("rows from the shipped bookings query with a parameter") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  const std::string base = jobkit::testing::required_service_variable("DATABASE_URL");
  const std::string schema = "sheets_" + jobkit::random_hex(8);
  auto admin = jobkit::PostgresConnection::connect(base);
  REQUIRE(admin);
  for (const std::string& sql :
       {"CREATE SCHEMA " + schema,
        "CREATE TABLE " + schema + ".bookings (id bigint PRIMARY KEY, contractor_id bigint NOT NULL, customer_id bigint, "
                                   "status text NOT NULL, requested_at timestamptz NOT NULL, responded_at timestamptz, "
                                   "completed_at timestamptz)",
        "INSERT INTO " + schema + ".bookings VALUES (1, 10, 100, 'requested', '2026-11-01T09:00:00Z', NULL, NULL), "
                                  "(2, 11, 101, 'completed', '2026-11-20T10:30:00Z', NULL, NULL), "
                                  "(3, 12, 102, 'accepted', '2026-11-25T08:00:00Z', NULL, NULL)"}) {
    REQUIRE(admin->execute({"setup", sql}));
  }
  const std::string url = base + (base.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
  json job = {{"spreadsheet_id", "book-1"}, {"tab", "Bookings"}, {"mode", "upsert"}, {"key", "id"},
              {"columns", json::array({"id", "status", json{{"field", "requested_at"}, {"header", "Requested"}, {"type", "datetime"}}})},
              {"query", {{"name", "bookings"}, {"parameters", json::array({"2026-11-15T00:00:00Z"})}}}};
  auto run = run_sync(google, job, {"DATABASE_URL=" + url});
  CHECK(admin->execute({"teardown", "DROP SCHEMA " + schema + " CASCADE"}));
  REQUIRE_MESSAGE(run.exit_code == 0, run.out, run.err);
  // 2026-11-20 is day 46,346 of the Sheets calendar (from 1899-12-30); 10:30 is 0.4375 of a day.
  CHECK(google.cells("book-1", "Bookings") == Cells{{"id", "status", "Requested"}, {2, "completed", 46346.4375}, {3, "accepted", 46351.0 + 8.0 / 24}});
}

TEST_CASE("a query given the wrong number of parameters fails with 65 at /query/parameters - not 75") {
  // PostgreSQL answers a wrong count with a protocol violation (08P01), which was retried.
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  for (const json& parameters : {json::array(), json::array({"2026-11-01T00:00:00Z", "extra"})}) {
    CAPTURE(parameters);
    const json job = {{"spreadsheet_id", "book-1"}, {"tab", "Bookings"}, {"mode", "replace"},
                      {"columns", json::array({"id"})}, {"query", {{"name", "bookings"}, {"parameters", parameters}}}};
    auto run = run_sync(google, job, {}, {"--dry-run"});
    CHECK(run.exit_code == 65);
    CHECK(output_json(run)["error"]["field"] == "/query/parameters");
  }
}

TEST_CASE("a parameter the query cannot read as its type fails with 65 at its own index") {
  // The server names the parameter a Bind could not read; before, it was a query_mismatch
  // without a field, as if the shipped query were wrong.
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  const json job = {{"spreadsheet_id", "book-1"}, {"tab", "Bookings"}, {"mode", "replace"},
                    {"columns", json::array({"id"})},
                    {"query", {{"name", "bookings"}, {"parameters", json::array({"notadate"})}}}};
  auto run = run_sync(google, job, {}, {"--dry-run"});
  INFO(run.out, run.err);
  CHECK(run.exit_code == 65);
  CHECK(output_json(run)["error"]["field"] == "/query/parameters/0");
  CHECK(output_json(run)["error"]["message"].get<std::string>().find("\"notadate\"") != std::string::npos);
}

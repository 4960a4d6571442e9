// Each mode end to end against the fake Google, its stored cells checked cell by cell.
#include <doctest/doctest.h>

#include "sheets_fixture.hpp"

using nlohmann::json;
using namespace sync_sheets_testing;

namespace {

json bookings_job(const std::string& mode, json rows) {
  return {{"spreadsheet_id", "book-1"},
          {"tab", "New bookings"},
          {"mode", mode},
          {"key", "id"},
          {"columns", json::array({json{{"field", "id"}, {"header", "Booking"}}, "status",
                                   json{{"field", "total"}, {"header", "Total (EUR)"}}, "paid", "note"})},
          {"rows", std::move(rows)}};
}

Cells cells_of(std::initializer_list<std::vector<json>> rows) { return Cells(rows); }

}  // namespace

TEST_CASE("append creates the tab with a header and its rows and a re-run appends nothing") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  const json job = bookings_job("append", {booking(7, "requested", 120.5, false, "ring twice"),
                                           booking(8, "accepted", 80, true, "")});
  auto first = run_sync(google, job);
  REQUIRE_MESSAGE(first.exit_code == 0, first.out, first.err);
  const json result = output_json(first);
  CHECK(result["appended"] == 2);
  CHECK(result["tab_created"] == true);
  const Cells expected = cells_of({{"Booking", "status", "Total (EUR)", "paid", "note"},
                                   {7, "requested", 120.5, false, "ring twice"},
                                   {8, "accepted", 80.0, true}});
  CHECK(google.cells("book-1", "New bookings") == expected);

  auto again = run_sync(google, bookings_job("append", {booking(8, "accepted", 80, true, ""), booking(9, "requested", 15, false, "x")}));
  REQUIRE_MESSAGE(again.exit_code == 0, again.out, again.err);
  CHECK(output_json(again)["skipped"] == 1);
  Cells with_nine = expected;
  with_nine.push_back({9, "requested", 15.0, false, "x"});
  CHECK(google.cells("book-1", "New bookings") == with_nine);
}

TEST_CASE("formula-looking text lands as text because values are written RAW") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  const std::vector<std::string> notes = {"=HYPERLINK(\"http://evil.example\",\"click\")",
                                          "=IMPORTXML(\"http://evil.example\",\"//a\")", "+1+1", "-2+3", "@SUM(A1)", "00123"};
  json rows = json::array();
  for (std::size_t i = 0; i < notes.size(); ++i) rows.push_back(booking(static_cast<std::int64_t>(i + 1), "completed", 1, true, notes[i]));
  auto run = run_sync(google, bookings_job("append", rows));
  REQUIRE_MESSAGE(run.exit_code == 0, run.out, run.err);
  const auto cells = google.cells("book-1", "New bookings");
  REQUIRE(cells);
  REQUIRE(cells->size() == notes.size() + 1);
  for (std::size_t i = 0; i < notes.size(); ++i) {
    CAPTURE(notes[i]);
    CHECK((*cells)[i + 1][4] == json(notes[i]));
  }
}

TEST_CASE("upsert updates rows whose key is in the sheet in place and appends the others") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  google.add_tab("book-1", "New bookings",
                 cells_of({{"Booking", "status", "Total (EUR)", "paid", "note"},
                           {7, "requested", 120.5, false, "ring twice"},
                           {8, "accepted", 80, true, "keep me"},
                           {9, "requested", 15, false, "old"}}));
  auto run = run_sync(google, bookings_job("upsert", {booking(9, "cancelled", 0, false, "customer cancelled"),
                                                      booking(10, "requested", 99.99, false, "new"),
                                                      booking(7, "completed", 120.5, true, "done")}));
  REQUIRE_MESSAGE(run.exit_code == 0, run.out, run.err);
  const json result = output_json(run);
  CHECK(result["updated"] == 2);
  CHECK(result["appended"] == 1);
  CHECK(google.cells("book-1", "New bookings") ==
        cells_of({{"Booking", "status", "Total (EUR)", "paid", "note"},
                  {7, "completed", 120.5, true, "done"},
                  {8, "accepted", 80, true, "keep me"},
                  {9, "cancelled", 0.0, false, "customer cancelled"},
                  {10, "requested", 99.99, false, "new"}}));
}

TEST_CASE("replace swaps in the complete tab at the old tab's place and drops the old content") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  google.add_tab("book-1", "Rankings", cells_of({{"old header"}, {"stale row 1"}, {"stale row 2"}, {"stale row 3"}}));
  google.add_tab("book-1", "Notes", cells_of({{"untouched"}}));
  const json rows = wide_rows(3, 4);
  json job = {{"spreadsheet_id", "book-1"}, {"tab", "Rankings"}, {"mode", "replace"},
              {"columns", json::array({"c0", "c1", "c2", "c3"})}, {"rows", rows}};
  auto run = run_sync(google, job);
  REQUIRE_MESSAGE(run.exit_code == 0, run.out, run.err);
  CHECK(google.cells("book-1", "Rankings") == wide_cells(rows, 4));
  CHECK(google.tab_titles("book-1") == std::vector<std::string>{"Sheet1", "Rankings", "Notes"});
  CHECK(google.cells("book-1", "Notes") == cells_of({{"untouched"}}));
  // The staging tab's addSheet returned the tabs: a replace reads nothing.
  CHECK(google.sheets_requests() == google.write_requests());
}

TEST_CASE("replace removes staging tabs stopped attempts left wherever they stand and keeps the tab's place") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  // Leftovers of stopped attempts: one an operator moved in front of the tab, one with the
  // fixed title earlier versions used, at the end; and a tab whose title only looks alike.
  google.add_tab("book-1", "Rankings ~sync-sheets-0a1b2c3d", cells_of({{"half written"}}));
  google.add_tab("book-1", "Rankings", cells_of({{"old"}}));
  google.add_tab("book-1", "Notes", cells_of({{"untouched"}}));
  google.add_tab("book-1", "Rankings ~sync-sheets", cells_of({{"older leftover"}}));
  google.add_tab("book-1", "Rankings 2025", cells_of({{"last year"}}));
  const json rows = wide_rows(2, 2);
  auto run = run_sync(google, {{"spreadsheet_id", "book-1"}, {"tab", "Rankings"}, {"mode", "replace"},
                               {"columns", json::array({"c0", "c1"})}, {"rows", rows}});
  REQUIRE_MESSAGE(run.exit_code == 0, run.out, run.err);
  CHECK(google.tab_titles("book-1") == std::vector<std::string>{"Sheet1", "Rankings", "Notes", "Rankings 2025"});
  CHECK(google.cells("book-1", "Rankings") == wide_cells(rows, 2));
  CHECK(google.cells("book-1", "Rankings 2025") == cells_of({{"last year"}}));
}

TEST_CASE("replace of 2500 rows by 12 columns is written in chunks under 2 MB each") {
  FakeGoogle google;
  google.add_spreadsheet("book-1");
  const json rows = wide_rows(2500, 12, 80);
  json columns = json::array();
  for (int c = 0; c < 12; ++c) columns.push_back("c" + std::to_string(c));
  json job = {{"spreadsheet_id", "book-1"}, {"tab", "Export"}, {"mode", "replace"}, {"columns", columns}, {"rows", rows}};
  auto run = run_sync(google, job);
  REQUIRE_MESSAGE(run.exit_code == 0, run.out, run.err);
  const json result = output_json(run);
  CHECK(google.largest_body() < 2000000);
  CHECK(google.bytes_received() > 2000000);  // so more than one request was needed
  CHECK(result["write_requests"].get<int>() >= 4);  // add the tab, at least two chunks, swap
  CHECK(result["written"] == 2501);
  CHECK(google.cells("book-1", "Export") == wide_cells(rows, 12));
  CHECK(google.tab_titles("book-1") == std::vector<std::string>{"Sheet1", "Export"});
}

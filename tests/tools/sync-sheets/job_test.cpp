// read_job on good and bad jobs, each error's field checked.
#include <doctest/doctest.h>

#include "job.hpp"

using nlohmann::json;

namespace {

json good_job() {
  return {{"spreadsheet_id", "1AbC_d-9"}, {"tab", "Top Rated"}, {"mode", "upsert"}, {"key", "id"},
          {"columns", json::array({"id", json{{"field", "when"}, {"header", "When"}, {"type", "date"}}})},
          {"rows", json::array({json{{"id", 1}, {"when", "2026-11-28"}}})}};
}

std::string first_field(const json& job) {
  auto read = sync_sheets::read_job(job);
  REQUIRE_FALSE(read.ok());
  return read.error().field;
}

}  // namespace

TEST_CASE("read_job reads a good job") {
  auto read = sync_sheets::read_job(good_job());
  REQUIRE(read.ok());
  const auto& job = read.value();
  CHECK(job.mode == sync_sheets::Mode::upsert);
  CHECK(job.key_column == 0u);
  CHECK(job.columns[1].header == "When");
  CHECK(job.columns[1].type == sync_sheets::ColumnType::date);
  CHECK(job.header);
  CHECK(job.source.kind == sync_sheets::SourceKind::inline_rows);
}

TEST_CASE("read_job names the field of each mistake") {
  json job = good_job();
  job["spreadsheet_id"] = "../x";
  CHECK(first_field(job) == "/spreadsheet_id");
  job = good_job();
  job["tab"] = "a:b";
  CHECK(first_field(job) == "/tab");
  job = good_job();
  job["mode"] = "merge";
  CHECK(first_field(job) == "/mode");
  job = good_job();
  job["key"] = "missing";
  CHECK(first_field(job) == "/key");
  job = good_job();
  job.erase("key");
  CHECK(first_field(job) == "/key");
  job = good_job();
  job["columns"][1]["type"] = "money";
  CHECK(first_field(job) == "/columns/1/type");
  job = good_job();
  job["columns"].push_back("id");
  CHECK(first_field(job) == "/columns/2");
  job = good_job();
  job["file"] = "rows.ndjson";
  CHECK(first_field(job) == "/rows");
  job = good_job();
  job.erase("rows");
  job["query"] = {{"name", "../../etc/passwd"}};
  CHECK(first_field(job) == "/query/name");
  job = good_job();
  job["rows"][0] = 5;
  CHECK(first_field(job) == "/rows/0");
  job = good_job();
  job["colour"] = "red";
  CHECK(first_field(job) == "/colour");
  job = good_job();
  job["mode"] = "replace";
  CHECK(first_field(job) == "/key");
}

TEST_CASE("a query parameter holding a NUL is refused at its field - libpq would cut it short") {
  json job = good_job();
  job.erase("rows");
  job["query"] = {{"name", "bookings"}, {"parameters", json::array({std::string("2026-11-01\0' OR true", 20)})}};
  CHECK(first_field(job) == "/query/parameters/0");
}

// A1 notation, cells from records, key texts and request chunks, tested directly.
#include <doctest/doctest.h>

#include "a1_notation.hpp"
#include "cell_values.hpp"
#include "request_chunks.hpp"

using nlohmann::json;
using namespace sync_sheets;

TEST_CASE("column letters and quoted tab titles") {
  CHECK(column_letters(0) == "A");
  CHECK(column_letters(25) == "Z");
  CHECK(column_letters(26) == "AA");
  CHECK(column_letters(701) == "ZZ");
  CHECK(column_letters(702) == "AAA");
  CHECK(quoted_tab("Bookings") == "Bookings");
  CHECK(quoted_tab("Top Rated") == "'Top Rated'");
  CHECK(quoted_tab("Bob's") == "'Bob''s'");
  CHECK(quoted_tab("A1") == "'A1'");
  CHECK(row_range("Top Rated", 12, 2, 2) == "'Top Rated'!A2:L2");
  CHECK(column_range("Log", 2) == "Log!C:C");
}

TEST_CASE("row_cells keeps numbers and booleans typed and turns dates into serial numbers") {
  SheetsJob job;
  job.columns = {{"id", "id", ColumnType::automatic}, {"code", "code", ColumnType::text},
                 {"day", "day", ColumnType::date}, {"at", "at", ColumnType::datetime}, {"ok", "ok", ColumnType::automatic}};
  auto row = row_cells(job, {{"id", 7}, {"code", 123}, {"day", "1970-01-01"}, {"at", "2026-11-20T12:00:00Z"}}, "/rows/0");
  REQUIRE(row.ok());
  CHECK(row.value() == json::array({7, "123", 25569.0, 46346.5, ""}));
  auto bad_date = row_cells(job, {{"day", "28/11/2026"}}, "/rows/3");
  REQUIRE_FALSE(bad_date.ok());
  CHECK(bad_date.error().field == "/rows/3/day");
  auto nested = row_cells(job, {{"id", json::array({1})}}, "/rows/1");
  REQUIRE_FALSE(nested.ok());
  CHECK(nested.error().field == "/rows/1/id");
}

TEST_CASE("key_text matches numbers however they were read back") {
  CHECK(key_text(json(42)) == "42");
  CHECK(key_text(json(42.0)) == "42");
  CHECK(key_text(json("42")) == "42");
  CHECK(key_text(json(4.5)) == "4.5");
}

TEST_CASE("chunk_rows keeps every request under the limit and every row in order") {
  std::vector<std::string> texts;
  for (int i = 0; i < 100; ++i) texts.push_back(serialized(json::array({i, std::string(1000, 'x')})));
  std::vector<std::string_view> rows(texts.begin(), texts.end());
  auto chunks = chunk_rows(rows, 20000);
  REQUIRE(chunks.ok());
  std::size_t next = 0;
  for (const auto& [begin, end] : chunks.value()) {
    CHECK(begin == next);
    const std::string values = join_rows(rows, begin, end);
    CHECK(values.size() < 20000);
    CHECK(json::parse(values).size() == end - begin);
    next = end;
  }
  CHECK(next == rows.size());
  CHECK(chunks->size() > 5);
  const std::string huge = serialized(json::array({std::string(30000, 'y')}));
  rows.push_back(huge);
  CHECK_FALSE(chunk_rows(rows, 20000).ok());
}

TEST_CASE("a date that is not on the calendar or a date-time with trailing text is refused naming the cell") {
  SheetsJob job;
  job.columns = {{"day", "day", ColumnType::date}, {"at", "at", ColumnType::datetime}};
  for (const char* day : {"2026-02-30", "2025-02-29", "2026-04-31", "1900-02-29"}) {
    CAPTURE(day);
    auto row = row_cells(job, {{"day", day}}, "/rows/0");
    REQUIRE_FALSE(row.ok());
    CHECK(row.error().field == "/rows/0/day");
  }
  for (const char* at : {"2026-11-28T09:30:00 and then some", "2026-11-28T09:30:00Zjunk", "2026-11-28T09x30y00",
                         "2026-11-28T09:30:00+1", "2026-11-28T09:30:00.Z"}) {
    CAPTURE(at);
    auto row = row_cells(job, {{"at", at}}, "/rows/1");
    REQUIRE_FALSE(row.ok());
    CHECK(row.error().field == "/rows/1/at");
  }
  // Leap days, fractions and offsets as PostgreSQL and JavaScript write them still pass.
  auto good = row_cells(job, {{"day", "2024-02-29"}, {"at", "2000-02-29T12:00:00.123456+00:00"}}, "/rows/2");
  REQUIRE(good.ok());
  CHECK(good.value()[0] == 45351.0);
  for (const char* at : {"2026-11-20T12:00:00Z", "2026-11-20T12:00:00.5Z", "2026-11-20 12:00:00+0100", "2026-11-20T12:00:00-05",
                         "2026-11-20T12:00:00"}) {
    CAPTURE(at);
    auto row = row_cells(job, {{"at", at}}, "/rows/3");
    REQUIRE(row.ok());
    CHECK(row.value()[1] == 46346.5);
  }
}

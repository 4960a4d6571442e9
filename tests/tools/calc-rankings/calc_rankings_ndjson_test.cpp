// calc-rankings with its reviews from an NDJSON file under STORAGE_DIR (contractors and
// bookings still from PostgreSQL): the hand-checked reviews exported to a file rank exactly
// as the reviews table does, and a bad file fails naming its line.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "hand_checked_data.hpp"
#include "rankings_database.hpp"

using calc_rankings_testing::RankingsDatabase;
using calc_rankings_testing::query_lines;
using calc_rankings_testing::run_calc_rankings;

namespace {

std::filesystem::path storage_dir() {
  const char* root = std::getenv("STORAGE_DIR");
  REQUIRE_MESSAGE(root != nullptr, "STORAGE_DIR is set by scripts/lib/services.sh");
  return root;
}

std::string file_job(const RankingsDatabase& database, const std::string& file, const std::string& extra = "") {
  return R"({"as_of": "2026-11-28T00:00:00Z", "parameters": {"min_reviews": 1}, "reviews_file": ")" + file + "\"" +
         extra + R"(, "publish": {"key_prefix": ")" + database.key_prefix() + "\"}}";
}

const std::string k_file_ranks = "SELECT contractor_id, rank, rank_in_region, review_count, score FROM contractor_rankings "
                            "ORDER BY contractor_id";

// The reviews table as NDJSON rows, one per line.
std::string reviews_as_ndjson(jobkit::PostgresConnection& connection) {
  std::string text;
  for (const auto& line : query_lines(connection, R"(
SELECT json_build_object('contractor_id', contractor_id, 'rating', rating, 'verified', verified,
  'created_at', to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
  'deleted_at', to_char(deleted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))::text
FROM reviews ORDER BY id)")) {
    text += line + "\n";
  }
  return text;
}

}  // namespace

TEST_CASE("calc-rankings: reviews from an NDJSON file rank exactly as the reviews table") {
  RankingsDatabase database;
  database.run_sql(calc_rankings_testing::hand_checked_rows());
  auto connection = database.connect();
  const auto from_table = run_calc_rankings(database, R"({"as_of": "2026-11-28T00:00:00Z", "parameters": {"min_reviews": 1},
                                                          "publish": {"key_prefix": ")" + database.key_prefix() + "\"}}");
  REQUIRE_MESSAGE(from_table.exit_code == 0, from_table.err);
  const auto ranks_from_table = query_lines(connection, k_file_ranks);
  // The hand numbers: 102, 103, 104, 105, 101, 107 in roofing; 106 unranked.
  REQUIRE(ranks_from_table.size() == 9);

  const std::string file = database.schema() + "-reviews.ndjson";
  std::ofstream(storage_dir() / file) << reviews_as_ndjson(connection) << "\n";  // a blank last line is allowed
  database.run_sql("DELETE FROM reviews; TRUNCATE contractor_rankings;");
  const auto from_file = run_calc_rankings(database, file_job(database, file));
  REQUIRE_MESSAGE(from_file.exit_code == 0, from_file.err);
  CHECK(query_lines(connection, k_file_ranks) == ranks_from_table);
  std::filesystem::remove(storage_dir() / file);
}

TEST_CASE("calc-rankings: a bad NDJSON review file fails naming the line and a missing one is 66") {
  RankingsDatabase database;
  database.run_sql(calc_rankings_testing::hand_checked_rows());
  const std::string file = database.schema() + "-bad.ndjson";
  std::ofstream(storage_dir() / file)
      << R"({"contractor_id": 101, "rating": 5, "verified": true, "created_at": "2026-11-01T00:00:00Z"})" "\n"
      << R"({"contractor_id": 102, "rating": 6, "verified": true, "created_at": "2026-11-01T00:00:00Z"})" "\n";
  const auto bad = run_calc_rankings(database, file_job(database, file));
  CHECK(bad.exit_code == 65);
  const auto error = nlohmann::json::parse(bad.out)["error"];
  CHECK(error["field"] == "/reviews_file");
  CHECK(error["message"] == "reviews_file line 2: /rating must be an integer from 1 to 5");
  auto connection = database.connect();
  CHECK(query_lines(connection, "SELECT count(*) FROM contractor_rankings")[0] == "0");  // nothing published

  std::ofstream(storage_dir() / file) << R"({"contractor_id": 101, "rating": 5, "verified": true, "created_at": "yesterday"})";
  const auto bad_date = run_calc_rankings(database, file_job(database, file));
  CHECK(bad_date.exit_code == 65);
  CHECK(nlohmann::json::parse(bad_date.out)["error"]["message"] ==
        "reviews_file line 1: /created_at must be an RFC 3339 date-time");
  std::filesystem::remove(storage_dir() / file);

  CHECK(run_calc_rankings(database, file_job(database, "no-such-file.ndjson")).exit_code == 66);
  CHECK(run_calc_rankings(database, file_job(database, "../outside.ndjson")).exit_code == 77);
  const auto changed = run_calc_rankings(database, file_job(database, file, R"(, "scope": "changed")"));
  CHECK(changed.exit_code == 65);
  CHECK(nlohmann::json::parse(changed.out)["error"]["field"] == "/reviews_file");
}

// calc-badges' named path (a job naming contractors, the fast path after a review), which
// reads and writes each batch in pipelined round trips: it must decide exactly as a sweep does,
// also from an operator's query folder that predates contractor_category_sizes.sql, and a
// failing write must leave the batch's other writes undone.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "badges_database.hpp"
#include "temp_dir.hpp"
#include "threshold_data.hpp"

using calc_badges_testing::BadgesDatabase;
using calc_badges_testing::succeeded;

namespace {

const char* const named_open_rows_query =
    "SELECT contractor_id, badge_slug, source FROM contractor_badges WHERE revoked_at IS NULL "
    "ORDER BY contractor_id, badge_slug";

// Every contractor of the threshold data, named in one job, `batch` at a time.
std::string naming_everyone(BadgesDatabase& database, int batch) {
  nlohmann::json ids = nlohmann::json::array();
  for (const std::string& id : database.rows("SELECT id FROM contractors ORDER BY id")) ids.push_back(std::stoll(id));
  return nlohmann::json({{"contractor_ids", ids}, {"batch_size", batch}}).dump();
}

// The shipped query files in a folder of the test's own, for an operator's variant.
void copy_shipped_queries(const std::filesystem::path& folder) {
  std::filesystem::copy(JOBKIT_CALC_BADGES_QUERIES, folder, std::filesystem::copy_options::recursive);
}

// Runs every contractor in one batch with award.sql replaced by `award_sql`: the job fails with
// 65 naming award.sql, and contractor_badges is as it was (the batch's revocations undone too).
void check_award_sql_rolls_back(const std::string& award_sql) {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  jobkit::testing::TempDir folder;
  copy_shipped_queries(folder.path());
  std::ofstream(folder.path() / "award.sql") << award_sql;
  const auto before = database.rows("SELECT * FROM contractor_badges ORDER BY 1, 2, 3");
  const auto run = database.run(naming_everyone(database, 100), {"--queries", folder.path().string()});
  INFO(run.out, run.err);
  CHECK(run.exit_code == 65);
  CHECK(nlohmann::json::parse(run.out)["error"]["message"].get<std::string>().find("award.sql") != std::string::npos);
  CHECK(database.rows("SELECT * FROM contractor_badges ORDER BY 1, 2, 3") == before);
}

}  // namespace

TEST_CASE("calc-badges: named contractors get exactly the badges a sweep gives them") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  const auto result = succeeded(database.run(naming_everyone(database, 5)));
  CHECK(result["counts"] == nlohmann::json({{"awarded", 5}, {"revoked", 5}}));
  CHECK(database.rows(named_open_rows_query) == calc_badges_testing::expected_open_rows());
}

TEST_CASE("calc-badges: a query folder without contractor_category_sizes.sql still ranks by percentile") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  jobkit::testing::TempDir folder;
  copy_shipped_queries(folder.path());
  REQUIRE(std::filesystem::remove(folder.path() / "contractor_category_sizes.sql"));
  const auto result = succeeded(database.run(naming_everyone(database, 5), {"--queries", folder.path().string()}));
  CHECK(result["awarded"]["top-10-percent"] == 1);
  CHECK(result["revoked"]["top-10-percent"] == 1);
  CHECK(database.rows(named_open_rows_query) == calc_badges_testing::expected_open_rows());
}

TEST_CASE("calc-badges: a failing award.sql leaves the revocations of its batch undone") {
  // award.sql fails in the server, after revoke.sql has run in the same transaction.
  check_award_sql_rolls_back("INSERT INTO contractor_badges (no_such_column) VALUES (1)\n");
}

TEST_CASE("calc-badges: an award.sql that returns the wrong columns rolls its batch back") {
  // Runs in the server, then returns two columns instead of three.
  check_award_sql_rolls_back(
      "INSERT INTO contractor_badges (contractor_id, badge_slug, awarded_at, source)\n"
      "SELECT c, s, now(), 'rule' FROM unnest($1::bigint[], $2::text[]) AS t(c, s)\n"
      "RETURNING contractor_id, badge_slug\n");
}

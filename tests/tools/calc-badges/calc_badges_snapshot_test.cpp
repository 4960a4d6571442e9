// A sweep reads its facts from one snapshot taken at its start, each table in contractor order:
// a badge that a job awarded on newer facts while the sweep read is not revoked on the older
// ones, and an operator's sweep query that is not in contractor order fails the job instead of
// losing rows in the merge.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "badge_catalog.hpp"
#include "badge_queries.hpp"
#include "badge_run.hpp"
#include "badges_database.hpp"
#include "temp_dir.hpp"
#include "threshold_data.hpp"

using calc_badges_testing::BadgesDatabase;

namespace {

const char* const open_top_rated_query =
    "SELECT contractor_id FROM contractor_badges WHERE badge_slug = 'top-rated' AND revoked_at IS NULL "
    "AND source = 'rule' ORDER BY 1";

std::int64_t now_us() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

calc_badges::BadgeCatalog shipped_catalog(jobkit::PostgresConnection& connection,
                                          const calc_badges::BadgeQueries& queries) {
  std::ifstream file(JOBKIT_CALC_BADGES_RULES);
  auto rules = calc_badges::read_rules_file(nlohmann::json::parse(file));
  REQUIRE(rules);
  auto catalog = calc_badges::read_badge_catalog(connection, queries, rules.value());
  REQUIRE(catalog);
  return std::move(catalog).value();
}

}  // namespace

TEST_CASE("calc-badges: a sweep batch does not revoke a badge awarded after its facts were read") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  auto connection = jobkit::PostgresConnection::connect(database.url());
  REQUIRE(connection);
  auto queries = calc_badges::load_badge_queries(JOBKIT_CALC_BADGES_QUERIES);
  REQUIRE(queries);
  const calc_badges::BadgeCatalog catalog = shipped_catalog(connection.value(), queries.value());
  // 104 holds top-rated since 30 days ago; facts without a review fall below its keep line.
  const std::vector<calc_badges::ContractorFacts> stale = {{.id = 104}};
  const std::int64_t day_us = 86400LL * 1000000;

  calc_badges::BadgeRun older(connection.value(), queries.value(), catalog, {});
  REQUIRE(older.run_read_batch(stale, now_us() - 60 * day_us));
  CHECK(older.totals().revoked.empty());
  CHECK(database.rows(open_top_rated_query) == std::vector<std::string>{"103", "104"});

  calc_badges::BadgeRun newer(connection.value(), queries.value(), catalog, {});
  REQUIRE(newer.run_read_batch(stale, now_us()));
  CHECK(newer.totals().revoked == std::map<std::string, std::int64_t>{{"top-rated", 1}});
  CHECK(database.rows(open_top_rated_query) == std::vector<std::string>{"103"});
}

TEST_CASE("calc-badges: a sweep query not in contractor order fails the job and writes nothing") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  jobkit::testing::TempDir folder;
  std::filesystem::copy(JOBKIT_CALC_BADGES_QUERIES, folder.path(), std::filesystem::copy_options::recursive);
  const auto reviews = folder.path() / "sweep_reviews.sql";
  std::ifstream shipped(reviews);
  std::string text((std::istreambuf_iterator<char>(shipped)), std::istreambuf_iterator<char>());
  REQUIRE(text.ends_with("ORDER BY contractor_id\n"));
  std::ofstream(reviews) << text.substr(0, text.size() - 1) << " DESC\n";
  const auto before = database.rows("SELECT * FROM contractor_badges ORDER BY 1, 2, 3");
  const auto run = database.run(R"({"scope": "all"})", {"--queries", folder.path().string()});
  INFO(run.out, run.err);
  CHECK(run.exit_code == 65);
  const auto error = nlohmann::json::parse(run.out)["error"];
  CHECK(error["code"] == "query_mismatch");
  CHECK(error["message"].get<std::string>().find("sweep_reviews.sql") != std::string::npos);
  CHECK(database.rows("SELECT * FROM contractor_badges ORDER BY 1, 2, 3") == before);
}

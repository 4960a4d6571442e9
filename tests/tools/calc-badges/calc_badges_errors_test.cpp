// Broken rules refused with 65 and the JSON Pointer of the bad part, before anything is
// written; badges the database does not know; broken rules in badges.rule.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "badges_database.hpp"
#include "temp_dir.hpp"
#include "threshold_data.hpp"

using calc_badges_testing::BadgesDatabase;

namespace {

const char* const badges_rows_query =
    "SELECT contractor_id, badge_slug, awarded_at, revoked_at, source FROM contractor_badges ORDER BY 1, 2, 3";

// Runs a sweep with `rules` as the rules file; the database must be left as it was.
nlohmann::json refused_sweep(BadgesDatabase& database, const std::string& rules) {
  jobkit::testing::TempDir folder;
  const auto path = folder.path() / "rules.json";
  std::ofstream(path) << rules;
  const auto before = database.rows(badges_rows_query);
  const auto run = database.run(R"({"scope": "all"})", {"--rules", path.string()});
  INFO(run.out, run.err);
  CHECK(run.exit_code == 65);
  CHECK(database.rows(badges_rows_query) == before);
  return nlohmann::json::parse(run.out)["error"];
}

}  // namespace

TEST_CASE("calc-badges: a rules file with an unknown metric is refused with its pointer") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  const auto error = refused_sweep(database, R"({"badges": {"top-rated": {"all": [
      {"metric": "average_rating", "op": ">=", "value": 4.7},
      {"metric": "avg_rating", "op": ">=", "value": 4.7}]}}})");
  CHECK(error["code"] == "invalid_rules");
  CHECK(error["field"] == "/badges/top-rated/all/1/metric");
}

TEST_CASE("calc-badges: a rules file with an unknown operator is refused with its pointer") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  const auto error = refused_sweep(database, R"({"badges": {"veteran": {"any": [
      {"all": [{"metric": "years_active", "op": "=>", "value": 5}]}]}}})");
  CHECK(error["field"] == "/badges/veteran/any/0/all/0/op");
}

TEST_CASE("calc-badges: a rules file naming an unknown badge is refused with its pointer") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  const auto error = refused_sweep(database, R"({"badges": {
      "veteran": {"all": [{"metric": "years_active", "op": ">=", "value": 5}]},
      "super-pro": {"all": [{"metric": "review_count", "op": ">=", "value": 500}]}}})");
  CHECK(error["field"] == "/badges/super-pro");
  CHECK(error["message"].get<std::string>().find("unknown badge") != std::string::npos);
}

TEST_CASE("calc-badges: a keep threshold above the award value is refused") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  const auto error = refused_sweep(database, R"({"badges": {"top-rated": {"all": [
      {"metric": "average_rating", "min_count": 20, "op": ">=", "value": 4.6, "keep": 4.7}]}}})");
  CHECK(error["field"] == "/badges/top-rated/all/0/keep");
}

TEST_CASE("calc-badges: a rules file that is not JSON is refused") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  const auto error = refused_sweep(database, R"({"badges": {)");
  CHECK(error["code"] == "invalid_rules");
}

TEST_CASE("calc-badges: a broken badges.rule in the database is refused naming the badge") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  database.run_sql(R"(UPDATE badges SET rule = '{"all": [{"metric": "stars", "op": ">=", "value": 1}]}' WHERE slug = 'reliable')");
  const auto run = database.run(R"({"scope": "all"})");
  CHECK(run.exit_code == 65);
  const auto error = nlohmann::json::parse(run.out)["error"];
  CHECK(error["field"] == "/all/0/metric");
  CHECK(error["message"].get<std::string>().find("\"reliable\"") != std::string::npos);
  CHECK(database.rows("SELECT count(*) FROM contractor_badges WHERE revoked_at IS NOT NULL") ==
        std::vector<std::string>{"0"});
}

TEST_CASE("calc-badges: a badges.rule in the database replaces the file's rule of that badge") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  // Veteran after 4.9 years instead of 5: 402 (4.9999 years) now qualifies, 404 keeps it.
  database.run_sql(R"(UPDATE badges SET rule = '{"all": [{"metric": "years_active", "op": ">=", "value": 4.9}]}' WHERE slug = 'veteran')");
  const auto run = database.run(R"({"contractor_ids": [402, 404]})");
  REQUIRE(run.exit_code == 0);
  CHECK(nlohmann::json::parse(run.out)["awarded"] == nlohmann::json({{"veteran", 1}}));
  CHECK(database.rows("SELECT contractor_id FROM contractor_badges WHERE badge_slug = 'veteran' AND revoked_at IS NULL "
                      "ORDER BY 1") == std::vector<std::string>{"402", "403", "404"});
}

TEST_CASE("calc-badges: PostgreSQL out of reach is a temporary failure") {
  const auto run = jobkit::testing::run_process(
      {.argv = {jobkit::testing::built_program("calc-badges").string()},
       .input = R"({"contractor_id": 1})",
       .environment = {"DATABASE_URL=postgresql://nobody@127.0.0.1:1/none?connect_timeout=2"}});
  CHECK(run.exit_code == 75);
}

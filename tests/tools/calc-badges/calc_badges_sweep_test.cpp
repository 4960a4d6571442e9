// calc-badges run as a process against the private PostgreSQL: every shipped rule at its exact
// award and keep lines, staff badges untouched, and a second sweep that changes nothing.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "badges_database.hpp"
#include "threshold_data.hpp"

using calc_badges_testing::BadgesDatabase;
using calc_badges_testing::succeeded;

namespace {

const char* const open_rows_query =
    "SELECT contractor_id, badge_slug, source FROM contractor_badges WHERE revoked_at IS NULL "
    "ORDER BY contractor_id, badge_slug";
const char* const revoked_rows_query =
    "SELECT contractor_id, badge_slug FROM contractor_badges WHERE revoked_at IS NOT NULL "
    "ORDER BY contractor_id, badge_slug";
const char* const all_rows_query =
    "SELECT contractor_id, badge_slug, awarded_at, revoked_at, source FROM contractor_badges "
    "ORDER BY contractor_id, badge_slug, awarded_at";
const char* const notifying_sweep =
    R"({"scope": "all", "batch_size": 7, "notify": {"from": "badges@example.com",
        "profile_url": "https://example.com/pros/{contractor_id}"}})";

}  // namespace

TEST_CASE("calc-badges: a sweep awards and revokes each shipped rule exactly at its lines") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  const auto result = succeeded(database.run(notifying_sweep));
  CHECK(database.rows(open_rows_query) == calc_badges_testing::expected_open_rows());
  CHECK(database.rows(revoked_rows_query) == calc_badges_testing::expected_revoked_rows());
  const nlohmann::json one_each = {{"fast-responder", 1}, {"reliable", 1}, {"top-10-percent", 1}, {"top-rated", 1},
                                   {"veteran", 1}};
  CHECK(result["awarded"] == one_each);
  CHECK(result["revoked"] == one_each);
  CHECK(result["counts"] == nlohmann::json({{"awarded", 5}, {"revoked", 5}}));
  CHECK(result["contractors"] == 23);
  REQUIRE(result["enqueue"].size() == 5);
  const auto& first = result["enqueue"][0];
  CHECK(first["queue"] == "notifications");
  CHECK(first["name"] == "badge-awarded");
  CHECK(first["data"]["template"] == "badge-awarded");
  CHECK(first["data"]["from"] == nlohmann::json::parse(R"({"email": "badges@example.com"})"));
  CHECK(first["data"]["recipients"][0]["email"] == "user101@example.com");
  CHECK(first["data"]["recipients"][0]["data"]["badge_name"] == "Top rated");
  CHECK(first["data"]["recipients"][0]["data"]["profile_url"] == "https://example.com/pros/101");
  CHECK(first["opts"]["jobId"].get<std::string>().starts_with("badge-awarded-101-top-rated-"));
}

TEST_CASE("calc-badges: a second sweep changes no row and enqueues nothing") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  succeeded(database.run(notifying_sweep));
  const auto before = database.rows(all_rows_query);
  const auto again = succeeded(database.run(notifying_sweep));
  CHECK(database.rows(all_rows_query) == before);
  CHECK(again["awarded"] == nlohmann::json::object());
  CHECK(again["revoked"] == nlohmann::json::object());
  CHECK(again["changes"] == nlohmann::json::array());
  CHECK_FALSE(again.contains("enqueue"));
}

TEST_CASE("calc-badges: a single-contractor job reads and changes only that contractor") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  const auto unchanged = succeeded(database.run(R"({"contractor_id": 102})"));
  CHECK(unchanged["mode"] == "contractor");
  CHECK(unchanged["contractors"] == 1);
  CHECK(unchanged["counts"] == nlohmann::json({{"awarded", 0}, {"revoked", 0}}));
  // One more star on one review: 470 / 100 = 4.70.
  database.run_sql("UPDATE reviews SET rating = 5, updated_at = now() WHERE id = 11070");
  const auto awarded = succeeded(database.run(R"({"contractor_id": 102})"));
  CHECK(awarded["changes"] == nlohmann::json::parse(R"([{"contractor_id": 102, "badge": "top-rated", "change": "awarded"}])"));
  // Nobody else was looked at: 101 and 104 still wait for a sweep.
  CHECK(database.rows("SELECT contractor_id FROM contractor_badges WHERE badge_slug = 'top-rated' AND revoked_at IS NULL "
                      "AND source = 'rule' ORDER BY 1") == std::vector<std::string>{"102", "103", "104"});
}

TEST_CASE("calc-badges: a dry run reports the changes and writes nothing") {
  BadgesDatabase database;
  database.run_sql(calc_badges_testing::threshold_rows());
  const auto before = database.rows(all_rows_query);
  const auto result = succeeded(database.run(R"({"contractor_ids": [101, 104, 999]})", {"--dry-run"}));
  CHECK(result["dry_run"] == true);
  CHECK(result["not_found"] == nlohmann::json::array({999}));
  CHECK(result["counts"] == nlohmann::json({{"awarded", 1}, {"revoked", 1}}));
  CHECK(database.rows(all_rows_query) == before);
}

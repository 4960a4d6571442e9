// Incremental runs that keep a category's published prior: only the changed contractors are
// scored again and re-placed among the others. When the prior did not move (a booking change)
// the result is the full recompute's, byte for byte; when reviews moved it within the
// tolerance, the ranking stays whole and consistent between PostgreSQL and Redis.
#include <doctest/doctest.h>

#include <map>

#include <nlohmann/json.hpp>

#include "rankings_database.hpp"
#include "redis_reader.hpp"

using calc_rankings_testing::RankingsDatabase;
using calc_rankings_testing::query_lines;
using calc_rankings_testing::run_calc_rankings;

namespace {

void generate_small(const RankingsDatabase& database) {
  database.run_sql_file(std::string(JOBKIT_RANKINGS_BENCH_DIR) + "/generate.sql",
                        {"contractors=600", "reviews=2400", "bookings=6000", "categories=4", "regions=3"});
}

std::string kept_prior_job(const RankingsDatabase& database, const std::string& scope, const std::string& tolerance) {
  return R"({"as_of": "2026-11-28T00:00:00Z", "overlap_seconds": 0, "prior_tolerance": )" + tolerance +
         R"(, "scope": ")" + scope + R"(", "publish": {"key_prefix": ")" + database.key_prefix() + "\"}}";
}

const std::string k_rows = "SELECT contractor_id, category_id, region_id, score, rank, rank_in_region, review_count, "
                           "computed_at, parameters FROM contractor_rankings ORDER BY contractor_id";

// Every published sorted set of the test with its members and scores.
std::map<std::string, std::vector<std::string>> redis_sets(const RankingsDatabase& database) {
  auto redis = calc_rankings_testing::connect_test_redis();
  std::map<std::string, std::vector<std::string>> sets;
  for (const auto& key : calc_rankings_testing::keys_with_prefix(redis, database.key_prefix())) {
    sets[key] = calc_rankings_testing::sorted_set_with_scores(redis, key);
  }
  return sets;
}

// Bookings that change completion and response rates only: the category priors stay. Each
// carries a timestamp after the watermark (bookings have no updated_at): the cancelled ones
// were answered after as_of, so they count as requests not answered in time.
const std::string k_new_bookings = R"(
INSERT INTO bookings (id, contractor_id, customer_id, status, requested_at, responded_at, completed_at)
  SELECT 900000 + row_number() OVER (), c.id, 1, 'completed', '2026-11-20T00:00:00Z', '2026-11-20T00:10:00Z', now()
  FROM (SELECT id FROM contractors WHERE category_id = 2 AND active ORDER BY id LIMIT 4) c, generate_series(1, 30) g;
INSERT INTO bookings (id, contractor_id, customer_id, status, requested_at, responded_at, completed_at)
  SELECT 950000 + row_number() OVER (), c.id, 1, 'cancelled', '2026-11-20T00:00:00Z', now(), NULL
  FROM (SELECT id FROM contractors WHERE category_id = 2 AND active ORDER BY id DESC LIMIT 3) c, generate_series(1, 30) g;
)";

}  // namespace

TEST_CASE("calc-rankings: an incremental run after booking changes publishes the bytes of a full recompute") {
  RankingsDatabase database;
  generate_small(database);
  const auto full = run_calc_rankings(database, kept_prior_job(database, "all", "0"));
  REQUIRE_MESSAGE(full.exit_code == 0, full.err);
  database.run_sql(k_new_bookings);

  const auto incremental = run_calc_rankings(database, kept_prior_job(database, "changed", "0"));
  REQUIRE_MESSAGE(incremental.exit_code == 0, incremental.err);
  const auto result = nlohmann::json::parse(incremental.out);
  CHECK(result["incremental"]["changed_contractors"] == 7);
  CHECK(result["incremental"]["kept_prior"] == nlohmann::json::array({"category-2"}));
  CHECK(result["incremental"]["ranked_whole"].empty());
  CHECK(result["incremental"]["shifted"].get<int>() > 0);  // the seven moved past others
  CHECK(result["published"]["postgres_rows"] == 7);         // only the changed contractors are written whole
  CHECK_FALSE(result["moved"].empty());
  auto connection = database.connect();
  const auto rows_after_incremental = query_lines(connection, k_rows);
  const auto sets_after_incremental = redis_sets(database);

  const auto recompute = run_calc_rankings(database, kept_prior_job(database, "all", "0"));
  REQUIRE_MESSAGE(recompute.exit_code == 0, recompute.err);
  CHECK(nlohmann::json::parse(recompute.out)["published"]["postgres_changed"] == 0);
  CHECK(query_lines(connection, k_rows) == rows_after_incremental);
  CHECK(redis_sets(database) == sets_after_incremental);
}

TEST_CASE("calc-rankings: an incremental run within the prior tolerance keeps every rank whole and both sinks equal") {
  RankingsDatabase database;
  generate_small(database);
  const auto full = run_calc_rankings(database, kept_prior_job(database, "all", "4"));
  REQUIRE_MESSAGE(full.exit_code == 0, full.err);
  auto connection = database.connect();
  const auto prior_before = query_lines(connection, "SELECT prior_mean FROM calc_rankings_priors WHERE category_id = 3");
  // Five-star reviews for the last contractors of category 3, and one review deleted.
  database.run_sql(R"(
INSERT INTO reviews (id, contractor_id, author_id, rating, verified, created_at, updated_at)
  SELECT 800000 + row_number() OVER (), c.id, 1, 5, true, '2026-11-27T00:00:00Z', now()
  FROM (SELECT id FROM contractors WHERE category_id = 3 AND active ORDER BY id DESC LIMIT 5) c, generate_series(1, 8) g;
UPDATE reviews SET deleted_at = now(), updated_at = now()
  WHERE id = (SELECT min(r.id) FROM reviews r JOIN contractors c ON c.id = r.contractor_id WHERE c.category_id = 3);
)");
  const auto incremental = run_calc_rankings(database, kept_prior_job(database, "changed", "4"));
  REQUIRE_MESSAGE(incremental.exit_code == 0, incremental.err);
  const auto result = nlohmann::json::parse(incremental.out);
  CHECK(result["incremental"]["kept_prior"] == nlohmann::json::array({"category-3"}));
  // The published prior stays; its sums follow the changes.
  CHECK(query_lines(connection, "SELECT prior_mean FROM calc_rankings_priors WHERE category_id = 3") == prior_before);
  CHECK(query_lines(connection, "SELECT count(*) FROM calc_rankings_totals t JOIN contractor_rankings r USING "
                                "(contractor_id)")[0] == query_lines(connection, "SELECT count(*) FROM contractor_rankings")[0]);
  // Ranks 1..n without gaps or doubles, in score order, per category and per region.
  CHECK(query_lines(connection, R"(
SELECT count(*) FROM (
  SELECT rank, row_number() OVER (PARTITION BY category_id ORDER BY rank) AS expected,
         rank_in_region, row_number() OVER (PARTITION BY category_id, region_id ORDER BY rank) AS expected_in_region,
         score, lag(score) OVER (PARTITION BY category_id ORDER BY rank) AS better
  FROM contractor_rankings WHERE rank IS NOT NULL) r
WHERE rank <> expected OR rank_in_region <> expected_in_region OR score > better)")[0] == "0");
  // Redis holds exactly the PostgreSQL ranking of category 3.
  auto redis = calc_rankings_testing::connect_test_redis();
  const auto in_redis = calc_rankings_testing::sorted_set_with_scores(redis, database.key_prefix() + ":category-3");
  std::vector<std::string> in_postgres;
  for (const auto& line : query_lines(connection, "SELECT contractor_id || ':' || rank FROM contractor_rankings "
                                                  "WHERE category_id = 3 AND rank IS NOT NULL ORDER BY rank")) {
    in_postgres.push_back(line);
  }
  CHECK(in_redis == in_postgres);
  // A tolerance of 0 ranks the category whole again, as a full run would.
  database.run_sql("UPDATE reviews SET rating = 1, updated_at = now() WHERE id = (SELECT max(id) FROM reviews);");
  const auto strict = run_calc_rankings(database, kept_prior_job(database, "changed", "0"));
  REQUIRE_MESSAGE(strict.exit_code == 0, strict.err);
  CHECK(nlohmann::json::parse(strict.out)["incremental"]["ranked_whole"] == nlohmann::json::array({"category-3"}));
  const auto rows_after_strict = query_lines(connection, k_rows);
  const auto recompute = run_calc_rankings(database, kept_prior_job(database, "all", "0"));
  REQUIRE_MESSAGE(recompute.exit_code == 0, recompute.err);
  CHECK(query_lines(connection, k_rows) == rows_after_strict);
}

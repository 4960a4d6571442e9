// calc-rankings on a generated data set (tests/bench/rankings.d/generate.sql at a small
// scale): its ranks against PostgreSQL computing them alone (sql_rankings.sql, a second
// method), and an incremental run against a full recompute.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "rankings_database.hpp"

using calc_rankings_testing::RankingsDatabase;
using calc_rankings_testing::query_lines;
using calc_rankings_testing::run_calc_rankings;

namespace {

const std::string k_bench_dir = JOBKIT_RANKINGS_BENCH_DIR;

void generate(const RankingsDatabase& database) {
  database.run_sql_file(k_bench_dir + "/generate.sql", {"contractors=600", "reviews=2400", "bookings=6000",
                                                        "categories=4", "regions=3"});
}

std::string job(const RankingsDatabase& database, const std::string& scope) {
  // A prior tolerance of 0: every category whose prior moved is ranked whole, as a full run would.
  return R"({"as_of": "2026-11-28T00:00:00Z", "overlap_seconds": 0, "prior_tolerance": 0, "scope": ")" + scope +
         R"(", "publish": {"key_prefix": ")" + database.key_prefix() + "\"}}";
}

const std::string k_ranks = "SELECT contractor_id, category_id, region_id, rank, rank_in_region, review_count, "
                            "round(score::numeric, 8) FROM contractor_rankings ORDER BY contractor_id";

}  // namespace

TEST_CASE("calc-rankings: the same ranks as PostgreSQL computing them alone") {
  RankingsDatabase database;
  generate(database);
  const auto run = run_calc_rankings(database, job(database, "all"));
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  auto connection = database.connect();
  const auto by_tool = query_lines(connection, k_ranks);
  REQUIRE(by_tool.size() > 500);
  CHECK(query_lines(connection, "SELECT count(*) FROM contractor_rankings WHERE rank IS NULL")[0] != "0");
  database.run_sql_file(k_bench_dir + "/sql_rankings.sql", {"as_of='2026-11-28T00:00:00Z'", "min_reviews=3"});
  CHECK(query_lines(connection, "SELECT DISTINCT parameters->>'computed_by' FROM contractor_rankings") ==
        std::vector<std::string>{"sql"});
  const auto by_sql = query_lines(connection, k_ranks);
  REQUIRE(by_sql.size() == by_tool.size());
  for (std::size_t i = 0; i < by_sql.size(); ++i) CHECK(by_tool[i] == by_sql[i]);
}

TEST_CASE("calc-rankings: an incremental run after new reviews ranks like a full recompute") {
  RankingsDatabase database;
  generate(database);
  const auto full = run_calc_rankings(database, job(database, "all"));
  REQUIRE_MESSAGE(full.exit_code == 0, full.err);
  CHECK_FALSE(nlohmann::json::parse(full.out)["watermark"].is_null());

  // New five-star reviews for a few contractors of category 1, written after the watermark;
  // enough to move them and, through the category mean, everyone else in category 1.
  database.run_sql(R"(
INSERT INTO reviews (id, contractor_id, author_id, rating, verified, created_at, updated_at)
  SELECT 100000 + row_number() OVER (), c.id, 1, 5, true, '2026-11-27T00:00:00Z', now()
  FROM contractors c, generate_series(1, 12) g
  WHERE c.category_id = 1 AND c.active AND c.id IN (SELECT id FROM contractors WHERE category_id = 1 ORDER BY id DESC LIMIT 3);
UPDATE reviews SET rating = 1, updated_at = now()
  WHERE id = (SELECT min(r.id) FROM reviews r JOIN contractors c ON c.id = r.contractor_id WHERE c.category_id = 1);
)");
  const auto incremental = run_calc_rankings(database, job(database, "changed"));
  REQUIRE_MESSAGE(incremental.exit_code == 0, incremental.err);
  const auto result = nlohmann::json::parse(incremental.out);
  CHECK(result["categories"] == 1);  // only category 1 changed
  CHECK(result["incremental"]["ranked_whole"] == nlohmann::json::array({"category-1"}));
  CHECK(result["since"] == nlohmann::json::parse(full.out)["watermark"]);
  auto connection = database.connect();
  const auto after_incremental = query_lines(connection, k_ranks);

  const auto recompute = run_calc_rankings(database, job(database, "all"));
  REQUIRE_MESSAGE(recompute.exit_code == 0, recompute.err);
  const auto after_full = query_lines(connection, k_ranks);
  REQUIRE(after_full.size() == after_incremental.size());
  for (std::size_t i = 0; i < after_full.size(); ++i) CHECK(after_incremental[i] == after_full[i]);
  CHECK(nlohmann::json::parse(recompute.out)["published"]["postgres_changed"] == 0);

  // With nothing changed since, the next incremental run changes nothing (it may recompute
  // category 1 again: the watermark lags by whole seconds, and re-ranking is harmless).
  const auto idle = run_calc_rankings(database, job(database, "changed"));
  REQUIRE_MESSAGE(idle.exit_code == 0, idle.err);
  CHECK(nlohmann::json::parse(idle.out)["categories"].get<int>() <= 1);
  CHECK(nlohmann::json::parse(idle.out)["published"]["postgres_changed"] == 0);
  CHECK(query_lines(connection, k_ranks) == after_full);
}

TEST_CASE("calc-rankings: an incremental run finds contractors through booking times and soft deletes") {
  RankingsDatabase database;
  generate(database);
  const auto full = run_calc_rankings(database, job(database, "all"));
  REQUIRE_MESSAGE(full.exit_code == 0, full.err);

  // Three contractors, each changed through one column the change query must see: a booking
  // answered, a booking completed, a review soft-deleted without its updated_at moving.
  database.run_sql(R"(
UPDATE bookings SET responded_at = now() WHERE id = (SELECT min(id) FROM bookings WHERE contractor_id = 11);
UPDATE bookings SET completed_at = now() WHERE id = (SELECT min(id) FROM bookings WHERE contractor_id = 12);
UPDATE reviews SET deleted_at = now()
  WHERE id = (SELECT min(id) FROM reviews WHERE contractor_id = 13 AND deleted_at IS NULL);
)");
  auto connection = database.connect();
  REQUIRE(query_lines(connection, "SELECT count(DISTINCT contractor_id) FROM bookings WHERE contractor_id IN (11, 12)")[0] == "2");
  REQUIRE(query_lines(connection, "SELECT count(*) FROM reviews WHERE contractor_id = 13")[0] != "0");
  const auto incremental = run_calc_rankings(database, job(database, "changed"));
  REQUIRE_MESSAGE(incremental.exit_code == 0, incremental.err);
  CHECK(nlohmann::json::parse(incremental.out)["incremental"]["changed_contractors"] == 3);
}

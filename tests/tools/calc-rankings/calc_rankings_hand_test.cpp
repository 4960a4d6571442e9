// calc-rankings run as a process against the private PostgreSQL and Redis on the
// hand-checked data set; every expected number comes from hand_checked_data.cpp's table.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "hand_checked_data.hpp"
#include "rankings_database.hpp"
#include "redis_reader.hpp"

using calc_rankings_testing::RankingsDatabase;
using calc_rankings_testing::query_lines;
using calc_rankings_testing::run_calc_rankings;
using calc_rankings_testing::keys_with_prefix;
using calc_rankings_testing::sorted_set_members;

namespace {

const std::string k_hand_job =
    R"({"as_of": "2026-11-28T00:00:00Z", "parameters": {"min_reviews": 1}, "publish": {"key_prefix": ")";

std::string hand_job(const RankingsDatabase& database) { return k_hand_job + database.key_prefix() + "\"}}"; }

double hand_score(double quality) { return 0.1875 * quality + 0.0275; }

}  // namespace

TEST_CASE("calc-rankings: scores and ranks of the hand-checked data set") {
  RankingsDatabase database;
  database.run_sql(calc_rankings_testing::hand_checked_rows());
  const auto run = run_calc_rankings(database, hand_job(database));
  REQUIRE_MESSAGE(run.exit_code == 0, std::string(run.out + run.err));

  auto connection = database.connect();
  // contractor | rank | rank_in_region | review_count; 106 listed unranked, 108 (inactive) absent.
  CHECK(query_lines(connection, "SELECT contractor_id, rank, rank_in_region, review_count FROM contractor_rankings "
                                "ORDER BY contractor_id") ==
        std::vector<std::string>{"101|5|3|1", "102|1|1|200", "103|2|2|10", "104|3|1|10", "105|4|2|4", "106|NULL|NULL|0",
                                 "107|6|3|40", "201|2|2|3", "202|1|1|3"});

  const double c = 1197.0 / 263.5;  // 4.542694497
  const auto score_of = [&](int contractor) {
    return std::stod(query_lines(connection, "SELECT score FROM contractor_rankings WHERE contractor_id = " +
                                                 std::to_string(contractor))
                         .at(0));
  };
  CHECK(score_of(102) == doctest::Approx(hand_score((10 * c + 960) / 210)).epsilon(1e-9));
  CHECK(score_of(102) == doctest::Approx(0.925202630).epsilon(1e-8));
  CHECK(score_of(103) == doctest::Approx(hand_score((10 * c + 50) / 20)).epsilon(1e-9));
  CHECK(score_of(104) == score_of(103));
  CHECK(score_of(105) == doctest::Approx(hand_score((10 * c + 12) / 12.5)).epsilon(1e-9));
  CHECK(score_of(101) == doctest::Approx(hand_score((10 * c + 5) / 11)).epsilon(1e-9));
  CHECK(score_of(101) < score_of(102));  // one 5-star review does not beat 200 averaging 4.8
  CHECK(score_of(107) == doctest::Approx(hand_score((10 * c + 120) / 50)).epsilon(1e-9));
  CHECK(score_of(201) == doctest::Approx(0.75 + 0.15 * 10.5 / 13 + 0.10 * 12.0 / 15).epsilon(1e-9));
  CHECK(score_of(202) == doctest::Approx(0.965).epsilon(1e-9));

  auto redis = calc_rankings_testing::connect_test_redis();
  const std::string& prefix = database.key_prefix();
  CHECK(sorted_set_members(redis, prefix + ":roofing") == std::vector<std::string>{"102", "103", "104", "105", "101", "107"});
  CHECK(sorted_set_members(redis, prefix + ":roofing:berlin") == std::vector<std::string>{"102", "103", "101"});
  CHECK(sorted_set_members(redis, prefix + ":roofing:hamburg") == std::vector<std::string>{"104", "105", "107"});
  CHECK(sorted_set_members(redis, prefix + ":plumbing") == std::vector<std::string>{"202", "201"});
  CHECK(keys_with_prefix(redis, prefix) == std::vector<std::string>{prefix + ":plumbing", prefix + ":plumbing:berlin",
                                                                    prefix + ":roofing", prefix + ":roofing:berlin",
                                                                    prefix + ":roofing:hamburg"});

  const auto result = nlohmann::json::parse(run.out);
  CHECK(result["as_of"] == "2026-11-28T00:00:00Z");
  CHECK(result["parameters"]["prior_weight"] == 10);
  CHECK(result["parameters"]["min_reviews"] == 1);
  CHECK(result["ranked"] == 8);
  CHECK(result["unranked"] == 1);
  const auto& roofing = result["groups"][0];
  CHECK(roofing["category"] == "roofing");
  CHECK(roofing["prior_mean"].get<double>() == doctest::Approx(c).epsilon(1e-9));
  CHECK(roofing["top"][0]["contractor_id"] == 102);
  CHECK(roofing["unranked"] == 1);
  // The parameters are stored with the ranking.
  CHECK(query_lines(connection, "SELECT DISTINCT parameters->>'min_reviews', computed_at = '2026-11-28T00:00:00Z' "
                                "FROM contractor_rankings") == std::vector<std::string>{"1|t"});
}

TEST_CASE("calc-rankings: a second run with no changes publishes identical bytes") {
  RankingsDatabase database;
  database.run_sql(calc_rankings_testing::hand_checked_rows());
  auto connection = database.connect();
  auto redis = calc_rankings_testing::connect_test_redis();
  const auto snapshot = [&]() {
    std::vector<std::string> lines = query_lines(
        connection, "SELECT contractor_id, category_id, region_id, score::text, rank, rank_in_region, review_count, "
                    "computed_at, parameters::text FROM contractor_rankings ORDER BY contractor_id");
    for (const auto& key : calc_rankings_testing::keys_with_prefix(redis, database.key_prefix())) {
      auto dump = redis.command({"DUMP", key});
      REQUIRE(dump.ok());
      lines.push_back(key + "=" + std::string(dump->value().text()));
    }
    return lines;
  };
  const auto first = run_calc_rankings(database, hand_job(database));
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  const auto after_first = snapshot();
  const auto second = run_calc_rankings(database, hand_job(database));
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  CHECK(snapshot() == after_first);
  auto first_result = nlohmann::json::parse(first.out), second_result = nlohmann::json::parse(second.out);
  CHECK(second_result["published"]["postgres_changed"] == 0);
  for (auto* result : {&first_result, &second_result}) {
    result->erase("duration_ms");
    result->erase("published");
    result->erase("watermark");  // the read snapshot's clock time
  }
  CHECK(first_result.dump() == second_result.dump());
}

TEST_CASE("calc-rankings: fewer reviews than min_reviews is unranked and a dry run changes nothing") {
  RankingsDatabase database;
  database.run_sql(calc_rankings_testing::hand_checked_rows());
  const std::string job = R"({"as_of": "2026-11-28T00:00:00Z", "publish": {"key_prefix": ")" + database.key_prefix() + "\"}}";
  const auto run = run_calc_rankings(database, job, {"--dry-run"});
  REQUIRE_MESSAGE(run.exit_code == 0, run.err);
  const auto result = nlohmann::json::parse(run.out);
  CHECK(result["dry_run"] == true);
  const auto& roofing = result["groups"][0];
  CHECK(roofing["ranked"] == 5);    // 101 has one review, fewer than the default 3
  CHECK(roofing["unranked"] == 2);  // 101 and 106
  std::vector<std::int64_t> top;
  for (const auto& entry : roofing["top"]) top.push_back(entry["contractor_id"].get<std::int64_t>());
  CHECK(top == std::vector<std::int64_t>{102, 103, 104, 105, 107});
  auto connection = database.connect();
  CHECK(query_lines(connection, "SELECT count(*) FROM contractor_rankings") == std::vector<std::string>{"0"});
  auto redis = calc_rankings_testing::connect_test_redis();
  CHECK(calc_rankings_testing::keys_with_prefix(redis, database.key_prefix()).empty());
}

TEST_CASE("calc-rankings: a contractor whose rank moved gets one ranking-changed follow-up per run") {
  RankingsDatabase database;
  database.run_sql(calc_rankings_testing::hand_checked_rows());
  const std::string job = R"({"as_of": "2026-11-28T00:00:00Z", "parameters": {"min_reviews": 1}, "move_threshold": 2,
    "notify": {"from": "rankings@example.com", "profile_url": "https://example.com/pros/{contractor_id}"},
    "publish": {"key_prefix": ")" + database.key_prefix() + "\"}}";
  const auto first = run_calc_rankings(database, job, {}, {"JOB_ID=41"});
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  CHECK_FALSE(nlohmann::json::parse(first.out).contains("enqueue"));  // nothing published before

  // 200 five-star reviews for 107 raise roofing's mean to C = 2197 / 463.5 = 4.740021575, and
  // with it the prior of everyone: 103 4.870, 104 4.870, 102 (10 C + 960) / 210 = 4.797,
  // 101 4.764, 105 4.752, 107 (10 C + 1120) / 250 = 4.670. Only 102 moves 2 places (1 to 3).
  database.run_sql("INSERT INTO reviews (id, contractor_id, author_id, rating, verified, created_at, updated_at) "
                   "SELECT 5000 + g, 107, 1, 5, true, '2026-11-28T00:00:00Z', now() FROM generate_series(1, 200) g;");
  const auto second = run_calc_rankings(database, job, {}, {"JOB_ID=42"});
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  const auto result = nlohmann::json::parse(second.out);
  REQUIRE(result["moved"].size() == 1);
  CHECK(result["moved"][0]["contractor_id"] == 102);
  CHECK(result["moved"][0]["previous_rank"] == 1);
  CHECK(result["moved"][0]["rank"] == 3);
  REQUIRE(result["enqueue"].size() == 1);
  const auto& follow_up = result["enqueue"][0];
  CHECK(follow_up["queue"] == "notifications");
  CHECK(follow_up["name"] == "ranking-changed");
  CHECK(follow_up["opts"]["jobId"] == "ranking-changed-42-102");
  CHECK(follow_up["data"]["template"] == "ranking-changed");
  CHECK(follow_up["data"]["from"] == nlohmann::json::parse(R"({"email": "rankings@example.com"})"));
  const auto& recipient = follow_up["data"]["recipients"][0];
  CHECK(recipient["email"] == "user102@example.com");
  CHECK(recipient["data"]["previous_rank"] == 1);
  CHECK(recipient["data"]["rank"] == 3);
  CHECK(recipient["data"]["category"] == "Roofing");
  CHECK(recipient["data"]["profile_url"] == "https://example.com/pros/102");
}

TEST_CASE("calc-rankings: notify.max announces the contractors that moved furthest and counts the rest") {
  RankingsDatabase database;
  database.run_sql(calc_rankings_testing::hand_checked_rows());
  const std::string job = R"({"as_of": "2026-11-28T00:00:00Z", "parameters": {"min_reviews": 1}, "move_threshold": 1,
    "notify": {"from": "rankings@example.com", "profile_url": "https://example.com/pros/{contractor_id}", "max": 1},
    "publish": {"key_prefix": ")" + database.key_prefix() + "\"}}";
  const auto first = run_calc_rankings(database, job, {}, {"JOB_ID=51"});
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  // As above: 102 falls 2 places (1 to 3), 103 and 104 climb 1 each.
  database.run_sql("INSERT INTO reviews (id, contractor_id, author_id, rating, verified, created_at, updated_at) "
                   "SELECT 5000 + g, 107, 1, 5, true, '2026-11-28T00:00:00Z', now() FROM generate_series(1, 200) g;");
  const auto second = run_calc_rankings(database, job, {}, {"JOB_ID=52"});
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  const auto result = nlohmann::json::parse(second.out);
  const std::size_t moved = result["moved_count"].get<std::size_t>();
  CHECK(moved >= 3);
  CHECK(result["moved"].size() == moved);
  REQUIRE(result["enqueue"].size() == 1);
  CHECK(result["enqueue"][0]["opts"]["jobId"] == "ranking-changed-52-102");
  CHECK(result["not_announced"] == moved - 1);
}

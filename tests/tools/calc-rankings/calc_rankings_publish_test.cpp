// A reader polling the published sorted set while calc-rankings republishes it sees the whole
// old ranking or the whole new one, never an empty or partial set.
#include <doctest/doctest.h>

#include <atomic>
#include <set>
#include <thread>

#include "rankings_database.hpp"
#include "redis_reader.hpp"

using calc_rankings_testing::RankingsDatabase;
using calc_rankings_testing::run_calc_rankings;

TEST_CASE("calc-rankings: a reader polling during a publish never sees a partial ranking") {
  RankingsDatabase database;
  // One category of about 2,900 ranked contractors: three ZADD batches per publish.
  database.run_sql_file(std::string(JOBKIT_RANKINGS_BENCH_DIR) + "/generate.sql",
                        {"contractors=3000", "reviews=15000", "bookings=3000", "categories=1", "regions=2"});
  const std::string job =
      R"({"as_of": "2026-11-28T00:00:00Z", "publish": {"postgres": false, "key_prefix": ")" + database.key_prefix() + "\"}}";
  const auto first = run_calc_rankings(database, job);
  REQUIRE_MESSAGE(first.exit_code == 0, first.err);
  const std::string key = database.key_prefix() + ":category-1";
  auto redis = calc_rankings_testing::connect_test_redis();
  const auto before = calc_rankings_testing::sorted_set_members(redis, key);
  REQUIRE(before.size() > 2000);

  // Move a few contractors up: the new ranking differs from the old one.
  database.run_sql(R"(
INSERT INTO reviews (id, contractor_id, author_id, rating, verified, created_at, updated_at)
  SELECT 1000000 + g, 1 + g % 5, 1, 5, true, '2026-11-27T00:00:00Z', now() FROM generate_series(1, 200) g;)");

  std::atomic<bool> publishing{true};
  std::vector<std::vector<std::string>> seen;
  std::thread reader([&] {
    auto poller = calc_rankings_testing::connect_test_redis();
    while (publishing) seen.push_back(calc_rankings_testing::sorted_set_members(poller, key));
    seen.push_back(calc_rankings_testing::sorted_set_members(poller, key));
  });
  const auto second = run_calc_rankings(database, job);
  publishing = false;
  reader.join();
  REQUIRE_MESSAGE(second.exit_code == 0, second.err);
  const auto after = calc_rankings_testing::sorted_set_members(redis, key);
  REQUIRE(after != before);
  REQUIRE(after.size() == before.size());
  REQUIRE(seen.size() >= 2);
  std::size_t partial = 0;
  for (const auto& read : seen) partial += (read == before || read == after) ? 0 : 1;
  CHECK(partial == 0);
  CHECK(seen.back() == after);
  // No temporary key is left behind.
  for (const auto& left : calc_rankings_testing::keys_with_prefix(redis, database.key_prefix())) {
    CHECK(left.find(":building:") == std::string::npos);
  }
}

// The redis-keys target on the private Redis: keys idle longer than the threshold and
// matching the pattern go, nothing else; queue keys are refused without the explicit flag.
#include <doctest/doctest.h>

#include <chrono>
#include <thread>

#include "cleanup_fixture.hpp"
#include "jobkit/random.hpp"
#include "jobkit/redis_connection.hpp"
#include "key_pattern.hpp"
#include "services.hpp"

namespace {

jobkit::RedisConnection test_redis() {
  auto redis = jobkit::RedisConnection::from_environment(jobkit::process_environment());
  REQUIRE_MESSAGE(redis.ok(), redis.error().message);
  return std::move(redis).value();
}

std::int64_t count_keys(jobkit::RedisConnection& redis, const std::string& pattern) {
  std::int64_t count = 0;
  std::string cursor = "0";
  do {
    auto page = redis.command({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
    REQUIRE(page.ok());
    cursor = std::string(page->value().at(0).text());
    count += static_cast<std::int64_t>(page->value().at(1).size());
  } while (cursor != "0");
  return count;
}

void set_keys(jobkit::RedisConnection& redis, const std::string& prefix, int count) {
  for (int i = 0; i < count; ++i) REQUIRE(redis.command({"SET", prefix + std::to_string(i), "v"}).ok());
}

}  // namespace

TEST_CASE("cleanup redis-keys unlinks idle matching keys only and stops at max_keys") {
  jobkit::testing::required_service_variable("REDIS_URL");
  auto redis = test_redis();
  const std::string base = "cleanup-test-" + jobkit::random_hex(8) + ":";
  set_keys(redis, base + "cache:old:", 250);
  set_keys(redis, base + "other:old:", 10);
  // OBJECT IDLETIME counts whole seconds: the old keys must be idle two before the new ones exist.
  std::this_thread::sleep_for(std::chrono::milliseconds(2200));
  set_keys(redis, base + "cache:new:", 40);

  const nlohmann::json job = {{"target", "redis-keys"}, {"older_than", "2s"}, {"pattern", base + "cache:*"}, {"scan_count", 50}};
  const auto dry = cleanup_testing::result_of(cleanup_testing::run_cleanup(job, {}, {"--dry-run"}));
  CHECK(dry["removed"] == 250);
  CHECK(count_keys(redis, base + "cache:*") == 290);

  nlohmann::json capped = job;
  capped["max_keys"] = 100;
  const auto first = cleanup_testing::result_of(cleanup_testing::run_cleanup(capped, {}));
  CHECK(first["removed"] == 100);
  CHECK(first["reached_max_keys"] == true);
  CHECK(count_keys(redis, base + "cache:old:*") == 150);

  const auto second = cleanup_testing::result_of(cleanup_testing::run_cleanup(job, {}));
  CHECK(second["removed"] == 150);
  CHECK(count_keys(redis, base + "cache:old:*") == 0);
  CHECK(count_keys(redis, base + "cache:new:*") == 40);
  CHECK(count_keys(redis, base + "other:*") == 10);
}

TEST_CASE("cleanup redis-keys refuses patterns that can match queue keys unless told") {
  jobkit::testing::required_service_variable("REDIS_URL");
  auto redis = test_redis();
  const std::string queue = "cleanup-guard-" + jobkit::random_hex(8);
  REQUIRE(redis.command({"SET", "bull:" + queue + ":1", "job"}).ok());
  for (const char* pattern : {"bull:*", "*", "b*", "bu?l:*", "[b]ull:*"}) {
    CAPTURE(pattern);
    const auto run = cleanup_testing::run_cleanup({{"target", "redis-keys"}, {"older_than", "0s"}, {"pattern", pattern}}, {});
    CHECK(run.exit_code == 77);
    const auto error = nlohmann::json::parse(run.out)["error"];
    CHECK(error["field"] == "/pattern");
    CHECK(error["code"] == "queue_keys_refused");
  }
  CHECK(count_keys(redis, "bull:" + queue + ":*") == 1);
  const auto allowed = cleanup_testing::result_of(cleanup_testing::run_cleanup(
      {{"target", "redis-keys"}, {"older_than", "0s"}, {"pattern", "bull:" + queue + ":*"}, {"include_queue_keys", true}}, {}));
  CHECK(allowed["removed"] == 1);
  CHECK(count_keys(redis, "bull:" + queue + ":*") == 0);
}

TEST_CASE("cleanup key patterns that may match a prefix") {
  CHECK(cleanup::pattern_may_match_prefix("bull:*", "bull:"));
  CHECK(cleanup::pattern_may_match_prefix("bull:mail:123", "bull:"));
  CHECK(cleanup::pattern_may_match_prefix("*", "bull:"));
  CHECK(cleanup::pattern_may_match_prefix("bu*", "bull:"));
  CHECK(cleanup::pattern_may_match_prefix("bu?l:*", "bull:"));
  CHECK_FALSE(cleanup::pattern_may_match_prefix("sess:*", "bull:"));
  CHECK_FALSE(cleanup::pattern_may_match_prefix("bulk:*", "bull:"));
  CHECK_FALSE(cleanup::pattern_may_match_prefix("bull", "bull:"));
  CHECK_FALSE(cleanup::pattern_may_match_prefix("cache:*bull:*", "bull:"));
}

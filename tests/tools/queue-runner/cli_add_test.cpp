// `queue-runner add` run as a process against the private Redis: options that BullMQ's
// Queue.add would store but the runner cannot keep whole are refused before anything is added.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "jobkit/random.hpp"
#include "jobkit/redis_connection.hpp"
#include "jobkit/redis_url.hpp"
#include "process.hpp"
#include "services.hpp"

using jobkit::testing::built_program;

namespace {

struct AddedJob {
  int exit_code;
  std::string err;
  std::int64_t waiting;
};

// `queue-runner add mail welcome --opts OPTS` on a prefix of its own, and how many jobs then wait.
AddedJob add_with(const std::string& opts) {
  const std::string prefix = "cliadd-" + jobkit::random_hex(12);
  const std::string runner = built_program("queue-runner").string();
  const auto added = jobkit::testing::run_process(
      {.argv = {runner, "add", "mail", "welcome", "--prefix", prefix, "--opts", opts}, .input = "{}"});
  const auto stats =
      jobkit::testing::run_process({.argv = {runner, "stats", "--queue", "mail", "--prefix", prefix, "--json"}});
  REQUIRE(stats.exit_code == 0);
  return {added.exit_code, added.err, nlohmann::json::parse(stats.out)["queues"]["mail"]["wait"].get<std::int64_t>()};
}

}  // namespace

TEST_CASE("queue-runner add refuses a jobId holding a NUL - the job would be stored under a cut-short key") {
  jobkit::testing::required_service_variable("REDIS_URL");
  const auto added = add_with(R"({"jobId":"a\u0000b"})");
  CHECK(added.exit_code == 65);
  CHECK(added.err.find("jobId") != std::string::npos);
  CHECK(added.waiting == 0);
}

TEST_CASE("queue-runner add refuses an option BullMQ does not have - a misspelt one would mean nothing") {
  jobkit::testing::required_service_variable("REDIS_URL");
  const auto added = add_with(R"({"attempt": 3})");
  CHECK(added.exit_code == 65);
  CHECK(added.err.find("opts.attempt is not a BullMQ job option") != std::string::npos);
  CHECK(added.waiting == 0);
}

TEST_CASE("queue-runner add refuses what a plain add cannot carry out - parent and repeat and deduplication") {
  jobkit::testing::required_service_variable("REDIS_URL");
  for (const char* opts : {R"({"parent": {"id": "1", "queue": "bull:other"}})", R"({"repeat": {"every": 1000}})",
                           R"({"deduplication": {"id": "x"}})"}) {
    const auto added = add_with(opts);
    INFO(opts);
    CHECK(added.exit_code == 65);
    CHECK(added.err.find("is not supported here") != std::string::npos);
    CHECK(added.waiting == 0);
  }
}

TEST_CASE("queue-runner add refuses a backoff the runner cannot compute") {
  jobkit::testing::required_service_variable("REDIS_URL");
  for (const char* opts : {R"({"backoff": {"type": "custom"}})", R"({"backoff": {"delay": 100}})",
                           R"({"backoff": {"type": "fixed", "delay": -5}})",
                           R"({"backoff": {"type": "exponential", "delay": 100, "jitter": 2}})",
                           R"({"backoff": -1})"}) {
    const auto added = add_with(opts);
    INFO(opts);
    CHECK(added.exit_code == 65);
    CHECK(added.err.find("opts.backoff") != std::string::npos);
    CHECK(added.waiting == 0);
  }
  CHECK(add_with(R"({"backoff": {"type": "exponential", "delay": 1000, "jitter": 0.5}, "attempts": 3})").waiting == 1);
}

TEST_CASE("queue-runner add keeps the producer's timestamp as Queue.add does") {
  auto endpoint = jobkit::parse_redis_url(jobkit::testing::required_service_variable("REDIS_URL"));
  REQUIRE(endpoint.ok());
  auto redis = jobkit::RedisConnection::connect(endpoint.value());
  REQUIRE(redis.ok());
  const std::string prefix = "cliadd-" + jobkit::random_hex(12);
  const auto added = jobkit::testing::run_process({.argv = {built_program("queue-runner").string(), "add", "mail",
                                                            "welcome", "--prefix", prefix, "--opts",
                                                            R"({"jobId": "stamped", "timestamp": 1700000000123})"},
                                                   .input = "{}"});
  REQUIRE_MESSAGE(added.exit_code == 0, added.err);
  auto stamp = redis->command({"HGET", prefix + ":mail:stamped", "timestamp"});
  REQUIRE(stamp.ok());
  CHECK(stamp->value().text() == "1700000000123");
}

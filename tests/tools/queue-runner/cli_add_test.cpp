// `queue-runner add` run as a process against the private Redis: options that BullMQ's
// Queue.add would store but the runner cannot keep whole are refused before anything is added.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "jobkit/random.hpp"
#include "process.hpp"
#include "services.hpp"

using jobkit::testing::built_program;

TEST_CASE("queue-runner add refuses a jobId holding a NUL - the job would be stored under a cut-short key") {
  jobkit::testing::required_service_variable("REDIS_URL");
  const std::string prefix = "cliadd-" + jobkit::random_hex(12);
  const std::string runner = built_program("queue-runner").string();
  const auto added = jobkit::testing::run_process(
      {.argv = {runner, "add", "mail", "welcome", "--prefix", prefix, "--opts", R"({"jobId":"a\u0000b"})"}, .input = "{}"});
  CHECK(added.exit_code == 65);
  CHECK(added.err.find("jobId") != std::string::npos);
  const auto stats =
      jobkit::testing::run_process({.argv = {runner, "stats", "--queue", "mail", "--prefix", prefix, "--json"}});
  REQUIRE(stats.exit_code == 0);
  CHECK(nlohmann::json::parse(stats.out)["queues"]["mail"]["wait"] == 0);
}

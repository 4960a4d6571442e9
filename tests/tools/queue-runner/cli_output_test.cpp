// queue-runner's one-shot commands run as processes with a stdout that takes nothing (full
// disk, closed): the exit status must say that the output was lost.
#include <doctest/doctest.h>

#include <string>

#include <nlohmann/json.hpp>

#include "jobkit/random.hpp"
#include "process.hpp"
#include "services.hpp"

using jobkit::testing::built_program;
using jobkit::testing::ProcessOptions;

namespace {

jobkit::testing::ProcessResult run_runner(std::vector<std::string> arguments, const std::string& input, bool closed_stdout) {
  ProcessOptions options{.argv = {built_program("queue-runner").string()}, .input = input};
  options.argv.insert(options.argv.end(), arguments.begin(), arguments.end());
  if (closed_stdout) {
    options.close_stdout = true;
  } else {
    options.stdout_file = "/dev/full";
  }
  return jobkit::testing::run_process(options);
}

}  // namespace

TEST_CASE("queue-runner exits 74 when its output cannot reach stdout - and says an added job stays added") {
  jobkit::testing::required_service_variable("REDIS_URL");
  const std::string prefix = "clioutput-" + jobkit::random_hex(12);
  for (const bool closed : {false, true}) {
    CAPTURE(closed);
    const auto added = run_runner({"add", "mail", "welcome", "--prefix", prefix}, R"({"to":"a@example.com"})", closed);
    CHECK(added.exit_code == 74);
    CHECK(added.err.find("an added job stays added") != std::string::npos);
    CHECK(run_runner({"stats", "--queue", "mail", "--prefix", prefix}, "", closed).exit_code == 74);
    CHECK(run_runner({"--version"}, "", closed).exit_code == 74);
    CHECK(run_runner({"--help"}, "", closed).exit_code == 74);
  }
  // Both jobs were added all the same; a stdout that works shows them.
  const auto stats = jobkit::testing::run_process(
      {.argv = {built_program("queue-runner").string(), "stats", "--queue", "mail", "--prefix", prefix, "--json"}});
  REQUIRE(stats.exit_code == 0);
  CHECK(nlohmann::json::parse(stats.out)["queues"]["mail"]["wait"] == 2);
}

#include <doctest/doctest.h>

#include <map>

#include "config.hpp"

using queue_runner::parse_runner_config;

namespace {

jobkit::EnvironmentLookup environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    if (name == "PATH") return "/usr/bin:/bin";
    if (name == "REDIS_URL") return "redis://127.0.0.1:6390";
    return std::nullopt;
  };
}

}  // namespace

TEST_CASE("parse_runner_config: a full queue with comments and defaults") {
  const auto config = parse_runner_config(R"({
    // the platform's media queue
    "queues": {
      "media": {"command": ["true", "--flag"], "concurrency": 2, "timeout_ms": 1000,
                "env": {"VIPS_CONCURRENCY": "1"}, "attempts": 3, "backoff": 500,
                "jobs": {"avatar": {"command": ["/bin/echo"]}}, "fork_server": true}
    }
  })", environment());
  REQUIRE_MESSAGE(config.ok(), config.error().message);
  CHECK(config->redis_url == "redis://127.0.0.1:6390");
  CHECK(config->prefix == "bull");
  REQUIRE(config->queues.size() == 1);
  const auto& media = config->queues[0];
  CHECK(media.command == std::vector<std::string>{"/usr/bin/true", "--flag"});
  CHECK(media.concurrency == 2);
  CHECK(media.environment.at("VIPS_CONCURRENCY") == "1");
  CHECK(media.default_attempts == 3);
  CHECK(*media.default_backoff == nlohmann::json{{"type", "fixed"}, {"delay", 500}});
  CHECK(media.command_for("avatar") == std::vector<std::string>{"/bin/echo"});
  CHECK(media.command_for("gallery") == media.command);
  CHECK(media.dead_letter_queue == "dead-letter");
  CHECK(media.fork_server);
}

TEST_CASE("parse_runner_config: every problem is named with its JSON Pointer and exit 78") {
  const auto config = parse_runner_config(R"({
    "queues": {
      "a:b": {"command": ["true"]},
      "docs": {"command": ["no-such-program-jobkit"], "concurrency": 0, "colour": "red",
               "backoff": {"type": "linear", "delay": 5}, "fork_server": "yes"}
    },
    "redis": "http://nope"
  })", environment());
  REQUIRE_FALSE(config.ok());
  CHECK(config.error().exit_code == jobkit::ExitCode::config);
  std::map<std::string, std::string> problems;
  for (const auto& problem : config.error().details) problems[problem.field] = problem.message;
  CHECK(problems.count("/queues/a:b"));
  CHECK(problems.at("/queues/docs/command").find("no-such-program-jobkit") != std::string::npos);
  CHECK(problems.count("/queues/docs/concurrency"));
  CHECK(problems.at("/queues/docs/colour") == "unknown field");
  CHECK(problems.count("/queues/docs/backoff/type"));
  CHECK(problems.count("/queues/docs/fork_server"));
  CHECK(problems.count("/redis"));
}

TEST_CASE("parse_runner_config: malformed JSON and a missing queue map") {
  auto config = parse_runner_config("{\"queues\": {", environment());
  REQUIRE_FALSE(config.ok());
  CHECK(config.error().exit_code == jobkit::ExitCode::config);
  config = parse_runner_config("{}", environment());
  REQUIRE_FALSE(config.ok());
  CHECK(config.error().field == "/queues");
}

TEST_CASE("parse_runner_config: a missing program is refused - skipped - or kept for Redis-only commands") {
  const std::string text = R"({"queues": {"badges": {"command": ["calc-badges-not-installed"]},
                                          "media": {"command": ["true"]}}})";
  const auto refused = parse_runner_config(text, environment());
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().field == "/queues/badges/command");
  const auto skipped = parse_runner_config(text, environment(), queue_runner::MissingPrograms::skip);
  REQUIRE(skipped.ok());
  REQUIRE(skipped->queues.size() == 1);
  CHECK(skipped->skipped.size() == 1);
  const auto kept = parse_runner_config(text, environment(), queue_runner::MissingPrograms::ignore);
  REQUIRE(kept.ok());
  REQUIRE(kept->queues.size() == 2);
  CHECK(kept->queues[0].name == "badges");
  CHECK(kept->queues[0].command == std::vector<std::string>{"calc-badges-not-installed"});
}

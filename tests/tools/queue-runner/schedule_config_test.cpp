#include <doctest/doctest.h>

#include <map>

#include "config.hpp"

using queue_runner::parse_runner_config;

namespace {

jobkit::EnvironmentLookup schedule_test_environment() {
  return [](std::string_view name) -> std::optional<std::string> {
    if (name == "PATH") return "/usr/bin:/bin";
    return std::nullopt;
  };
}

std::string with_schedules(const std::string& schedules) {
  return R"({"queues": {"rankings": {"command": ["true"]}, "maintenance": {"command": ["true"]}}, "schedules": )" +
         schedules + "}";
}

std::map<std::string, std::string> schedule_problems(const std::string& schedules) {
  const auto config = parse_runner_config(with_schedules(schedules), schedule_test_environment());
  std::map<std::string, std::string> problems;
  if (config.ok()) return problems;
  CHECK(config.error().exit_code == jobkit::ExitCode::config);
  for (const auto& problem : config.error().details) problems[problem.field] = problem.message;
  return problems;
}

}  // namespace

TEST_CASE("schedules: pattern and every entries read with their defaults") {
  const auto config = parse_runner_config(with_schedules(R"([
    {"id": "nightly-rankings", "queue": "rankings", "pattern": "0 30 2 * * *", "tz": "Europe/Berlin",
     "name": "recalculate", "data": {"scope": "all"}, "opts": {"attempts": 3, "backoff": 60000, "keepLogs": 50,
     "removeOnComplete": {"count": 30}, "removeOnFail": false, "priority": 2}},
    {"id": "sessions", "queue": "maintenance", "every": "1h"},
    {"id": "audit", "queue": "maintenance", "every": 90000}
  ])"), schedule_test_environment());
  REQUIRE_MESSAGE(config.ok(), config.error().message);
  REQUIRE(config->schedules.size() == 3);
  const auto& rankings = config->schedules[0];
  CHECK(rankings.queue == "rankings");
  CHECK(rankings.scheduler.id == "nightly-rankings");
  CHECK(rankings.scheduler.name == "recalculate");
  CHECK(*rankings.scheduler.pattern == "0 30 2 * * *");
  CHECK(*rankings.scheduler.tz == "Europe/Berlin");
  CHECK_FALSE(rankings.scheduler.every_ms);
  CHECK(nlohmann::json::parse(rankings.scheduler.data) == nlohmann::json{{"scope", "all"}});
  CHECK(rankings.scheduler.opts["attempts"] == 3);
  CHECK(rankings.scheduler.opts["backoff"] == nlohmann::json{{"type", "fixed"}, {"delay", 60000}});
  CHECK(rankings.scheduler.opts["keepLogs"] == 50);
  CHECK(rankings.scheduler.opts["removeOnComplete"] == nlohmann::json{{"count", 30}});
  CHECK(rankings.scheduler.opts["removeOnFail"] == false);
  const auto& sessions = config->schedules[1];
  CHECK(sessions.scheduler.name == "sessions");  // BullMQ's default: the scheduler's id
  CHECK(*sessions.scheduler.every_ms == 3600000);
  CHECK(sessions.scheduler.data == "{}");
  CHECK(sessions.scheduler.opts == nlohmann::json::object());
  CHECK(*config->schedules[2].scheduler.every_ms == 90000);
  CHECK(queue_runner::describe_schedule(rankings) ==
        "schedule rankings/nightly-rankings: 0 30 2 * * * Europe/Berlin, job recalculate");
}

TEST_CASE("schedules: no schedules key is no schedule") {
  const auto config = parse_runner_config(R"({"queues": {"rankings": {"command": ["true"]}}})", schedule_test_environment());
  REQUIRE(config.ok());
  CHECK(config->schedules.empty());
}

TEST_CASE("schedules: each mistake is named by its JSON Pointer with exit 78") {
  const auto problems = schedule_problems(R"([
    {"id": "a", "queue": "nowhere", "pattern": "0 3 * * *"},
    {"id": "b", "queue": "rankings", "pattern": "0 3 * * *", "every": 1000},
    {"id": "c", "queue": "rankings"},
    {"id": "d", "queue": "rankings", "pattern": "61 * * * *"},
    {"id": "e", "queue": "rankings", "pattern": "0 3 * * *", "tz": "Mars/Olympus_Mons"},
    {"id": "f", "queue": "rankings", "every": "soon"},
    {"id": "g", "queue": "rankings", "every": 0},
    {"id": "h", "queue": "rankings", "every": 1000, "opts": {"jobId": "x", "delay": 5, "attempts": 0}},
    {"id": "i", "queue": "rankings", "every": 1000, "data": [1, 2]},
    {"id": "j", "queue": "rankings", "every": 1000, "colour": "red"},
    {"id": "a", "queue": "nowhere", "every": 1000},
    {"queue": "rankings", "every": 1000},
    {"id": "with space", "queue": "rankings", "every": 1000}
  ])");
  CHECK(problems.count("/schedules/0/queue"));
  CHECK(problems.count("/schedules/1"));
  CHECK(problems.at("/schedules/2").find("pattern") != std::string::npos);
  CHECK(problems.count("/schedules/3/pattern"));
  CHECK(problems.count("/schedules/4/tz"));
  CHECK(problems.count("/schedules/5/every"));
  CHECK(problems.count("/schedules/6/every"));
  CHECK(problems.count("/schedules/7/opts/jobId"));
  CHECK(problems.count("/schedules/7/opts/delay"));
  CHECK(problems.count("/schedules/7/opts/attempts"));
  CHECK(problems.count("/schedules/8/data"));
  CHECK(problems.count("/schedules/9/colour"));
  CHECK(problems.at("/schedules/10").find("repeats the id") != std::string::npos);
  CHECK(problems.count("/schedules/11/id"));
  CHECK(problems.count("/schedules/12/id"));
}

TEST_CASE("schedules: an entry that is not an object and schedules that is not an array") {
  CHECK(schedule_problems(R"(["0 3 * * *"])").count("/schedules/0"));
  CHECK(schedule_problems(R"({"id": "a"})").count("/schedules"));
}

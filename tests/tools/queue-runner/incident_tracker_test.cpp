// Incidents, not jobs: one alert when an incident opens and one when it is resolved.
#include <doctest/doctest.h>

#include "alerts/incident_tracker.hpp"

namespace {

using queue_runner::alerts::AlertsConfig;
using queue_runner::alerts::Clock;
using queue_runner::alerts::IncidentTracker;
using queue_runner::metrics::DepthReading;
using namespace std::chrono_literals;

DepthReading waiting(std::int64_t jobs, double oldest_seconds = 0) {
  DepthReading reading;
  reading.redis_up = true;
  reading.queues.push_back({"mail", {{"wait", jobs}, {"prioritized", 0}}, oldest_seconds});
  return reading;
}

}  // namespace

TEST_CASE("many dead letters in a queue make one alert and one resolve after a quiet period") {
  AlertsConfig config;
  config.dead_letter_quiet_ms = 60000;
  IncidentTracker tracker(config, {"mail"});
  const auto start = Clock::now();
  auto first = tracker.dead_letter("mail", "1", "bad recipient", start);
  REQUIRE(first);
  CHECK_FALSE(first->resolved);
  CHECK(first->kind == "dead_letters");
  for (int i = 2; i <= 500; ++i) CHECK_FALSE(tracker.dead_letter("mail", std::to_string(i), "bad", start + 10ms * i));
  CHECK(tracker.reading(waiting(0), start + 30s).empty());
  const auto resolved = tracker.reading(waiting(0), start + 5s + 61s);
  REQUIRE(resolved.size() == 1);
  CHECK(resolved[0].resolved);
  CHECK(resolved[0].value == 500);
  // A later dead letter is a new incident.
  CHECK(tracker.dead_letter("mail", "501", "bad", start + 200s));
}

TEST_CASE("a backlog held for the duration fires once and resolves once") {
  AlertsConfig config;
  config.backlog = queue_runner::alerts::Threshold{100, 60000};
  IncidentTracker tracker(config, {"mail"});
  const auto start = Clock::now();
  CHECK(tracker.reading(waiting(150), start).empty());
  CHECK(tracker.reading(waiting(150), start + 59s).empty());
  const auto fired = tracker.reading(waiting(170), start + 60s);
  REQUIRE(fired.size() == 1);
  CHECK(fired[0].kind == "backlog");
  CHECK_FALSE(fired[0].resolved);
  CHECK(tracker.reading(waiting(180), start + 90s).empty());
  const auto resolved = tracker.reading(waiting(3), start + 100s);
  REQUIRE(resolved.size() == 1);
  CHECK(resolved[0].resolved);
  CHECK(tracker.reading(waiting(3), start + 110s).empty());
}

TEST_CASE("a backlog that clears before the duration never fires") {
  AlertsConfig config;
  config.backlog = queue_runner::alerts::Threshold{100, 60000};
  IncidentTracker tracker(config, {"mail"});
  const auto start = Clock::now();
  CHECK(tracker.reading(waiting(150), start).empty());
  CHECK(tracker.reading(waiting(10), start + 30s).empty());
  CHECK(tracker.reading(waiting(150), start + 61s).empty());  // the clock starts again
}

TEST_CASE("thresholds ignore queues that are not watched such as dead-letter queues") {
  AlertsConfig config;
  config.backlog = queue_runner::alerts::Threshold{1, 0};
  IncidentTracker tracker(config, {"other"});
  CHECK(tracker.reading(waiting(500), Clock::now()).empty());
}

TEST_CASE("the oldest waiting job and a lost Redis are incidents too") {
  AlertsConfig config;
  config.oldest_wait = queue_runner::alerts::Threshold{600, 0};
  config.redis_lost_for_ms = 30000;
  IncidentTracker tracker(config, {"mail"});
  const auto start = Clock::now();
  const auto old = tracker.reading(waiting(1, 900), start);
  REQUIRE(old.size() == 1);
  CHECK(old[0].kind == "oldest_wait");
  CHECK(tracker.reading(DepthReading{}, start + 1s).empty());
  const auto lost = tracker.reading(DepthReading{}, start + 31s);
  REQUIRE(lost.size() == 1);
  CHECK(lost[0].kind == "redis_lost");
  const auto back = tracker.reading(waiting(0), start + 40s);
  REQUIRE(back.size() == 2);
  CHECK(back[0].kind == "redis_lost");
  CHECK(back[0].resolved);
  CHECK(back[1].kind == "oldest_wait");
  CHECK(back[1].resolved);
}

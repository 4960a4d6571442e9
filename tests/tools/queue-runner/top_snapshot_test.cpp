// top's layout: ages, and the table made from a reading.
#include <doctest/doctest.h>

#include "top_snapshot.hpp"

using queue_runner::format_age;
using queue_runner::format_top;

TEST_CASE("top: format_age picks the two largest units") {
  CHECK(format_age(std::nullopt) == "-");
  CHECK(format_age(0) == "0ms");
  CHECK(format_age(999) == "999ms");
  CHECK(format_age(12'400) == "12s");
  CHECK(format_age(245'000) == "4m05s");
  CHECK(format_age(3 * 3600'000 + 12 * 60'000) == "3h12m");
  CHECK(format_age(2 * 86400'000LL + 4 * 3600'000) == "2d04h");
}

TEST_CASE("top: format_top has a header - one line per queue and the slot totals") {
  queue_runner::TopReading reading;
  reading.queues.push_back({.name = "documents", .waiting = 12, .active = 2, .delayed = 1, .failed = 3,
                            .completed_last_minute = 40, .next_ready_for_ms = 4000, .dead_letters = 5, .workers = 1,
                            .slots = 2});
  reading.queues.push_back({.name = "media", .slots = 4});
  const auto lines = format_top(reading);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0].starts_with("queue "));
  for (const char* column : {"waiting", "active", "delayed", "failed", "done/min", "oldest", "dead", "workers", "slots"}) {
    CHECK(lines[0].find(column) != std::string::npos);
  }
  CHECK(lines[1] == "documents                  12       2        1       3       40        4s      5        1     2/2");
  CHECK(lines[2] == "media                       0       0        0       0        0         -      0        0     0/4");
  CHECK(lines[3] == "slots: 2 busy of 6 per runner with this configuration");
}

#include <doctest/doctest.h>

#include "duration.hpp"

using queue_runner::parse_duration_ms;

TEST_CASE("parse_duration_ms: units") {
  CHECK(parse_duration_ms("500ms") == 500);
  CHECK(parse_duration_ms("90s") == 90000);
  CHECK(parse_duration_ms("15m") == 900000);
  CHECK(parse_duration_ms("12h") == 43200000);
  CHECK(parse_duration_ms("30d") == 2592000000LL);
}

TEST_CASE("parse_duration_ms: refuses what is not a duration") {
  for (const char* text : {"", "d", "10", "10w", "-5m", "1.5h", "99999999999999999d"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_duration_ms(text));
  }
}

#include <doctest/doctest.h>

#include "duration.hpp"
#include "job.hpp"

TEST_CASE("cleanup duration") {
  CHECK(cleanup::parse_duration("90d") == std::chrono::hours(24 * 90));
}

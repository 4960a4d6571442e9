#include <doctest/doctest.h>

#include "bullmq/backoff.hpp"

using nlohmann::json;
using bullmq::backoff_delay;

namespace {

std::int64_t delay_of(const json& backoff, std::int64_t attempt, double random01 = 0.5) {
  auto delay = backoff_delay(backoff, attempt, random01);
  REQUIRE(delay.ok());
  REQUIRE(delay.value().has_value());
  return *delay.value();
}

}  // namespace

TEST_CASE("backoff_delay: no backoff retries at once") {
  auto delay = backoff_delay(nullptr, 1, 0.5);
  REQUIRE(delay.ok());
  CHECK_FALSE(delay.value().has_value());
}

TEST_CASE("backoff_delay: fixed and a bare number") {
  CHECK(delay_of({{"type", "fixed"}, {"delay", 1000}}, 1) == 1000);
  CHECK(delay_of({{"type", "fixed"}, {"delay", 1000}}, 7) == 1000);
  CHECK(delay_of(250, 3) == 250);
}

TEST_CASE("backoff_delay: exponential doubles from the delay") {
  const json backoff = {{"type", "exponential"}, {"delay", 1000}};
  CHECK(delay_of(backoff, 1) == 1000);
  CHECK(delay_of(backoff, 2) == 2000);
  CHECK(delay_of(backoff, 3) == 4000);
  CHECK(delay_of(backoff, 10) == 512000);
}

TEST_CASE("backoff_delay: jitter spreads between (1-j)B and B") {
  const json backoff = {{"type", "exponential"}, {"delay", 1000}, {"jitter", 0.5}};
  CHECK(delay_of(backoff, 3, 0.0) == 2000);     // floor(0 * 4000 * 0.5 + 4000 * 0.5)
  CHECK(delay_of(backoff, 3, 0.999) == 3998);   // floor(0.999 * 2000 + 2000)
  CHECK(delay_of({{"type", "fixed"}, {"delay", 100}, {"jitter", 1}}, 1, 0.25) == 25);
}

TEST_CASE("backoff_delay: unknown strategies are refused") {
  auto delay = backoff_delay({{"type", "custom"}, {"delay", 5}}, 1, 0.5);
  REQUIRE_FALSE(delay.ok());
  CHECK(delay.error().message.find("custom") != std::string::npos);
}

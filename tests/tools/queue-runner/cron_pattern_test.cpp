// Patterns cron-parser 5.10.3 refuses are refused with its message (taken from it), so a
// scheduler a Node producer could not create is not created from the runner either.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "cron_pattern.hpp"

namespace {

struct Refusal {
  const char* pattern;
  const char* message;
};

const std::vector<Refusal> refusals = {
    {"0 0 30 2 *", "Invalid explicit day of month definition"},
    {"61 * * * *", "Constraint error, got value 61 expected range 0-59"},
    {"0 0 * * 8", "Constraint error, got value 8 expected range 0-7"},
    {"* * * * * * *", "Invalid cron expression, too many fields"},
    {"0 0 15W * *", "Invalid characters, got value: 15W"},
    {"0 0 * * L", "CronDayOfWeek Validation error, unexpected standalone L"},
    {"0 0 * * 1#6", "Constraint error, invalid dayOfWeek occurrence number (#)"},
    {"0 0 * * 1-2#2", "Constraint error, invalid dayOfWeek `#` and `-` special characters are incompatible"},
    {"*/0 * * * *", "Constraint error, cannot repeat at every 0 time."},
    {"5-1 * * * *", "Invalid range: 5-1, min(5) > max(1)"},
    {"1,,2 * * * *", "Invalid list value format"},
    {"0 0 * foo *", "Validation error, cannot resolve alias \"foo\""},
    {"0 0 1,1 * *", "CronDayOfMonth Validation error, duplicate values found: 1"},
    {"0 0 * * 0,7", "CronDayOfWeek Validation error, duplicate values found: 0"},
};

}  // namespace

TEST_CASE("cron pattern: refusals carry cron-parser's message") {
  for (const auto& refusal : refusals) {
    CAPTURE(refusal.pattern);
    auto parsed = jobkit::cron::parse_cron_pattern(refusal.pattern);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().message == refusal.message);
  }
}

TEST_CASE("cron pattern: hashed H values are refused naming the reason") {
  auto parsed = jobkit::cron::parse_cron_pattern("H * * * *");
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().message.find("hashed") != std::string::npos);
}

TEST_CASE("cron pattern: five fields get second 0 and names become numbers") {
  auto parsed = jobkit::cron::parse_cron_pattern("*/15 9-17 * jan-mar mon-fri");
  REQUIRE(parsed.ok());
  const auto& p = parsed.value();
  CHECK(p.second.numbers == std::vector<int>{0});
  CHECK(p.minute.numbers == std::vector<int>{0, 15, 30, 45});
  CHECK(p.hour.numbers.size() == 9);
  CHECK(p.day_of_month.wildcard);
  CHECK(p.month.numbers == std::vector<int>{1, 2, 3});
  CHECK(p.day_of_week.numbers == std::vector<int>{1, 2, 3, 4, 5});
}

TEST_CASE("cron pattern: L and # are kept for the day match") {
  auto last = jobkit::cron::parse_cron_pattern("0 0 L * *");
  REQUIRE(last.ok());
  CHECK(last.value().day_of_month.has_last);
  auto nth = jobkit::cron::parse_cron_pattern("0 0 * * fri#3");
  REQUIRE(nth.ok());
  CHECK(nth.value().nth_day_of_week == 3);
  CHECK(nth.value().day_of_week.numbers == std::vector<int>{5});
}

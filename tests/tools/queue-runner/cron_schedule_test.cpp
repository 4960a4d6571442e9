// The next instants of one pattern per syntax element and per DST case, as cron-parser
// 5.10.3 gives them (the values were taken from it; the differential test in
// tests/interop/cron-differential.test.mjs compares thousands more).
#include <doctest/doctest.h>

#include <ctime>
#include <string>
#include <vector>

#include "cron_pattern.hpp"
#include "cron_schedule.hpp"
#include "time_zone.hpp"

namespace {

std::int64_t iso_ms(const std::string& iso) {
  std::tm tm{};
  tm.tm_year = std::stoi(iso.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(iso.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(iso.substr(8, 2));
  tm.tm_hour = std::stoi(iso.substr(11, 2));
  tm.tm_min = std::stoi(iso.substr(14, 2));
  tm.tm_sec = std::stoi(iso.substr(17, 2));
  return static_cast<std::int64_t>(timegm(&tm)) * 1000 + std::stoi(iso.substr(20, 3));
}

std::string iso(std::int64_t ms) {
  const std::time_t seconds = ms / 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &tm);
  return std::string(text) + "." + std::to_string(1000 + ms % 1000).substr(1) + "Z";
}

struct CronRow {
  const char* element;
  const char* pattern;
  const char* zone;
  const char* start;
  std::vector<std::string> next;
};

const std::vector<CronRow> cron_rows = {
    {"five fields, seconds zero", "30 14 * * *", "UTC", "2026-03-10T10:00:00.000Z", {"2026-03-10T14:30:00.000Z", "2026-03-11T14:30:00.000Z", "2026-03-12T14:30:00.000Z"}},
    {"six fields", "*/20 * * * * *", "UTC", "2026-03-10T10:00:05.123Z", {"2026-03-10T10:00:20.000Z", "2026-03-10T10:00:40.000Z", "2026-03-10T10:01:00.000Z"}},
    {"range", "0 9-11 * * *", "UTC", "2026-03-10T10:30:00.000Z", {"2026-03-10T11:00:00.000Z", "2026-03-11T09:00:00.000Z", "2026-03-11T10:00:00.000Z"}},
    {"step over range", "0 0-30/10 8 * * *", "UTC", "2026-03-10T08:05:00.000Z", {"2026-03-10T08:10:00.000Z", "2026-03-10T08:20:00.000Z", "2026-03-10T08:30:00.000Z"}},
    {"start slash step", "0 5/20 * * * *", "UTC", "2026-03-10T08:50:00.000Z", {"2026-03-10T09:05:00.000Z", "2026-03-10T09:25:00.000Z", "2026-03-10T09:45:00.000Z"}},
    {"list", "0 0 1,15 * *", "UTC", "2026-03-10T00:00:00.000Z", {"2026-03-15T00:00:00.000Z", "2026-04-01T00:00:00.000Z", "2026-04-15T00:00:00.000Z"}},
    {"month names", "0 0 1 jan,JUL *", "UTC", "2026-03-10T00:00:00.000Z", {"2026-07-01T00:00:00.000Z", "2027-01-01T00:00:00.000Z", "2027-07-01T00:00:00.000Z"}},
    {"weekday names", "0 12 * * MON-wed", "UTC", "2026-03-12T00:00:00.000Z", {"2026-03-16T12:00:00.000Z", "2026-03-17T12:00:00.000Z", "2026-03-18T12:00:00.000Z"}},
    {"question mark", "0 0 ? * 5", "UTC", "2026-03-10T00:00:00.000Z", {"2026-03-13T00:00:00.000Z", "2026-03-20T00:00:00.000Z", "2026-03-27T00:00:00.000Z"}},
    {"sunday as 7", "0 0 * * 7", "UTC", "2026-03-10T00:00:00.000Z", {"2026-03-15T00:00:00.000Z", "2026-03-22T00:00:00.000Z", "2026-03-29T00:00:00.000Z"}},
    {"last day of month", "0 0 L * *", "UTC", "2026-01-30T00:00:00.000Z", {"2026-01-31T00:00:00.000Z", "2026-02-28T00:00:00.000Z", "2026-03-31T00:00:00.000Z"}},
    {"last day in leap February", "0 0 L 2 *", "UTC", "2027-06-01T00:00:00.000Z", {"2028-02-29T00:00:00.000Z", "2029-02-28T00:00:00.000Z", "2030-02-28T00:00:00.000Z"}},
    {"last friday", "0 0 * * 5L", "UTC", "2026-03-01T00:00:00.000Z", {"2026-03-27T00:00:00.000Z", "2026-04-24T00:00:00.000Z", "2026-05-29T00:00:00.000Z"}},
    {"second tuesday", "0 0 * * 2#2", "UTC", "2026-03-01T00:00:00.000Z", {"2026-03-10T00:00:00.000Z", "2026-04-14T00:00:00.000Z", "2026-05-12T00:00:00.000Z"}},
    {"day of month or day of week", "0 0 13 * 5", "UTC", "2026-03-01T00:00:00.000Z", {"2026-03-06T00:00:00.000Z", "2026-03-13T00:00:00.000Z", "2026-03-20T00:00:00.000Z"}},
    {"shorthand weekly", "@weekly", "UTC", "2026-03-10T00:00:00.000Z", {"2026-03-15T00:00:00.000Z", "2026-03-22T00:00:00.000Z", "2026-03-29T00:00:00.000Z"}},
    {"berlin spring forward skipped hour", "0 30 2 * * *", "Europe/Berlin", "2026-03-28T12:00:00.000Z", {"2026-03-29T01:30:00.000Z", "2026-03-30T00:30:00.000Z", "2026-03-31T00:30:00.000Z"}},
    {"berlin fall back repeated hour", "0 30 2 * * *", "Europe/Berlin", "2026-10-24T12:00:00.000Z", {"2026-10-25T00:30:00.000Z", "2026-10-26T01:30:00.000Z", "2026-10-27T01:30:00.000Z"}},
    {"berlin fall back every hour", "0 30 * * * *", "Europe/Berlin", "2026-10-24T23:00:00.000Z", {"2026-10-24T23:30:00.000Z", "2026-10-25T00:30:00.000Z", "2026-10-25T01:30:00.000Z"}},
    {"new york spring forward", "0 15 2 * * *", "America/New_York", "2026-03-07T12:00:00.000Z", {"2026-03-08T07:15:00.000Z", "2026-03-09T06:15:00.000Z", "2026-03-10T06:15:00.000Z"}},
    {"lord howe half hour shift", "0 */20 1-2 * * *", "Australia/Lord_Howe", "2026-04-04T13:00:00.000Z", {"2026-04-04T14:00:00.000Z", "2026-04-04T14:20:00.000Z", "2026-04-04T14:40:00.000Z"}},
    {"lord howe spring", "0 10 2 * * *", "Australia/Lord_Howe", "2026-10-03T12:00:00.000Z", {"2026-10-04T15:10:00.000Z", "2026-10-05T15:10:00.000Z", "2026-10-06T15:10:00.000Z"}},
    {"kathmandu quarter hour offset", "0 0 9 * * *", "Asia/Kathmandu", "2026-03-10T00:00:00.000Z", {"2026-03-10T03:15:00.000Z", "2026-03-11T03:15:00.000Z", "2026-03-12T03:15:00.000Z"}},
    {"tokyo", "0 0 0 1 * *", "Asia/Tokyo", "2026-03-10T00:00:00.000Z", {"2026-03-31T15:00:00.000Z", "2026-04-30T15:00:00.000Z", "2026-05-31T15:00:00.000Z"}},
};

}  // namespace

TEST_CASE("cron schedule: each syntax element and DST case gives cron-parser's next instants") {
  for (const auto& row : cron_rows) {
    CAPTURE(row.element);
    auto pattern = jobkit::cron::parse_cron_pattern(row.pattern);
    REQUIRE(pattern.ok());
    auto zone = jobkit::cron::TimeZone::load(row.zone);
    REQUIRE(zone.ok());
    jobkit::cron::CronSchedule schedule(pattern.value(), zone.value(), {.current_ms = iso_ms(row.start)});
    for (const auto& expected : row.next) {
      auto next = schedule.next();
      REQUIRE(next.ok());
      CHECK(iso(next.value()) == expected);
    }
  }
}

TEST_CASE("cron schedule: endDate ends the schedule with cron-parser's error") {
  auto pattern = jobkit::cron::parse_cron_pattern("0 0 * * *");
  REQUIRE(pattern.ok());
  jobkit::cron::CronSchedule schedule(pattern.value(), jobkit::cron::TimeZone::utc(),
                                      {.current_ms = iso_ms("2026-03-10T12:00:00.000Z"),
                                       .start_ms = std::nullopt,
                                       .end_ms = iso_ms("2026-03-12T12:00:00.000Z")});
  CHECK(schedule.next().value() == iso_ms("2026-03-11T00:00:00.000Z"));
  CHECK(schedule.next().value() == iso_ms("2026-03-12T00:00:00.000Z"));
  auto past_end = schedule.next();
  REQUIRE_FALSE(past_end.ok());
  CHECK(past_end.error().message == "Out of the time span range");
}

TEST_CASE("cron time zone: an unknown or unsafe name is refused") {
  CHECK_FALSE(jobkit::cron::TimeZone::load("Mars/Olympus_Mons").ok());
  CHECK_FALSE(jobkit::cron::TimeZone::load("../../etc/passwd").ok());
  CHECK(jobkit::cron::TimeZone::load("Europe/Berlin").value().offset_minutes(iso_ms("2026-07-01T00:00:00.000Z")) == 120);
}

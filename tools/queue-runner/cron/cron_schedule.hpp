// The instants a cron pattern fires at, in a time zone, found the way cron-parser 5.10.3
// walks the calendar (month, day, hour, minute, second, each stepped forward with the
// wall-clock arithmetic of wall_clock.hpp). Its DST rules follow from that walk: a time in
// an hour skipped by a spring-forward fires once, at the same minutes of the hour the clock
// lands on; an hour repeated by a fall-back fires once, in its first occurrence, for
// patterns that do not fire every hour; patterns with all 24 hours fire in both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cron_pattern.hpp"
#include "time_zone.hpp"
#include "wall_clock.hpp"

namespace jobkit::cron {

struct ScheduleOptions {
  std::int64_t current_ms = 0;           // the search starts after this instant
  std::optional<std::int64_t> start_ms;  // no instant before it (cron-parser's startDate)
  std::optional<std::int64_t> end_ms;    // nor after it (endDate)
};

class CronSchedule {
 public:
  CronSchedule(CronPattern pattern, TimeZone zone, const ScheduleOptions& options);

  // The next instant after the previous one returned (or the start); a JobError (65) with
  // cron-parser's message when the time span is left or no instant is found within its
  // search limit.
  jobkit::Result<std::int64_t> next();

 private:
  struct Cursor;
  bool day_matches(const CivilFields& day) const;
  bool is_dst_change_day(const WallClock& clock);
  bool match_hour(Cursor& cursor);
  void advance(Cursor& cursor, char unit) const;

  CronPattern m_pattern;
  TimeZone m_zone;
  std::optional<std::int64_t> m_start_ms;
  std::optional<std::int64_t> m_end_ms;
  std::int64_t m_current_ms;
  // What cron-parser carries from one call to the next: the skipped and repeated hours it
  // noticed while stepping, and which day it last checked for a DST change.
  std::optional<int> m_dst_start, m_dst_start_landing, m_dst_end;
  std::string m_checked_day;
  bool m_checked_day_changes = false;
};

}  // namespace jobkit::cron

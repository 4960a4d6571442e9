// A time zone read from the system's zoneinfo (TZif files, Debian's tzdata): the UTC offset
// in force at any instant, which is all a cron schedule needs to turn instants into wall
// clock fields and back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "jobkit/job_error.hpp"

namespace jobkit::cron {

class TimeZone {
 public:
  // An IANA name ("Europe/Berlin", "UTC"); a name the zoneinfo lacks is a JobError.
  static jobkit::Result<TimeZone> load(const std::string& name);
  // The zone a process uses when it names none: TZ, else /etc/localtime, else UTC — what
  // Node (and so BullMQ without a tz) uses.
  static TimeZone system_default();
  static TimeZone utc();

  const std::string& name() const { return m_name; }
  // The offset from UTC, in whole minutes, at the instant `epoch_ms`.
  int offset_minutes(std::int64_t epoch_ms) const;

 private:
  // The zone's rule for instants after its last listed transition (the TZif footer, a POSIX
  // TZ string such as "CET-1CEST,M3.5.0,M10.5.0/3"): standard offset, and DST with the
  // month/week/weekday rules that start and end it.
  struct YearlyRule {
    int standard_offset = 0;  // seconds east of UTC
    std::optional<int> dst_offset;
    int start_month = 0, start_week = 0, start_weekday = 0, start_time = 7200;
    int end_month = 0, end_week = 0, end_weekday = 0, end_time = 7200;
  };
  static std::optional<YearlyRule> parse_yearly_rule(const std::string& text);
  int rule_offset(std::int64_t seconds) const;

  std::string m_name;
  std::optional<YearlyRule> m_rule;
  std::vector<std::int64_t> m_transitions;  // seconds since the epoch, ascending
  std::vector<int> m_offset_after;          // seconds east of UTC from each transition on
  int m_initial_offset = 0;                 // before the first transition
};

}  // namespace jobkit::cron

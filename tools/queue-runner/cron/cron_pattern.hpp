// A cron pattern parsed exactly as cron-parser 5.10.3 (the version bullmq 6.7.0 uses)
// parses it: 5 or 6 fields (seconds optional; fewer fields are filled from the left with
// "0 * * * * *"), @yearly/@monthly/... shorthands, ranges, steps, lists, month and weekday
// names, `?`, `L` in day of month, `<weekday>L` (last such weekday) and `<weekday>#<n>`.
// Patterns it refuses are refused here with its message. One deliberate difference: `H`
// (hashed values) is refused, because BullMQ draws a new random value for it at every
// iteration, which no second worker can reproduce.
#pragma once

#include <string>
#include <vector>

#include "jobkit/job_error.hpp"

namespace jobkit::cron {

struct CronField {
  std::vector<int> numbers;           // ascending; day of week may hold 7 from a range
  std::vector<std::string> specials;  // "L", "5L": the forms with a letter
  bool wildcard = false;              // written as `*` or `?`
  bool has_last = false;              // an `L` anywhere in the field as written
  bool contains(int value) const;
  // The smallest value above `value`, or -1.
  int next_above(int value) const;
};

struct CronPattern {
  CronField second, minute, hour, day_of_month, month, day_of_week;
  int nth_day_of_week = 0;  // from `#`, 1..5; 0 for none
};

// Errors are JobErrors with exit code 65 and cron-parser's own message.
jobkit::Result<CronPattern> parse_cron_pattern(const std::string& pattern);

}  // namespace jobkit::cron

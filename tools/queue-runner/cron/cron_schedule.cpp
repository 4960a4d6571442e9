#include "cron_schedule.hpp"

#include <utility>

namespace jobkit::cron {

namespace {

constexpr int loop_limit = 10000;
constexpr std::int64_t ms_per_hour = 3'600'000;

void set_start_of_day(WallClock& clock) { clock.set({.hour = 0, .minute = 0, .second = 0, .millisecond = 0}); }

bool is_last_day_of_month(const CivilFields& f) { return f.day == days_in_month(f.year, f.month); }

}  // namespace

struct CronSchedule::Cursor {
  WallClock clock;
  std::optional<int> dst_start, dst_start_landing, dst_end;
};

CronSchedule::CronSchedule(CronPattern pattern, TimeZone zone, const ScheduleOptions& options)
    : m_pattern(std::move(pattern)), m_zone(std::move(zone)), m_start_ms(options.start_ms), m_end_ms(options.end_ms) {
  m_current_ms = options.current_ms;
  if (m_start_ms && m_current_ms < *m_start_ms) m_current_ms = *m_start_ms;
  else if (m_end_ms && m_current_ms > *m_end_ms) m_current_ms = *m_end_ms;
}

// One step forward by a unit: 'M'onth and 'D'ay restart at the unit's beginning in local
// time, 'h'our and 'm'inute too after adding the unit's length, 's'econd just adds one. Steps
// by an hour or less note a skipped hour (the clock jumped two or more hours ahead with a
// larger offset) or a repeated one (the hour did not change), unless every hour matches.
void CronSchedule::advance(Cursor& cursor, char unit) const {
  WallClock& clock = cursor.clock;
  if (unit == 'M') {
    clock.add_calendar(1, 0);
    clock.set({.day = 1, .hour = 0, .minute = 0, .second = 0, .millisecond = 0});
    return;
  }
  if (unit == 'D') {
    clock.add_calendar(0, 1);
    set_start_of_day(clock);
    return;
  }
  const int previous_hour = clock.fields().hour;
  const int previous_offset = clock.offset_minutes();
  if (unit == 'h') {
    clock.add_milliseconds(ms_per_hour);
    clock.set({.minute = 0, .second = 0, .millisecond = 0});
  } else if (unit == 'm') {
    clock.add_milliseconds(60'000);
    clock.set({.second = 0, .millisecond = 0});
  } else {
    clock.add_milliseconds(1000);
  }
  const int hour = clock.fields().hour;
  const int hours_advanced = (hour - previous_hour + 24) % 24;
  const bool every_hour = m_pattern.hour.numbers.size() == 24;
  if (clock.offset_minutes() > previous_offset && hours_advanced >= 2) {
    if (!every_hour) {
      cursor.dst_start = (previous_hour + 1) % 24;
      cursor.dst_start_landing = hour;
    }
  } else if (hours_advanced == 0 && clock.fields().minute == 0 && clock.fields().second == 0) {
    if (!every_hour) cursor.dst_end = hour;
  }
}

// Day of month and day of week combine as in Vixie cron: when both are restricted either
// may match; when one is `*` or `?` only the other counts.
bool CronSchedule::day_matches(const CivilFields& day) const {
  const CronField& dom = m_pattern.day_of_month;
  const CronField& dow = m_pattern.day_of_week;
  const int weekday = weekday_of(day.year, day.month, day.day);
  const bool dom_matched = dom.contains(day.day) || (dom.has_last && is_last_day_of_month(day));
  const bool nth_matched = m_pattern.nth_day_of_week <= 0 || (day.day + 6) / 7 == m_pattern.nth_day_of_week;
  bool last_weekday_matched = false;
  if (dow.has_last && day.day > days_in_month(day.year, day.month) - 7) {
    // Each value counts by its first digit: "5L" is Friday, and a plain 1 beside it is Monday.
    for (int value : dow.numbers) last_weekday_matched |= (std::to_string(value)[0] - '0') % 7 == weekday;
    for (const auto& value : dow.specials) {
      if (!value.empty() && value[0] >= '0' && value[0] <= '9') last_weekday_matched |= (value[0] - '0') % 7 == weekday;
    }
  }
  const bool dow_matched = (dow.contains(weekday) && nth_matched) || last_weekday_matched;
  if (!dom.wildcard && !dow.wildcard && (dom_matched || dow_matched)) return true;
  if (dom_matched && dow.wildcard) return true;
  return dom.wildcard && !dow.wildcard && dow_matched;
}

bool CronSchedule::is_dst_change_day(const WallClock& clock) {
  const auto& f = clock.fields();
  const std::string key = std::to_string(f.year) + "-" + std::to_string(f.month) + "-" + std::to_string(f.day);
  if (key == m_checked_day) return m_checked_day_changes;
  WallClock start = clock;
  set_start_of_day(start);
  WallClock end = clock;
  end.add_calendar(0, 1);
  set_start_of_day(end);
  end.add_milliseconds(-1);
  m_checked_day = key;
  m_checked_day_changes = start.offset_minutes() != end.offset_minutes();
  return m_checked_day_changes;
}

bool CronSchedule::match_hour(Cursor& cursor) {
  const CronField& hours = m_pattern.hour;
  WallClock& clock = cursor.clock;
  const int hour = clock.fields().hour;
  // After a spring-forward, the landing hour stands in for the skipped hours it replaced.
  if (cursor.dst_start && cursor.dst_start_landing == hour) {
    for (int skipped = *cursor.dst_start; skipped != hour; skipped = (skipped + 1) % 24) {
      if (hours.contains(skipped)) return true;
    }
  }
  // After a fall-back, the second run of the repeated hour is skipped.
  if (cursor.dst_end == hour) {
    cursor.dst_end.reset();
    advance(cursor, 'h');
    return false;
  }
  if (hours.contains(hour)) return true;
  cursor.dst_start.reset();
  cursor.dst_start_landing.reset();
  const int next_hour = hours.next_above(hour);
  if (next_hour < 0) {
    advance(cursor, 'D');
    return false;
  }
  if (is_dst_change_day(clock)) {
    for (int i = 0; i < next_hour - hour; ++i) {
      advance(cursor, 'h');
      if (clock.fields().hour >= next_hour) break;
    }
  } else {
    clock.set({.hour = next_hour});
  }
  clock.set({.minute = m_pattern.minute.numbers.front()});
  clock.set({.second = m_pattern.second.numbers.front()});
  return false;
}

jobkit::Result<std::int64_t> CronSchedule::next() {
  Cursor cursor{WallClock(m_zone, m_current_ms), m_dst_start, m_dst_start_landing, m_dst_end};
  WallClock& clock = cursor.clock;
  const std::int64_t start_ms = clock.epoch_ms();
  if (clock.fields().millisecond > 0) {
    clock.set({.millisecond = 0});
    advance(cursor, 's');
  }
  const CronPattern& p = m_pattern;
  int steps = 0;
  while (++steps < loop_limit) {
    const std::int64_t now = clock.epoch_ms();
    if ((m_start_ms && now < *m_start_ms) || (m_end_ms && now > *m_end_ms)) {
      return jobkit::JobError::make(jobkit::ExitCode::invalid_data, "Out of the time span range");
    }
    const CivilFields& f = clock.fields();
    if (!p.month.contains(f.month)) {
      advance(cursor, 'M');
      continue;
    }
    if (!day_matches(f)) {
      advance(cursor, 'D');
      continue;
    }
    if (!match_hour(cursor)) continue;
    if (!p.minute.contains(clock.fields().minute)) {
      const int next_minute = p.minute.next_above(clock.fields().minute);
      if (next_minute >= 0) {
        clock.set({.minute = next_minute});
      } else {
        advance(cursor, 'h');
        clock.set({.minute = p.minute.numbers.front()});
      }
      clock.set({.second = p.second.numbers.front()});
      continue;
    }
    if (!p.second.contains(clock.fields().second)) {
      const int next_second = p.second.next_above(clock.fields().second);
      if (next_second >= 0) {
        clock.set({.second = next_second});
      } else {
        advance(cursor, 'm');
        clock.set({.second = p.second.numbers.front()});
      }
      continue;
    }
    if (clock.epoch_ms() == start_ms) {
      advance(cursor, 's');
      continue;
    }
    break;
  }
  if (steps >= loop_limit) {
    return jobkit::JobError::make(jobkit::ExitCode::invalid_data, "Invalid expression, loop limit exceeded");
  }
  m_current_ms = clock.epoch_ms();
  m_dst_start = cursor.dst_start;
  m_dst_start_landing = cursor.dst_start_landing;
  m_dst_end = cursor.dst_end;
  return m_current_ms;
}

}  // namespace jobkit::cron

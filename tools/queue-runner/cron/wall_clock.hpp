// An instant seen as wall-clock fields in one time zone, with the arithmetic of the date
// library cron-parser is built on (luxon): fields set or calendar days added are turned
// back into an instant starting from the offset in force before the change, which decides
// where a time in a skipped hour lands and which of a repeated hour's two instants is meant.
// Reproducing that arithmetic, not just "correct" time-zone maths, is what makes the next
// instants agree with BullMQ's to the millisecond around DST changes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "time_zone.hpp"

namespace jobkit::cron {

struct CivilFields {
  std::int64_t year = 1970;
  int month = 1;  // 1..12
  int day = 1;
  int hour = 0;
  int minute = 0;
  int second = 0;
  int millisecond = 0;
};

int days_in_month(std::int64_t year, int month);
// Days since 1970-01-01 of a proleptic Gregorian date (month 1..12).
std::int64_t days_from_civil(std::int64_t year, int month, int day);
// 0 = Sunday .. 6 = Saturday.
int weekday_of(std::int64_t year, int month, int day);

// "2026-03-29 03:30:00 +02:00": an instant as the zone's wall clock shows it.
std::string local_time_text(const TimeZone& zone, std::int64_t epoch_ms);

struct FieldChanges {
  std::optional<int> day{};
  std::optional<int> hour{};
  std::optional<int> minute{};
  std::optional<int> second{};
  std::optional<int> millisecond{};
};

class WallClock {
 public:
  WallClock(const TimeZone& zone, std::int64_t epoch_ms);

  std::int64_t epoch_ms() const { return m_epoch_ms; }
  int offset_minutes() const { return m_offset; }
  const CivilFields& fields() const { return m_fields; }

  void set(const FieldChanges& changes);
  void add_calendar(int months, int days);
  void add_milliseconds(std::int64_t amount);

 private:
  void place(std::int64_t local_ms, int offset_guess);

  const TimeZone* m_zone;
  std::int64_t m_epoch_ms;
  int m_offset;
  CivilFields m_fields;
};

}  // namespace jobkit::cron

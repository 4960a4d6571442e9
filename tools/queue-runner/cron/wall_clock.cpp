#include "wall_clock.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace jobkit::cron {
namespace {

constexpr std::int64_t ms_per_minute = 60'000;
constexpr std::int64_t ms_per_day = 86'400'000;

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::int64_t days_from_civil(std::int64_t y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = floor_div(y, 400);
  const std::int64_t yoe = y - era * 400;
  const std::int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

CivilFields civil_from_local_ms(std::int64_t local_ms) {
  const std::int64_t days = floor_div(local_ms, ms_per_day);
  std::int64_t in_day = local_ms - days * ms_per_day;
  const std::int64_t z = days + 719468;
  const std::int64_t era = floor_div(z, 146097);
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  CivilFields f;
  f.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  f.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  f.year = yoe + era * 400 + (f.month <= 2);
  f.hour = static_cast<int>(in_day / 3'600'000);
  in_day %= 3'600'000;
  f.minute = static_cast<int>(in_day / ms_per_minute);
  in_day %= ms_per_minute;
  f.second = static_cast<int>(in_day / 1000);
  f.millisecond = static_cast<int>(in_day % 1000);
  return f;
}

// Like Date.UTC: a month past 12 carries into the year, a day past the month's end into the
// next month.
std::int64_t local_ms_of(const CivilFields& f) {
  const std::int64_t month_index = f.month - 1;
  const std::int64_t year = f.year + floor_div(month_index, 12);
  const int month = static_cast<int>(month_index - floor_div(month_index, 12) * 12) + 1;
  const std::int64_t days = days_from_civil(year, month, 1) + f.day - 1;
  return days * ms_per_day + f.hour * 3'600'000LL + f.minute * ms_per_minute + f.second * 1000LL + f.millisecond;
}

}  // namespace

int days_in_month(std::int64_t year, int month) {
  const std::int64_t index = month - 1;
  const std::int64_t y = year + floor_div(index, 12);
  const int m = static_cast<int>(index - floor_div(index, 12) * 12) + 1;
  static constexpr int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : lengths[m - 1];
}

int weekday_of(std::int64_t year, int month, int day) {
  const std::int64_t days = days_from_civil(year, month, day);
  return static_cast<int>(days + 4 - floor_div(days + 4, 7) * 7);
}

std::string local_time_text(const TimeZone& zone, std::int64_t epoch_ms) {
  const WallClock clock(zone, epoch_ms);
  const CivilFields& f = clock.fields();
  const int offset = clock.offset_minutes();
  char text[64];
  std::snprintf(text, sizeof text, "%04lld-%02d-%02d %02d:%02d:%02d %c%02d:%02d", static_cast<long long>(f.year), f.month,
                f.day, f.hour, f.minute, f.second, offset < 0 ? '-' : '+', std::abs(offset) / 60, std::abs(offset) % 60);
  return text;
}

WallClock::WallClock(const TimeZone& zone, std::int64_t epoch_ms) : m_zone(&zone), m_epoch_ms(epoch_ms) {
  m_offset = zone.offset_minutes(epoch_ms);
  m_fields = civil_from_local_ms(epoch_ms + m_offset * ms_per_minute);
}

// A local time becomes an instant by trying the offset it had, then the offset found there;
// when neither round-trips the time lies in a skipped hour and lands that many minutes later.
void WallClock::place(std::int64_t local_ms, int offset_guess) {
  std::int64_t guess = local_ms - offset_guess * ms_per_minute;
  const int second_offset = m_zone->offset_minutes(guess);
  if (second_offset == offset_guess) {
    m_epoch_ms = guess;
    m_offset = offset_guess;
  } else {
    guess -= (second_offset - offset_guess) * ms_per_minute;
    const int third_offset = m_zone->offset_minutes(guess);
    if (third_offset == second_offset) {
      m_epoch_ms = guess;
      m_offset = second_offset;
    } else {
      m_epoch_ms = local_ms - std::min(second_offset, third_offset) * ms_per_minute;
      m_offset = std::max(second_offset, third_offset);
    }
  }
  m_fields = civil_from_local_ms(m_epoch_ms + m_offset * ms_per_minute);
}

void WallClock::set(const FieldChanges& changes) {
  CivilFields mixed = m_fields;
  if (changes.day) mixed.day = *changes.day;
  if (changes.hour) mixed.hour = *changes.hour;
  if (changes.minute) mixed.minute = *changes.minute;
  if (changes.second) mixed.second = *changes.second;
  if (changes.millisecond) mixed.millisecond = *changes.millisecond;
  place(local_ms_of(mixed), m_offset);
}

void WallClock::add_calendar(int months, int days) {
  CivilFields shifted = m_fields;
  shifted.month += months;
  shifted.day = std::min(m_fields.day, days_in_month(shifted.year, shifted.month)) + days;
  place(local_ms_of(shifted), m_offset);
}

void WallClock::add_milliseconds(std::int64_t amount) {
  m_epoch_ms += amount;
  m_offset = m_zone->offset_minutes(m_epoch_ms);
  m_fields = civil_from_local_ms(m_epoch_ms + m_offset * ms_per_minute);
}

}  // namespace jobkit::cron

#include "timestamp.hpp"

#include <chrono>
#include <cstdio>

#include <fmt/format.h>

namespace calc_rankings {
namespace {

bool read_digits(std::string_view text, std::size_t position, std::size_t count, int& value) {
  if (position + count > text.size()) return false;
  value = 0;
  for (std::size_t i = position; i < position + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  return true;
}

}  // namespace

std::optional<std::int64_t> parse_rfc3339(std::string_view text) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  if (text.size() < 20 || !read_digits(text, 0, 4, year) || text[4] != '-' || !read_digits(text, 5, 2, month) ||
      text[7] != '-' || !read_digits(text, 8, 2, day) || (text[10] != 'T' && text[10] != 't') ||
      !read_digits(text, 11, 2, hour) || text[13] != ':' || !read_digits(text, 14, 2, minute) || text[16] != ':' ||
      !read_digits(text, 17, 2, second)) {
    return std::nullopt;
  }
  std::size_t position = 19;
  if (position < text.size() && text[position] == '.') {
    ++position;
    const std::size_t digits_start = position;
    while (position < text.size() && text[position] >= '0' && text[position] <= '9') ++position;
    if (position == digits_start) return std::nullopt;  // fractions are dropped: ranks count days
  }
  int offset_seconds = 0;
  if (position < text.size() && (text[position] == 'Z' || text[position] == 'z')) {
    ++position;
  } else if (position < text.size() && (text[position] == '+' || text[position] == '-')) {
    int offset_hours = 0, offset_minutes = 0;
    if (!read_digits(text, position + 1, 2, offset_hours) || position + 3 >= text.size() || text[position + 3] != ':' ||
        !read_digits(text, position + 4, 2, offset_minutes) || offset_hours > 23 || offset_minutes > 59) {
      return std::nullopt;
    }
    offset_seconds = (offset_hours * 3600 + offset_minutes * 60) * (text[position] == '-' ? -1 : 1);
    position += 6;
  } else {
    return std::nullopt;
  }
  if (position != text.size() || hour > 23 || minute > 59 || second > 60) return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(year), std::chrono::month(static_cast<unsigned>(month)),
                                         std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) return std::nullopt;
  const std::int64_t days = std::chrono::sys_days(date).time_since_epoch().count();
  return days * 86400 + hour * 3600 + minute * 60 + second - offset_seconds;
}

std::string format_rfc3339(std::int64_t epoch_seconds) {
  const std::int64_t days = (epoch_seconds >= 0 ? epoch_seconds : epoch_seconds - 86399) / 86400;
  const std::int64_t in_day = epoch_seconds - days * 86400;
  const std::chrono::year_month_day date{std::chrono::sys_days(std::chrono::days(days))};
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(date.year()),
                     static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()), in_day / 3600,
                     in_day / 60 % 60, in_day % 60);
}

}  // namespace calc_rankings

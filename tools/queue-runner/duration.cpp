#include "duration.hpp"

#include <algorithm>

#include "jobkit/whole_number.hpp"

namespace queue_runner {

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
  // The number is the leading [-]digits, as from_chars would read them, and the rest the unit
  // (so "-0s" still reads as 0, and "-5m" is refused for being negative).
  const std::size_t digits_start = text.starts_with('-') ? 1 : 0;
  const std::size_t unit_start = std::min(text.find_first_not_of("0123456789", digits_start), text.size());
  const auto number = jobkit::parse_whole_number<std::int64_t>(text.substr(0, unit_start));
  if (!number || *number < 0) return std::nullopt;
  const std::string_view unit = text.substr(unit_start);
  constexpr std::pair<std::string_view, std::int64_t> units[] = {
      {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
  for (const auto& [name, factor] : units) {
    if (unit == name) {
      if (*number > INT64_MAX / factor) return std::nullopt;
      return *number * factor;
    }
  }
  return std::nullopt;
}

}  // namespace queue_runner

#include "duration.hpp"

#include <charconv>

namespace queue_runner {

std::optional<std::int64_t> parse_duration_ms(std::string_view text) {
  std::int64_t number = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (error != std::errc() || end == text.data() || number < 0) return std::nullopt;
  const std::string_view unit(end, static_cast<std::size_t>(text.data() + text.size() - end));
  constexpr std::pair<std::string_view, std::int64_t> units[] = {
      {"ms", 1}, {"s", 1000}, {"m", 60000}, {"h", 3600000}, {"d", 86400000}};
  for (const auto& [name, factor] : units) {
    if (unit == name) {
      if (number > INT64_MAX / factor) return std::nullopt;
      return number * factor;
    }
  }
  return std::nullopt;
}

}  // namespace queue_runner

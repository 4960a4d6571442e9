#include "duration.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <utility>

#include "jobkit/whole_number.hpp"

namespace cleanup {

std::optional<std::chrono::milliseconds> parse_duration(std::string_view text) {
  const std::size_t digits = text.find_first_not_of("0123456789");
  if (digits == 0 || digits == std::string_view::npos) return std::nullopt;
  const auto number = jobkit::parse_whole_number<std::int64_t>(text.substr(0, digits));
  if (!number) return std::nullopt;
  const std::string_view unit = text.substr(digits);
  constexpr std::array<std::pair<std::string_view, std::int64_t>, 5> units{
      {{"ms", 1}, {"s", 1000}, {"m", 60'000}, {"h", 3'600'000}, {"d", 86'400'000}}};
  for (const auto& [name, factor] : units) {
    if (unit != name) continue;
    if (*number > std::numeric_limits<std::int64_t>::max() / factor) return std::nullopt;
    return std::chrono::milliseconds(*number * factor);
  }
  return std::nullopt;
}

}  // namespace cleanup

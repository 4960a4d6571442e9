// Durations as jobs write them: a whole number and a unit, "250ms", "45s", "30m", "12h", "90d".
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace cleanup {

// nullopt for anything else (no unit, a fraction, a sign, an overflow).
std::optional<std::chrono::milliseconds> parse_duration(std::string_view text);

}  // namespace cleanup

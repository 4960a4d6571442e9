// Durations as people write them on a command line: 500ms, 90s, 15m, 12h, 30d.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace queue_runner {

// Milliseconds, or nullopt for anything that is not a whole number with one of those units.
std::optional<std::int64_t> parse_duration_ms(std::string_view text);

}  // namespace queue_runner

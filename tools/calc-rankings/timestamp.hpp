// RFC 3339 timestamps ("2026-11-28T00:00:00Z", "2026-11-28T01:00:00.5+01:00") to and from
// seconds since the epoch, without the process's time zone getting a say.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace calc_rankings {

// nullopt for anything that is not a full RFC 3339 date-time with Z or an offset.
std::optional<std::int64_t> parse_rfc3339(std::string_view text);

// "2026-11-28T00:00:00Z"
std::string format_rfc3339(std::int64_t epoch_seconds);

}  // namespace calc_rankings

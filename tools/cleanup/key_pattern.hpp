// Whether a Redis glob pattern (SCAN MATCH) can match a key that starts with a given prefix:
// the guard that keeps a key cleanup from reaching into BullMQ's queues ("bull:...").
#pragma once

#include <string_view>

namespace cleanup {

// True when some key starting with `prefix` matches `pattern`: the pattern's literal start
// (up to its first *, ?, [) already starts with the prefix, or it is a start of the prefix
// that a wildcard continues ("*", "b*", "bu?l:*"). Errs on the side of true.
bool pattern_may_match_prefix(std::string_view pattern, std::string_view prefix);

}  // namespace cleanup

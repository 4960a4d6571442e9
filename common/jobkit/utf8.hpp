// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace jobkit {

// The byte offset of the first byte that does not start a valid UTF-8 sequence, or nullopt
// when the whole text is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

}  // namespace jobkit

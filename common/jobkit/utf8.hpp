// UTF-8 validation (RFC 3629: no overlong forms, no surrogates, nothing above U+10FFFF).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace jobkit {

// The byte offset of the first byte that does not start a valid UTF-8 sequence, or nullopt
// when the whole text is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Appends code_point (at most U+10FFFF) to out in UTF-8. Surrogates are the caller's to keep
// out: encoded, they would be the invalid text find_invalid_utf8 reports.
void append_utf8(std::string& out, char32_t code_point);

}  // namespace jobkit

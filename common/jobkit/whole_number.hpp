// Reading a whole string as a base-10 integer: the one place that calls std::from_chars.
#pragma once

#include <charconv>
#include <concepts>
#include <optional>
#include <string_view>
#include <system_error>

namespace jobkit {

// The value of text when all of it is a base-10 integer that fits Integer, else nullopt.
// std::from_chars on its own stops at the first character that is not a digit and still
// reports success, so "12abc" would read as 12; a number from an environment variable, a URL
// or a header must not be accepted half-read, hence the check that every character was used.
// As with from_chars: no leading '+', no spaces, and '-' only for signed types. Out of range
// and empty text give nullopt.
template <std::integral Integer>
std::optional<Integer> parse_whole_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  Integer value{};
  const char* const end = text.data() + text.size();
  const auto [stop, error] = std::from_chars(text.data(), end, value);
  if (error != std::errc() || stop != end) return std::nullopt;
  return value;
}

}  // namespace jobkit

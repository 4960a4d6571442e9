// ECMAScript's Number::toString for the finite doubles JSON.stringify writes. std::to_chars
// finds the digits (the shortest that read back as the same double, the closest of them on a
// tie, as the ECMAScript rule asks); this file only lays them out as JavaScript does.
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <string>

#include "jobkit/node_json.hpp"

namespace jobkit {
namespace {

// A positive finite double as digits × 10^(exponent - digits.size()): "12345" and 3 for
// 123.45. These are ECMAScript's s, n and k (k being the digit count).
struct decimal_digits {
  std::string digits;
  int exponent = 0;
};

decimal_digits shortest_digits(double magnitude) {
  // Scientific form "d.ddde±x" is the simplest to take apart; 32 bytes hold any double.
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, magnitude,
                                    std::chars_format::scientific);
  const std::string_view text(buffer, static_cast<std::size_t>(result.ptr - buffer));
  const std::size_t e = text.find('e');
  decimal_digits decimal;
  for (const char c : text.substr(0, e)) {
    if (c != '.') decimal.digits += c;
  }
  decimal.exponent = std::atoi(std::string(text.substr(e + 1)).c_str()) + 1;
  return decimal;
}

std::string exponent_suffix(int exponent) {
  return std::string(exponent < 0 ? "e-" : "e+") + std::to_string(std::abs(exponent));
}

}  // namespace

std::string node_number_text(double value) {
  if (!std::isfinite(value)) return "null";
  if (value == 0) return "0";  // both zeros: String(-0) is "0"
  const auto [digits, n] = shortest_digits(std::fabs(value));
  const int k = static_cast<int>(digits.size());
  std::string text = value < 0 ? "-" : "";
  if (k <= n && n <= 21) {
    // A whole number below 1e21: all its digits, no exponent (123456789012345680000).
    text += digits;
    text.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    text += digits.substr(0, static_cast<std::size_t>(n));
    text += '.';
    text += digits.substr(static_cast<std::size_t>(n));
  } else if (-6 < n && n <= 0) {
    // Down to 1e-6 with leading zeros (0.000001); 1e-7 and below take an exponent.
    text += "0.";
    text.append(static_cast<std::size_t>(-n), '0');
    text += digits;
  } else {
    text += digits.substr(0, 1);
    if (k > 1) text += '.' + digits.substr(1);
    text += exponent_suffix(n - 1);
  }
  return text;
}

}  // namespace jobkit

#include "key_pattern.hpp"

#include <string>

namespace cleanup {

bool pattern_may_match_prefix(std::string_view pattern, std::string_view prefix) {
  std::string literal;
  bool wildcard = false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\\' && i + 1 < pattern.size()) {
      literal += pattern[++i];
    } else if (c == '*' || c == '?' || c == '[') {
      wildcard = true;
      break;
    } else {
      literal += c;
    }
  }
  if (std::string_view(literal).starts_with(prefix)) return true;
  return wildcard && prefix.starts_with(literal);
}

}  // namespace cleanup

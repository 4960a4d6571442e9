// Secret redaction by pattern. Deliberately greedy: a false positive costs a log line's
// detail, a false negative leaks a credential.
#include "jobkit/redaction.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace jobkit {
namespace {

std::string lowercase(std::string_view text) {
  std::string result(text);
  std::transform(result.begin(), result.end(), result.begin(), [](unsigned char c) { return std::tolower(c); });
  return result;
}

bool is_token_character(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' || c == '~' || c == '+' ||
         c == '/' || c == '=' || c == '%';
}

// Characters that end a URL in free text.
bool ends_url(char c) { return std::isspace(static_cast<unsigned char>(c)) || c == '"' || c == '\'' || c == '>'; }

// In text, replaces the password of every "scheme://user:password@" with k_redacted.
std::string redact_url_passwords(std::string_view text) {
  std::string result;
  std::size_t position = 0;
  for (;;) {
    const std::size_t scheme_end = text.find("://", position);
    if (scheme_end == std::string_view::npos) break;
    const std::size_t authority = scheme_end + 3;
    std::size_t end = authority;
    while (end < text.size() && !ends_url(text[end]) && text[end] != '/') ++end;
    // The userinfo ends at the last '@' of the authority: passwords may hold raw '@'.
    const std::size_t at = text.substr(authority, end - authority).rfind('@');
    const std::size_t colon = at == std::string_view::npos ? at : text.substr(authority, at).find(':');
    result.append(text.substr(position, authority - position));
    if (colon != std::string_view::npos) {
      result.append(text.substr(authority, colon + 1)).append(k_redacted).append("@");
      position = authority + at + 1;
    } else {
      position = authority;
    }
  }
  result.append(text.substr(position));
  return result;
}

// Replaces the value after each case-insensitive marker with k_redacted.
std::string redact_after(std::string_view text, std::string_view marker) {
  const std::string lower = lowercase(text);
  std::string result;
  std::size_t position = 0;
  for (std::size_t found = lower.find(marker); found != std::string::npos; found = lower.find(marker, position)) {
    std::size_t value = found + marker.size();
    while (value < text.size() && text[value] == ' ') ++value;
    if (value < text.size() && text[value] == '"') ++value;  // "password": "..." in JSON
    std::size_t end = value;
    while (end < text.size() && is_token_character(text[end])) ++end;
    result.append(text.substr(position, value - position));
    if (end > value) result.append(k_redacted);
    position = std::max(end, value);
  }
  result.append(text.substr(position));
  return result;
}

}  // namespace

std::string redact_url(std::string_view url) { return redact_url_passwords(url); }

std::string redact_header_value(std::string_view name, std::string_view value) {
  const std::string lower = lowercase(name);
  constexpr std::array<std::string_view, 4> exact = {"authorization", "proxy-authorization", "cookie", "set-cookie"};
  constexpr std::array<std::string_view, 5> parts = {"token", "secret", "password", "api-key", "apikey"};
  const bool secret = std::find(exact.begin(), exact.end(), lower) != exact.end() ||
                      std::any_of(parts.begin(), parts.end(),
                                  [&](std::string_view part) { return lower.find(part) != std::string::npos; });
  return secret ? std::string(k_redacted) : std::string(value);
}

std::string redact_secrets(std::string_view text) {
  std::string result = redact_url_passwords(text);
  constexpr std::array<std::string_view, 14> markers = {
      "bearer ",       "basic ",          "password=",  "password\":", "passwd=",      "token=",  "token\":",
      "secret=",       "secret\":",       "api_key=",   "apikey=",     "access_token=", "authorization: ",
      "authorization=",
  };
  for (const auto marker : markers) result = redact_after(result, marker);
  return result;
}

}  // namespace jobkit

// Redaction of secrets in anything that is logged or returned: passwords in URLs,
// Authorization-like headers, bearer tokens and key=value secrets.
#pragma once

#include <string>
#include <string_view>

namespace jobkit {

inline constexpr std::string_view k_redacted = "***";

// "redis://user:***@host:6379/0" for "redis://user:secret@host:6379/0"; any scheme.
std::string redact_url(std::string_view url);

// The value to show for a header: "***" for Authorization, Proxy-Authorization, Cookie,
// Set-Cookie and names containing "token", "secret", "password" or "api-key" (any case);
// the value itself otherwise.
std::string redact_header_value(std::string_view name, std::string_view value);

// Free text with every URL password, "Bearer <token>" / "Basic <credentials>", and
// password=..., token=..., secret=..., api_key=..., access_token=... value replaced.
std::string redact_secrets(std::string_view text);

}  // namespace jobkit

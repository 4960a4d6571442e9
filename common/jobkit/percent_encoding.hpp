// Percent-encoding (RFC 3986 §2.1) for form bodies (application/x-www-form-urlencoded
// requests to HTTP APIs) and RFC 2231 MIME parameters alike.
#pragma once

#include <string>
#include <string_view>

namespace jobkit {

// Every byte but the unreserved characters (letters, digits, '-', '.', '_', '~') becomes
// %XX with upper-case hex digits; a space is %20, never '+'.
std::string percent_encode(std::string_view bytes);

}  // namespace jobkit

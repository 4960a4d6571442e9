// Base64 (RFC 4648) on one line: the standard alphabet with '=' padding (MIME bodies, HTTP
// Basic credentials, what Node's Buffer.toString('base64') writes), and the URL-safe one
// without padding (JWS/JWT, web push keys). Line breaking for MIME belongs to the mail code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace jobkit {

enum class Base64Alphabet { standard, url_safe };  // '+' '/' (§4), or '-' '_' (§5)
enum class Base64Padding { padded, unpadded };

std::string encode_base64(std::string_view bytes, Base64Alphabet alphabet = Base64Alphabet::standard,
                          Base64Padding padding = Base64Padding::padded);

// The URL-safe alphabet without padding, as JWS and web push write it.
inline std::string encode_base64url(std::string_view bytes) {
  return encode_base64(bytes, Base64Alphabet::url_safe, Base64Padding::unpadded);
}

// Decodes either alphabet, with or without padding; nullopt for any other character or a
// length no encoding produces.
std::optional<std::string> decode_base64(std::string_view text);

}  // namespace jobkit

// SHA-256 and HMAC-SHA-256 with OpenSSL: content hashes (a stored file's sha256, DKIM's
// body hash) and the keyed hashes HKDF and request signing are built from.
#pragma once

#include <string>
#include <string_view>

namespace jobkit {

// The 32-byte digest.
std::string sha256(std::string_view bytes);
// The digest as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);
// The 32-byte HMAC-SHA-256 of data under key.
std::string hmac_sha256(std::string_view key, std::string_view data);

}  // namespace jobkit

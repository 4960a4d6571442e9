// SHA-256 and HMAC-SHA-256.
#include "jobkit/digest.hpp"

// The EVP interface fetches the digest from OpenSSL's providers, which reads the OpenSSL
// configuration and starts the default provider on first use: about 1 ms, 4% of rendering a
// two-page invoice. The plain SHA256_* and HMAC functions do not; OpenSSL 3 marks them
// deprecated but keeps them.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>

#include <array>

namespace jobkit {

std::string sha256(std::string_view bytes) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, bytes.data(), bytes.size());
  SHA256_Final(digest.data(), &context);
  return std::string(reinterpret_cast<const char*>(digest.data()), digest.size());
}

std::string sha256_hex(std::string_view bytes) {
  static constexpr char k_hex[] = "0123456789abcdef";
  const std::string digest = sha256(bytes);
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (const char c : digest) {
    const auto byte = static_cast<unsigned char>(c);
    hex += k_hex[byte >> 4];
    hex += k_hex[byte & 0xF];
  }
  return hex;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> out{};
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(data.data()),
       data.size(), out.data(), &length);
  return std::string(reinterpret_cast<const char*>(out.data()), length);
}

}  // namespace jobkit

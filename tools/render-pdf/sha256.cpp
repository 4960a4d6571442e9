// SHA-256 with OpenSSL (PoDoFo already links it).
#include "sha256.hpp"

// The EVP interface fetches the digest from OpenSSL's providers, which reads the OpenSSL
// configuration and starts the default provider on first use: about 1 ms, 4% of rendering a
// two-page invoice. The plain SHA256_* functions (the ones PoDoFo itself uses for MD5) do
// not; OpenSSL 3 marks them deprecated but keeps them.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <array>

namespace render_pdf {

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256_CTX context;
  SHA256_Init(&context);
  SHA256_Update(&context, bytes.data(), bytes.size());
  SHA256_Final(digest.data(), &context);
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(digest.size() * 2);
  for (const unsigned char byte : digest) {
    hex += k_hex[byte >> 4];
    hex += k_hex[byte & 0xF];
  }
  return hex;
}

}  // namespace render_pdf

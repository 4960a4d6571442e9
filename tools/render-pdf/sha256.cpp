// SHA-256 with OpenSSL (PoDoFo already links it).
#include "sha256.hpp"

#include <openssl/evp.h>

#include <array>

namespace render_pdf {

std::string sha256_hex(std::string_view bytes) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr);
  static constexpr char k_hex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned int i = 0; i < length; ++i) {
    hex += k_hex[digest[i] >> 4];
    hex += k_hex[digest[i] & 0xF];
  }
  return hex;
}

}  // namespace render_pdf

#include <doctest/doctest.h>

#include <string>

#include "jobkit/digest.hpp"

namespace {

std::string hex(const std::string& bytes) {
  static constexpr char k_digits[] = "0123456789abcdef";
  std::string out;
  for (const char c : bytes) {
    out += k_digits[static_cast<unsigned char>(c) >> 4];
    out += k_digits[static_cast<unsigned char>(c) & 15];
  }
  return out;
}

}  // namespace

// FIPS 180-2 appendix B.1 and the digest of nothing.
TEST_CASE("sha256: the published digests") {
  CHECK(jobkit::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(jobkit::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(jobkit::sha256("abc").size() == 32);
  CHECK(hex(jobkit::sha256("abc")) == jobkit::sha256_hex("abc"));
}

// RFC 4231 test cases 1 and 2.
TEST_CASE("hmac_sha256: the RFC 4231 vectors") {
  CHECK(hex(jobkit::hmac_sha256(std::string(20, '\x0b'), "Hi There")) ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(hex(jobkit::hmac_sha256("Jefe", "what do ya want for nothing?")) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

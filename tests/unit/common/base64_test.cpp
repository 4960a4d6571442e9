#include <doctest/doctest.h>

#include <string>

#include "jobkit/base64.hpp"

using jobkit::Base64Alphabet;
using jobkit::Base64Padding;

// RFC 4648 §10 test vectors.
TEST_CASE("encode_base64: the RFC 4648 vectors with padding") {
  CHECK(jobkit::encode_base64("") == "");
  CHECK(jobkit::encode_base64("f") == "Zg==");
  CHECK(jobkit::encode_base64("fo") == "Zm8=");
  CHECK(jobkit::encode_base64("foo") == "Zm9v");
  CHECK(jobkit::encode_base64("foob") == "Zm9vYg==");
  CHECK(jobkit::encode_base64("fooba") == "Zm9vYmE=");
  CHECK(jobkit::encode_base64("foobar") == "Zm9vYmFy");
}

TEST_CASE("encode_base64: the two alphabets differ in the last two characters only") {
  const std::string bytes = "\xfb\xff\xbf";  // 111110 111111 111110 111111
  CHECK(jobkit::encode_base64(bytes) == "+/+/");
  CHECK(jobkit::encode_base64(bytes, Base64Alphabet::url_safe) == "-_-_");
  CHECK(jobkit::encode_base64url("\xfb\xff") == "-_8");
  CHECK(jobkit::encode_base64("\xfb\xff", Base64Alphabet::url_safe, Base64Padding::padded) == "-_8=");
  CHECK(jobkit::encode_base64("\xfb\xff", Base64Alphabet::standard, Base64Padding::unpadded) == "+/8");
}

TEST_CASE("decode_base64: either alphabet with or without padding and every byte value") {
  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  CHECK(jobkit::decode_base64(jobkit::encode_base64(all)) == all);
  CHECK(jobkit::decode_base64(jobkit::encode_base64url(all)) == all);
  CHECK(jobkit::decode_base64("Zm9vYg==") == "foob");
  CHECK(jobkit::decode_base64("Zm9vYg") == "foob");
  CHECK(jobkit::decode_base64("") == "");
}

TEST_CASE("decode_base64: refuses other characters and impossible lengths") {
  CHECK_FALSE(jobkit::decode_base64("Zm9v YmFy"));
  CHECK_FALSE(jobkit::decode_base64("Zm9v*"));
  CHECK_FALSE(jobkit::decode_base64("Z"));      // 6 bits: no encoding ends so
  CHECK_FALSE(jobkit::decode_base64("Zm9vY"));
}

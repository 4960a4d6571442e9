// render-pdf's UTF-8 decoding and encoding.
#include <doctest/doctest.h>

#include "utf8_decode.hpp"

using namespace render_pdf;

TEST_CASE("decode_utf8 and encode_utf8 round-trip every length") {
  const std::string text = "aß€😀";
  const std::u32string characters = decode_utf8(text);
  CHECK(characters == U"aß€😀");
  std::string again;
  for (const char32_t c : characters) again += encode_utf8(c);
  CHECK(again == text);
  CHECK(decode_utf8("\xE2\x82") == U"\uFFFD\uFFFD");
}

#include <doctest/doctest.h>

#include <string>

#include "jobkit/utf8.hpp"

using jobkit::append_utf8;
using jobkit::find_invalid_utf8;

TEST_CASE("find_invalid_utf8: valid text") {
  CHECK_FALSE(find_invalid_utf8(""));
  CHECK_FALSE(find_invalid_utf8("plain ascii"));
  CHECK_FALSE(find_invalid_utf8("Zürich Łódź Ελλάδα Москва € № 東京 😀"));
  CHECK_FALSE(find_invalid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
}

TEST_CASE("find_invalid_utf8: the offset of the first bad byte") {
  CHECK(find_invalid_utf8("ab\xFF") == 2u);
  CHECK(find_invalid_utf8("a\xC3") == 1u);               // truncated sequence
  CHECK(find_invalid_utf8("\xC0\xAF") == 0u);             // overlong '/'
  CHECK(find_invalid_utf8("\xE0\x80\xAF") == 0u);         // overlong
  CHECK(find_invalid_utf8("x\xED\xA0\x80") == 1u);        // UTF-16 surrogate
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == 0u);     // above U+10FFFF
  CHECK(find_invalid_utf8("ok\xE2\x82") == 2u);           // "€" cut short
  CHECK(find_invalid_utf8(std::string("a\0b\x80", 4)) == 3u);  // NUL is valid, a lone continuation is not
}

TEST_CASE("append_utf8: one to four bytes") {
  std::string text = "x";
  for (const char32_t code_point : {U'A', U'\u00E9', U'\u20AC', U'\U0001F600', U'\U0010FFFF'}) {
    append_utf8(text, code_point);
  }
  CHECK(text == "xA\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\xF4\x8F\xBF\xBF");
  CHECK_FALSE(find_invalid_utf8(text));
}

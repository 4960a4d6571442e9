#include <doctest/doctest.h>

#include "jobkit/percent_encoding.hpp"

TEST_CASE("percent_encode: unreserved characters stay and every other byte is %XX") {
  CHECK(jobkit::percent_encode("AZaz09-._~") == "AZaz09-._~");
  CHECK(jobkit::percent_encode("a b+c&d=e/f") == "a%20b%2Bc%26d%3De%2Ff");
  CHECK(jobkit::percent_encode("\xC3\xA9\n") == "%C3%A9%0A");
  CHECK(jobkit::percent_encode("") == "");
}

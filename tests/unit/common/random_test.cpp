#include <doctest/doctest.h>

#include <set>
#include <string>

#include "jobkit/random.hpp"

TEST_CASE("random_hex: the number of lower-case hex digits asked for") {
  for (const std::size_t digits : {0, 1, 16, 31, 32}) {
    const auto text = jobkit::random_hex(digits);
    CHECK(text.size() == digits);
    CHECK(text.find_first_not_of("0123456789abcdef") == std::string::npos);
  }
}

TEST_CASE("random_hex and random_bytes: no two alike") {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) seen.insert(jobkit::random_hex(16));
  CHECK(seen.size() == 1000);
  CHECK(jobkit::random_bytes(64).size() == 64);
  CHECK(jobkit::random_bytes(32) != jobkit::random_bytes(32));
}

#include <doctest/doctest.h>

#include <cstdint>
#include <limits>

#include "jobkit/whole_number.hpp"

using jobkit::parse_whole_number;

TEST_CASE("parse_whole_number: whole base-10 integers") {
  CHECK(parse_whole_number<int>("42") == 42);
  CHECK(parse_whole_number<int>("0") == 0);
  CHECK(parse_whole_number<unsigned>("0") == 0u);
  CHECK(parse_whole_number<int>("-5") == -5);
  CHECK(parse_whole_number<std::int64_t>("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
  CHECK(parse_whole_number<std::int64_t>("-9223372036854775808") == std::numeric_limits<std::int64_t>::min());
  CHECK(parse_whole_number<std::uint16_t>("65535") == 65535);
}

TEST_CASE("parse_whole_number: a minus sign only for signed types") {
  CHECK_FALSE(parse_whole_number<unsigned>("-5"));
  CHECK_FALSE(parse_whole_number<std::uint64_t>("-0"));
}

TEST_CASE("parse_whole_number: refuses text that is not all number") {
  for (const char* text : {"", " 1", "1 ", "+1", "1x", "x1", "-", "1.5", "0x10"}) {
    CAPTURE(text);
    CHECK_FALSE(parse_whole_number<int>(text));
  }
}

TEST_CASE("parse_whole_number: refuses numbers that do not fit") {
  CHECK_FALSE(parse_whole_number<std::int64_t>("99999999999999999999"));
  CHECK_FALSE(parse_whole_number<std::int64_t>("9223372036854775808"));  // int64 max + 1
  CHECK_FALSE(parse_whole_number<std::uint16_t>("65536"));
  CHECK_FALSE(parse_whole_number<int>("-99999999999999999999"));
}

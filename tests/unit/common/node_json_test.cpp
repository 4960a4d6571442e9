#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "jobkit/node_json.hpp"

using jobkit::node_json_round_trip;
using jobkit::node_number_text;
using jobkit::node_utf8_text;

namespace {

struct round_trip_case {
  std::string_view input;
  std::string_view expected;
};

void check_round_trips(const std::vector<round_trip_case>& cases) {
  for (const auto& [input, expected] : cases) {
    CAPTURE(input);
    const std::optional<std::string> result = node_json_round_trip(input);
    REQUIRE(result);
    CHECK(*result == expected);
    // What JSON.stringify writes, JSON.parse reads back to the same text.
    CHECK(node_json_round_trip(*result) == result);
  }
}

std::string nested(std::size_t depth) {
  return std::string(depth, '[') + std::string(depth, ']');
}

}  // namespace

TEST_CASE("node_json_round_trip: keys keep the order they were written in") {
  check_round_trips({
      {R"({"zeta":1,"alpha":{"y":2,"b":3}})", R"({"zeta":1,"alpha":{"y":2,"b":3}})"},
      {R"({"b":1,"a":2,"c":3})", R"({"b":1,"a":2,"c":3})"},
      {R"({"__proto__":1,"constructor":2})", R"({"__proto__":1,"constructor":2})"},
      {R"({})", R"({})"},
  });
}

TEST_CASE("node_json_round_trip: array-index keys come first in numeric order") {
  check_round_trips({
      {R"({"b":1,"2":2,"a":3,"10":4,"0":5})", R"({"0":5,"2":2,"10":4,"b":1,"a":3})"},
      // Only canonical integers 0 to 2^32-2 are indices; the rest keep insertion order.
      {R"({"x":0,"4294967295":1,"4294967294":2})", R"({"4294967294":2,"x":0,"4294967295":1})"},
      {R"({"01":1,"1":2,"-1":3,"1.0":4,"1e0":5," 1":6})",
       R"({"1":2,"01":1,"-1":3,"1.0":4,"1e0":5," 1":6})"},
      {R"({"99999999999":1,"7":2})", R"({"7":2,"99999999999":1})"},
      {R"({"\u0031":1,"a":2,"0":3})", R"({"0":3,"1":1,"a":2})"},  // an escaped digit is a digit
  });
}

TEST_CASE("node_json_round_trip: a repeated key keeps its first place and its last value") {
  check_round_trips({
      {R"({"a":1,"b":2,"a":3})", R"({"a":3,"b":2})"},
      {R"({"a":{"x":1},"b":2,"a":[]})", R"({"a":[],"b":2})"},
      {R"({"a":1,"\u0061":2})", R"({"a":2})"},  // the same key spelled differently
      {R"({"5":1,"b":2,"5":3,"1":4})", R"({"1":4,"5":3,"b":2})"},
  });
  // Past the short-object search, through the hash index.
  std::string many = "{";
  for (int i = 0; i < 40; ++i) many += "\"k" + std::to_string(i) + "\":" + std::to_string(i) + ",";
  many += "\"k3\":\"last\"}";
  const auto result = node_json_round_trip(many);
  REQUIRE(result);
  CHECK(result->find(R"("k3":"last","k4":4)") != std::string::npos);
  CHECK(result->find(R"("k3":3)") == std::string::npos);
}

TEST_CASE("node_json_round_trip: numbers are read as doubles and written as JavaScript does") {
  check_round_trips({
      {"1.0", "1"},
      {"-0", "0"},
      {"-0.0e5", "0"},
      {"1E2", "100"},
      {"1e+2", "100"},
      {"1e21", "1e+21"},
      {"999999999999999999999", "1e+21"},
      {"123456789012345678901", "123456789012345680000"},
      {"1e-7", "1e-7"},
      {"0.000001", "0.000001"},
      {"0.0000015", "0.0000015"},
      {"1.5e-7", "1.5e-7"},
      {"9007199254740993", "9007199254740992"},
      {"0.1", "0.1"},
      {"0.30000000000000004", "0.30000000000000004"},
      {"5e-324", "5e-324"},
      {"2e-324", "0"},
      {"1e-400", "0"},
      {"-1e-400", "0"},
      {"1e400", "null"},
      {"-1e400", "null"},
      {"1e99999999999999999999", "null"},
      {"0e99999999999999999999", "0"},
      {"1000e-10", "1e-7"},
      {"[1.7976931348623157e308,1.7976931348623159e308]", "[1.7976931348623157e+308,null]"},
  });
}

TEST_CASE("node_number_text: ECMAScript's layout of the shortest digits") {
  const std::vector<std::pair<double, std::string_view>> cases = {
      {0.0, "0"},
      {-0.0, "0"},
      {1.0, "1"},
      {-1.5, "-1.5"},
      {100.0, "100"},
      {1e20, "100000000000000000000"},
      {1e21, "1e+21"},
      {1.5e21, "1.5e+21"},
      {123.456, "123.456"},
      {1e-6, "0.000001"},
      {1.25e-6, "0.00000125"},
      {1e-7, "1e-7"},
      {-2.5e-8, "-2.5e-8"},
      {9007199254740992.0, "9007199254740992"},
      {std::numeric_limits<double>::denorm_min(), "5e-324"},
      {std::numeric_limits<double>::max(), "1.7976931348623157e+308"},
      {std::numeric_limits<double>::infinity(), "null"},
      {-std::numeric_limits<double>::infinity(), "null"},
      {std::nan(""), "null"},
  };
  for (const auto& [value, expected] : cases) {
    CAPTURE(value);
    CHECK(node_number_text(value) == expected);
  }
}

TEST_CASE("node_json_round_trip: strings are escaped as JSON.stringify escapes them") {
  check_round_trips({
      {R"("a\/b")", R"("a/b")"},
      {R"("\u0041\u00e9")", "\"A\xC3\xA9\""},
      {R"("\"\\")", R"("\"\\")"},
      {R"("\u0008\u0009\u000A\u000c\u000D")", R"("\b\t\n\f\r")"},
      {R"("\u0000\u001F\u001b")", R"("\u0000\u001f\u001b")"},
      {"\"\x7F\"", "\"\x7F\""},                             // DEL stays as it is
      {R"("\u2028\u2029")", "\"\xE2\x80\xA8\xE2\x80\xA9\""},  // as are U+2028 and U+2029
      {"\"\xE2\x80\xA8\"", "\"\xE2\x80\xA8\""},
      {R"("\ud83d\ude00")", "\"\xF0\x9F\x98\x80\""},        // a pair is one character
      {"\"\xF0\x9F\x98\x80\"", "\"\xF0\x9F\x98\x80\""},
      {R"("\uD800")", R"("\ud800")"},                        // lone surrogates stay escaped
      {R"("\uDC00\uD800x")", R"("\udc00\ud800x")"},
      {R"("\uD800\uD800\uDC00")", "\"\\ud800\xF0\x90\x80\x80\""},
      {R"("\uD800\u0041")", R"("\ud800A")"},
      {R"("\uD800\n")", R"("\ud800\n")"},
  });
}

TEST_CASE("node_json_round_trip: invalid UTF-8 reads as U+FFFD") {
  const std::string replacement = "\xEF\xBF\xBD";
  check_round_trips({
      {"\"a\xFFz\"", "\"a\xEF\xBF\xBDz\""},
      {"\"\xE2\x82x\"", "\"\xEF\xBF\xBDx\""},                                  // truncated: one
      {"\"\xED\xA0\x80\"", "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\""},        // surrogate: three
      {"\"\xC0\xAF\"", "\"\xEF\xBF\xBD\xEF\xBF\xBD\""},                        // overlong
      {"\"\xF0\x90\x80\"", "\"\xEF\xBF\xBD\""},
      {"{\"k\xC3\":1}", "{\"k\xEF\xBF\xBD\":1}"},
  });
  CHECK_FALSE(node_json_round_trip("\xFF"));  // U+FFFD outside a string is not JSON
}

TEST_CASE("node_utf8_text: one U+FFFD per maximal ill-formed subsequence") {
  const std::vector<std::pair<std::string_view, std::string_view>> cases = {
      {"", ""},
      {"plain", "plain"},
      {"\xEF\xBB\xBF{}", "\xEF\xBB\xBF{}"},  // a byte order mark is kept
      {"\x80", "\xEF\xBF\xBD"},
      {"\xC3", "\xEF\xBF\xBD"},
      {"\xE2\x82", "\xEF\xBF\xBD"},
      {"\xE2\x82\xE2\x82\xAC", "\xEF\xBF\xBD\xE2\x82\xAC"},
      {"\xF4\x90\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"\xE0\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"\xF8\x88\x80\x80\x80", "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"},
      {"\xF4\x8F\xBF\xBF", "\xF4\x8F\xBF\xBF"},
  };
  for (const auto& [bytes, expected] : cases) {
    CAPTURE(bytes);
    CHECK(node_utf8_text(bytes) == expected);
  }
}

TEST_CASE("node_json_round_trip: whitespace is dropped and scalars stand alone") {
  check_round_trips({
      {" \t\r\n[ 1 , true,false , null ] \n", "[1,true,false,null]"},
      {R"("top")", R"("top")"},
      {"true", "true"},
      {"[[],{},[{}]]", "[[],{},[{}]]"},
  });
}

TEST_CASE("node_json_round_trip: what JSON.parse refuses is refused") {
  const std::vector<std::string_view> refused = {
      "", " ", "1 2", "[1,]", R"({"a":1,})", "[1", R"({"a")", R"({"a":})", "{a:1}", "{'a':1}",
      "'a'", "NaN", "-NaN", "Infinity", "-Infinity", "undefined", "tru", "nul", "True",
      "01", "-01", "00", "1.", ".5", "+1", "-", "1e", "1e+", "1.e5", "0x10", "1_000",
      "// c\n1", "/* c */ 1", "1 // c", "\"\\x41\"", "\"\\u12\"", "\"\\u12G4\"", "\"\\U0041\"",
      "\"\\a\"", "\"\\'\"", "\"a\tb\"", "\"a\nb\"", std::string_view("\"\0\"", 3), "\"open",
      "\xEF\xBB\xBF" "1", "\xC2\xA0" "1", "\f1", "\v1", "[1]]", "{}}", "[,1]", "[1,,2]",
      R"({"a":1 "b":2})", R"({,"a":1})", std::string_view("1\0", 2),
  };
  for (const auto text : refused) {
    CAPTURE(text);
    CHECK_FALSE(node_json_round_trip(text));
  }
}

TEST_CASE("node_json_round_trip: nesting is bounded") {
  CHECK(node_json_round_trip(nested(jobkit::node_json_max_depth)) == nested(jobkit::node_json_max_depth));
  CHECK_FALSE(node_json_round_trip(nested(jobkit::node_json_max_depth + 1)));
  CHECK_FALSE(node_json_round_trip(std::string(1'000'000, '[')));
  std::string objects;
  for (std::size_t i = 0; i < jobkit::node_json_max_depth + 1; ++i) objects += "{\"a\":";
  objects += "1" + std::string(jobkit::node_json_max_depth + 1, '}');
  CHECK_FALSE(node_json_round_trip(objects));
}

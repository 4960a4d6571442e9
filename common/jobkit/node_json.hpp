// JSON exactly as a Node.js BullMQ worker would store it. A Node worker keeps a job's return
// value as JSON.stringify(result); for a tool whose result is the JSON text on its stdout,
// that is JSON.stringify(JSON.parse(stdout)) after Node decodes stdout as UTF-8. Producers
// and consumers of the queue render, hash and compare those texts, so the runner must store
// the same bytes: keys in JavaScript's property order (not sorted, as nlohmann::json does),
// numbers as JavaScript writes doubles, strings escaped as JSON.stringify escapes them.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace jobkit {

// Objects and arrays nested deeper than this are refused. Node itself throws a RangeError
// ("Maximum call stack size exceeded") past about 4,000 levels, a figure that depends on
// its stack size; a lower fixed bound keeps the recursive parser and writer here within a
// small stack (a runner thread, a sanitizer build) whatever a tool writes.
inline constexpr std::size_t node_json_max_depth = 1000;

// What JSON.stringify(JSON.parse(text)) gives in Node, as UTF-8, where text is first decoded
// as Node decodes a child's stdout (node_utf8_text). nullopt where JSON.parse would throw:
// anything outside RFC 8259's grammar (trailing text, comments, NaN, leading zeros, single
// quotes, raw control characters in strings, a byte order mark...) and nesting deeper than
// node_json_max_depth. Its output is a fixed point: round-tripping it again gives it back.
std::optional<std::string> node_json_round_trip(std::string_view text);

// The text JSON.stringify writes for a number: ECMAScript's Number::toString, i.e. the
// shortest digits that read back as the same double, plain from 1e-7 up to below 1e21 and
// in exponent form outside ("1e+21", "1.5e-7"); -0 as "0"; NaN and the infinities as "null".
std::string node_number_text(double value);

// bytes decoded as Node decodes UTF-8 (Buffer.toString, a stream's setEncoding("utf8")):
// each maximal ill-formed subsequence (a stray continuation byte, a truncated sequence, an
// overlong form, an encoded surrogate, a byte above F4) becomes one U+FFFD. Valid text is
// returned unchanged; a byte order mark is kept, as Node keeps it.
std::string node_utf8_text(std::string_view bytes);

}  // namespace jobkit

// JSON.stringify(JSON.parse(text)) without Node: a recursive-descent reader for exactly the
// grammar JSON.parse accepts, building a tree that already holds what JSON.stringify will
// write (each scalar's final text, each object's members in JavaScript's property order),
// and a writer that joins it. nlohmann::json cannot serve here: it reads numbers as
// integers where they fit (JavaScript reads every number as a double), refuses lone
// surrogate escapes (JSON.parse accepts them), and its default object type sorts keys.
#include "jobkit/node_json.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <system_error>
#include <unordered_map>
#include <utility>
#include <vector>

#include "jobkit/utf8.hpp"

namespace jobkit {
namespace {

// Thrown where JSON.parse would throw a SyntaxError; caught once, in node_json_round_trip.
struct node_json_refused {};

enum class node_json_kind { scalar, array, object };

// One parsed value in the form JSON.stringify writes it.
struct node_json_value {
  node_json_kind kind = node_json_kind::scalar;
  std::string scalar_text;              // null, true, false, a number's or a string's text
  std::vector<std::string> keys;        // an object's keys, quoted and escaped
  std::vector<node_json_value> children;  // an array's elements, an object's values
};

// The value of a key that is an array index: the canonical decimal text of an integer from 0
// to 2^32 − 2 ("7", "4294967294"; not "07", "-1", "1.0", "4294967295"). JavaScript lists
// those keys of an object first, in ascending numeric order, whenever they were created.
std::optional<std::uint32_t> array_index(std::string_view quoted_key) {
  const std::string_view key = quoted_key.substr(1, quoted_key.size() - 2);
  if (key.empty() || key.size() > 10 || (key[0] == '0' && key.size() > 1)) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  if (value > 4294967294u) return std::nullopt;
  return static_cast<std::uint32_t>(value);
}

// Orders an object's members as JavaScript lists them: array indices ascending, then the
// other keys in the order of their first appearance (which reading preserved).
void put_in_property_order(node_json_value& object) {
  std::vector<std::pair<std::uint32_t, std::size_t>> indexed;
  std::vector<std::size_t> named;
  for (std::size_t i = 0; i < object.keys.size(); ++i) {
    if (const auto index = array_index(object.keys[i])) {
      indexed.emplace_back(*index, i);
    } else {
      named.push_back(i);
    }
  }
  if (indexed.empty()) return;
  std::sort(indexed.begin(), indexed.end());
  std::vector<std::string> keys;
  std::vector<node_json_value> children;
  keys.reserve(object.keys.size());
  children.reserve(object.keys.size());
  const auto take = [&](std::size_t i) {
    keys.push_back(std::move(object.keys[i]));
    children.push_back(std::move(object.children[i]));
  };
  for (const auto& entry : indexed) take(entry.second);
  for (const std::size_t i : named) take(i);
  object.keys = std::move(keys);
  object.children = std::move(children);
}

// Where each key of an object being read sits, so that a repeated key replaces the value in
// place: JSON.parse defines each member as a property, which keeps the position the key
// first took and the last value given. A short object is searched directly; a long one gets
// a hash index so that 100,000 keys are not compared pairwise.
class node_json_key_positions {
 public:
  std::optional<std::size_t> find(const std::vector<std::string>& keys, const std::string& key) {
    if (keys.size() <= linear_search_limit) {
      const auto found = std::find(keys.begin(), keys.end(), key);
      if (found == keys.end()) return std::nullopt;
      return static_cast<std::size_t>(found - keys.begin());
    }
    for (; indexed_ < keys.size(); ++indexed_) positions_.emplace(keys[indexed_], indexed_);
    const auto found = positions_.find(key);
    if (found == positions_.end()) return std::nullopt;
    return found->second;
  }

 private:
  static constexpr std::size_t linear_search_limit = 16;
  std::unordered_map<std::string, std::size_t> positions_;
  std::size_t indexed_ = 0;
};

// Appends one UTF-16 code unit or code point read from a \u escape as JSON.stringify writes
// it: '"' and '\' escaped, control characters as \b \t \n \f \r or \u00xx, a lone surrogate
// as \udxxx (Node 12 and later: well-formed JSON.stringify), anything else as UTF-8.
void append_stringified_code_point(std::string& out, char32_t code_point) {
  static constexpr char hex_digits[] = "0123456789abcdef";
  const auto append_u_escape = [&] {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4) out += hex_digits[(code_point >> shift) & 0xF];
  };
  switch (code_point) {
    case '"': out += "\\\""; return;
    case '\\': out += "\\\\"; return;
    case '\b': out += "\\b"; return;
    case '\t': out += "\\t"; return;
    case '\n': out += "\\n"; return;
    case '\f': out += "\\f"; return;
    case '\r': out += "\\r"; return;
    default: break;
  }
  if (code_point < 0x20 || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
    append_u_escape();
  } else {
    append_utf8(out, code_point);
  }
}

// A number JSON.parse reads but a double cannot hold: JavaScript makes it ±Infinity when its
// first significant digit stands at 10^0 or above (1e400), else ±0 (1e-400). from_chars
// reports such a number without a value, so the side is worked out from the text.
double out_of_range_number(std::string_view number) {
  const bool negative = number.front() == '-';
  const std::size_t exponent_mark = number.find_first_of("eE");
  const std::string_view mantissa = number.substr(negative ? 1 : 0, exponent_mark - (negative ? 1 : 0));
  std::int64_t exponent = 0;
  if (exponent_mark != std::string_view::npos) {
    std::string_view digits = number.substr(exponent_mark + 1);
    const bool exponent_negative = digits.front() == '-';
    if (digits.front() == '-' || digits.front() == '+') digits.remove_prefix(1);
    for (const char c : digits) exponent = std::min<std::int64_t>(exponent * 10 + (c - '0'), 1'000'000'000);
    if (exponent_negative) exponent = -exponent;
  }
  const std::size_t point = std::min(mantissa.find('.'), mantissa.size());
  const std::size_t first_significant = mantissa.find_first_of("123456789");
  const std::int64_t position = first_significant < point
                                    ? static_cast<std::int64_t>(point - first_significant) - 1
                                    : static_cast<std::int64_t>(point) - static_cast<std::int64_t>(first_significant);
  const double magnitude = position + exponent >= 0 ? HUGE_VAL : 0.0;
  return negative ? -magnitude : magnitude;
}

// Reads exactly what JSON.parse accepts (ECMA-404 / RFC 8259): whitespace is only space,
// tab, line feed and carriage return; no comments, trailing commas, single quotes, leading
// '+' or zeros, NaN or Infinity; strings without raw control characters.
class node_json_reader {
 public:
  explicit node_json_reader(std::string_view text) : text_(text) {}

  node_json_value read_document() {
    node_json_value document = read_value(0);
    skip_whitespace();
    if (position_ != text_.size()) throw node_json_refused{};
    return document;
  }

 private:
  char peek() const { return position_ < text_.size() ? text_[position_] : '\0'; }
  char next() {
    if (position_ >= text_.size()) throw node_json_refused{};
    return text_[position_++];
  }
  void expect(char c) {
    if (next() != c) throw node_json_refused{};
  }

  void skip_whitespace() {
    while (position_ < text_.size()) {
      const char c = text_[position_];
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return;
      ++position_;
    }
  }

  node_json_value read_value(std::size_t depth) {
    skip_whitespace();
    switch (peek()) {
      case '{': return read_object(depth + 1);
      case '[': return read_array(depth + 1);
      case '"': return scalar(read_string());
      case 't': return read_literal("true");
      case 'f': return read_literal("false");
      case 'n': return read_literal("null");
      default: return scalar(read_number());
    }
  }

  static node_json_value scalar(std::string text) {
    node_json_value value;
    value.scalar_text = std::move(text);
    return value;
  }

  node_json_value read_literal(std::string_view literal) {
    if (text_.substr(position_, literal.size()) != literal) throw node_json_refused{};
    position_ += literal.size();
    return scalar(std::string(literal));
  }

  static void check_depth(std::size_t depth) {
    if (depth > node_json_max_depth) throw node_json_refused{};
  }

  node_json_value read_array(std::size_t depth) {
    check_depth(depth);
    node_json_value array;
    array.kind = node_json_kind::array;
    expect('[');
    skip_whitespace();
    if (peek() == ']') {
      ++position_;
      return array;
    }
    while (true) {
      array.children.push_back(read_value(depth));
      skip_whitespace();
      const char c = next();
      if (c == ']') return array;
      if (c != ',') throw node_json_refused{};
    }
  }

  node_json_value read_object(std::size_t depth) {
    check_depth(depth);
    node_json_value object;
    object.kind = node_json_kind::object;
    node_json_key_positions positions;
    expect('{');
    skip_whitespace();
    if (peek() == '}') {
      ++position_;
      return object;
    }
    while (true) {
      skip_whitespace();
      if (peek() != '"') throw node_json_refused{};
      std::string key = read_string();
      skip_whitespace();
      expect(':');
      node_json_value value = read_value(depth);
      if (const auto existing = positions.find(object.keys, key)) {
        object.children[*existing] = std::move(value);
      } else {
        object.keys.push_back(std::move(key));
        object.children.push_back(std::move(value));
      }
      skip_whitespace();
      const char c = next();
      if (c == '}') break;
      if (c != ',') throw node_json_refused{};
    }
    put_in_property_order(object);
    return object;
  }

  // The four hex digits of a \u escape at offset, or nullopt.
  std::optional<std::uint32_t> hex_code_unit_at(std::size_t offset) const {
    if (offset + 4 > text_.size()) return std::nullopt;
    std::uint32_t unit = 0;
    const char* const first = text_.data() + offset;
    const auto [stop, error] = std::from_chars(first, first + 4, unit, 16);
    if (error != std::errc() || stop != first + 4) return std::nullopt;
    return unit;
  }

  // The string starting at the opening quote, as JSON.stringify writes its value.
  std::string read_string() {
    expect('"');
    std::string out = "\"";
    while (true) {
      const auto c = static_cast<unsigned char>(next());
      if (c == '"') break;
      if (c < 0x20) throw node_json_refused{};
      if (c == '\\') {
        read_escape(out);
      } else {
        out += static_cast<char>(c);  // valid UTF-8 by now, and nothing JSON.stringify escapes
      }
    }
    out += '"';
    return out;
  }

  void read_escape(std::string& out) {
    const char c = next();
    switch (c) {
      case '"': out += "\\\""; return;
      case '\\': out += "\\\\"; return;
      case '/': out += '/'; return;  // JSON.stringify never escapes '/'
      case 'b': out += "\\b"; return;
      case 'f': out += "\\f"; return;
      case 'n': out += "\\n"; return;
      case 'r': out += "\\r"; return;
      case 't': out += "\\t"; return;
      case 'u': break;
      default: throw node_json_refused{};
    }
    const auto unit = hex_code_unit_at(position_);
    if (!unit) throw node_json_refused{};
    position_ += 4;
    char32_t code_point = *unit;
    // JavaScript strings are UTF-16: a high surrogate escape directly followed by a low
    // surrogate escape is one character (written back as UTF-8); any other is left lone.
    if (code_point >= 0xD800 && code_point <= 0xDBFF && text_.substr(position_, 2) == "\\u") {
      const auto low = hex_code_unit_at(position_ + 2);
      if (low && *low >= 0xDC00 && *low <= 0xDFFF) {
        code_point = 0x10000 + ((code_point - 0xD800) << 10) + (*low - 0xDC00);
        position_ += 6;
      }
    }
    append_stringified_code_point(out, code_point);
  }

  // A number, as JavaScript reads it (the nearest double) and JSON.stringify writes it.
  std::string read_number() {
    const std::size_t start = position_;
    const auto digits = [&] {
      const std::size_t first = position_;
      while (peek() >= '0' && peek() <= '9') ++position_;
      if (position_ == first) throw node_json_refused{};
    };
    if (peek() == '-') ++position_;
    if (peek() == '0') {
      ++position_;  // a leading zero stands alone: "01" leaves "1" unread and is refused
    } else {
      digits();
    }
    if (peek() == '.') {
      ++position_;
      digits();
    }
    if (peek() == 'e' || peek() == 'E') {
      ++position_;
      if (peek() == '+' || peek() == '-') ++position_;
      digits();
    }
    const std::string_view number = text_.substr(start, position_ - start);
    double value = 0;
    const auto [stop, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (error == std::errc::result_out_of_range) value = out_of_range_number(number);
    return node_number_text(value);
  }

  std::string_view text_;
  std::size_t position_ = 0;
};

void write_node_json(const node_json_value& value, std::string& out) {
  switch (value.kind) {
    case node_json_kind::scalar:
      out += value.scalar_text;
      return;
    case node_json_kind::array:
      out += '[';
      for (std::size_t i = 0; i < value.children.size(); ++i) {
        if (i > 0) out += ',';
        write_node_json(value.children[i], out);
      }
      out += ']';
      return;
    case node_json_kind::object:
      out += '{';
      for (std::size_t i = 0; i < value.children.size(); ++i) {
        if (i > 0) out += ',';
        out += value.keys[i];
        out += ':';
        write_node_json(value.children[i], out);
      }
      out += '}';
      return;
  }
}

}  // namespace

std::optional<std::string> node_json_round_trip(std::string_view bytes) {
  // JSON.parse sees a string: Node decodes the bytes first, broken sequences as U+FFFD.
  const std::string text = node_utf8_text(bytes);
  try {
    const node_json_value document = node_json_reader(text).read_document();
    std::string out;
    out.reserve(text.size());
    write_node_json(document, out);
    return out;
  } catch (const node_json_refused&) {
    return std::nullopt;
  }
}

}  // namespace jobkit

// MIME encodings (RFC 2045, RFC 2047, RFC 2231) and the RFC 5322 date.
#include "mime_encoding.hpp"

#include <array>
#include <ctime>

#include "jobkit/base64.hpp"
#include "jobkit/percent_encoding.hpp"

namespace send_notification {
namespace {

constexpr std::size_t k_line_limit = 76;
constexpr std::string_view k_hex = "0123456789ABCDEF";

// The length of the UTF-8 sequence that starts with this byte (1 for anything unexpected,
// so that invalid input still makes progress).
std::size_t utf8_sequence_length(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

std::string encode_base64_lines(std::string_view bytes) {
  const auto flat = jobkit::encode_base64(bytes);
  std::string out;
  out.reserve(flat.size() + flat.size() / k_line_limit * 2 + 2);
  for (std::size_t i = 0; i < flat.size(); i += k_line_limit) {
    out.append(flat, i, k_line_limit);
    out += "\r\n";
  }
  return out;
}

std::string encode_quoted_printable(std::string_view text) {
  std::string out;
  std::size_t column = 0;
  auto append = [&](std::string_view piece) {
    // Keep room for the '=' of a soft break on every line.
    if (column + piece.size() > k_line_limit - 1) {
      out += "=\r\n";
      column = 0;
    }
    out += piece;
    column += piece.size();
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    const bool at_line_end = i + 1 == text.size() || text[i + 1] == '\n' || (text[i + 1] == '\r');
    if (byte == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
    if (byte == '\n') {
      out += "\r\n";
      column = 0;
    } else if ((byte >= 33 && byte <= 126 && byte != '=') || ((byte == ' ' || byte == '\t') && !at_line_end)) {
      append(std::string_view(&text[i], 1));
    } else {
      const std::array<char, 3> escaped = {'=', k_hex[byte >> 4], k_hex[byte & 15]};
      append(std::string_view(escaped.data(), escaped.size()));
    }
  }
  return out;
}

bool is_printable_ascii(std::string_view text) {
  for (const char c : text) {
    if (c < 32 || c > 126) return false;
  }
  return true;
}

std::string encode_header_text(std::string_view utf8_text, std::size_t header_name_length) {
  if (is_printable_ascii(utf8_text) && header_name_length + utf8_text.size() <= 998) return std::string(utf8_text);
  // "=?UTF-8?B?" + "?=" is 12 characters, so 63 characters of base64 fit a 75-character word;
  // 45 input bytes make 60 of them.
  constexpr std::size_t k_bytes_per_word = 45;
  std::string out;
  std::size_t start = 0;
  while (start < utf8_text.size()) {
    std::size_t end = start;
    while (end < utf8_text.size()) {
      const auto length = utf8_sequence_length(static_cast<unsigned char>(utf8_text[end]));
      if (end + length - start > k_bytes_per_word) break;
      end += length;
    }
    end = std::min(std::max(end, start + 1), utf8_text.size());
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + jobkit::encode_base64(utf8_text.substr(start, end - start)) + "?=";
    start = end;
  }
  return out;
}

std::string encode_display_name(std::string_view utf8_name) {
  if (!is_printable_ascii(utf8_name)) return encode_header_text(utf8_name, 0);
  std::string out = "\"";
  for (const char c : utf8_name) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string encode_filename_parameter(std::string_view utf8_name) {
  if (is_printable_ascii(utf8_name) && utf8_name.find_first_of("\"\\") == std::string_view::npos) {
    return "filename=\"" + std::string(utf8_name) + "\"";
  }
  return "filename*=UTF-8''" + jobkit::percent_encode(utf8_name);
}

std::string format_rfc5322_date(std::chrono::system_clock::time_point time) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(time);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  std::array<char, 64> buffer{};
  // The C locale is in force (nothing calls setlocale), so the names are English.
  const auto length = std::strftime(buffer.data(), buffer.size(), "%a, %d %b %Y %H:%M:%S +0000", &utc);
  return std::string(buffer.data(), length);
}

}  // namespace send_notification

// Base64 encoding and decoding.
#include "jobkit/base64.hpp"

namespace jobkit {
namespace {

constexpr std::string_view k_standard_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr std::string_view k_url_alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+' || c == '-') return 62;
  if (c == '/' || c == '_') return 63;
  return -1;
}

}  // namespace

std::string encode_base64(std::string_view bytes, Base64Alphabet alphabet, Base64Padding padding) {
  const auto table = alphabet == Base64Alphabet::standard ? k_standard_alphabet : k_url_alphabet;
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    const auto n = (static_cast<unsigned char>(bytes[i]) << 16) | (static_cast<unsigned char>(bytes[i + 1]) << 8) |
                   static_cast<unsigned char>(bytes[i + 2]);
    out += table[(n >> 18) & 63];
    out += table[(n >> 12) & 63];
    out += table[(n >> 6) & 63];
    out += table[n & 63];
  }
  const auto rest = bytes.size() - i;
  if (rest == 0) return out;
  const auto n = (static_cast<unsigned char>(bytes[i]) << 16) |
                 (rest == 2 ? static_cast<unsigned char>(bytes[i + 1]) << 8 : 0);
  out += table[(n >> 18) & 63];
  out += table[(n >> 12) & 63];
  if (rest == 2) out += table[(n >> 6) & 63];
  if (padding == Base64Padding::padded) out.append(rest == 2 ? 1 : 2, '=');
  return out;
}

std::optional<std::string> decode_base64(std::string_view text) {
  while (!text.empty() && text.back() == '=') text.remove_suffix(1);
  std::string bytes;
  unsigned int buffer = 0;
  int bits = 0;
  for (const char c : text) {
    const int value = base64_value(c);
    if (value < 0) return std::nullopt;
    buffer = (buffer << 6) | static_cast<unsigned int>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes += static_cast<char>((buffer >> bits) & 0xFF);
    }
  }
  if (bits >= 6) return std::nullopt;
  return bytes;
}

}  // namespace jobkit

// UTF-8 to code points and back.
#include "utf8_decode.hpp"

namespace render_pdf {

std::u32string decode_utf8(std::string_view text) {
  constexpr char32_t replacement = 0xFFFD;
  std::u32string characters;
  characters.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const std::size_t length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + length > text.size()) {
      characters.push_back(replacement);
      ++i;
      continue;
    }
    char32_t character = length == 1 ? lead : lead & (0x7F >> length);
    for (std::size_t k = 1; k < length; ++k) character = (character << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    characters.push_back(character);
    i += length;
  }
  return characters;
}

std::string encode_utf8(char32_t character) {
  std::string bytes;
  if (character < 0x80) {
    bytes += static_cast<char>(character);
  } else if (character < 0x800) {
    bytes += static_cast<char>(0xC0 | (character >> 6));
    bytes += static_cast<char>(0x80 | (character & 0x3F));
  } else if (character < 0x10000) {
    bytes += static_cast<char>(0xE0 | (character >> 12));
    bytes += static_cast<char>(0x80 | ((character >> 6) & 0x3F));
    bytes += static_cast<char>(0x80 | (character & 0x3F));
  } else {
    bytes += static_cast<char>(0xF0 | (character >> 18));
    bytes += static_cast<char>(0x80 | ((character >> 12) & 0x3F));
    bytes += static_cast<char>(0x80 | ((character >> 6) & 0x3F));
    bytes += static_cast<char>(0x80 | (character & 0x3F));
  }
  return bytes;
}

}  // namespace render_pdf

// UTF-8 to code points and back.
#include "utf8_decode.hpp"

#include "jobkit/utf8.hpp"

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
  jobkit::append_utf8(bytes, character);
  return bytes;
}

}  // namespace render_pdf

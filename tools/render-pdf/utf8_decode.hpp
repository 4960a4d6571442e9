// Decoding UTF-8 into code points. Job text has already been checked as UTF-8 by the JSON
// parser, so an invalid sequence only yields U+FFFD here instead of an error.
#pragma once

#include <string>
#include <string_view>

namespace render_pdf {

std::u32string decode_utf8(std::string_view text);
std::string encode_utf8(char32_t character);

}  // namespace render_pdf

// Word wrapping by measured glyph widths.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "font_face.hpp"

namespace render_pdf {

// Splits utf8 into lines no wider than max_width points at font_size: breaks at "\n", then
// between words (runs of spaces collapse at a break), and inside a word only when the word
// alone is wider than a line. Empty text gives one empty line.
std::vector<std::string> wrap_text(std::string_view utf8, const FontFace& font, double font_size, double max_width);

}  // namespace render_pdf

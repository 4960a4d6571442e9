#include "text_operators.hpp"

#include <charconv>
#include <cmath>
#include <set>

#include "utf8_decode.hpp"

namespace render_pdf {
namespace {

// A coordinate or size with at most three decimals and no trailing zeros, "-0" as "0".
void append_number(std::string& out, double value) {
  double rounded = std::round(value * 1000) / 1000;
  if (rounded == 0) rounded = 0;
  char buffer[32];
  const auto written = std::to_chars(buffer, buffer + sizeof buffer, rounded, std::chars_format::fixed, 3);
  std::string_view text(buffer, static_cast<std::size_t>(written.ptr - buffer));
  while (text.ends_with('0')) text.remove_suffix(1);
  if (text.ends_with('.')) text.remove_suffix(1);
  out += text;
}

void append_glyphs_hex(std::string& out, const FontFace& face, const std::string& utf8) {
  static constexpr char k_digits[] = "0123456789ABCDEF";
  out += '<';
  for (const char32_t character : decode_utf8(utf8)) {
    const unsigned glyph = face.glyph_index(character);
    for (int shift = 12; shift >= 0; shift -= 4) out += k_digits[(glyph >> shift) & 0xF];
  }
  out += '>';
}

}  // namespace

std::string text_operators(const std::vector<TextRun>& runs, const TextFont& regular, const TextFont& bold) {
  std::string out;
  out.reserve(runs.size() * 96);
  for (const auto& run : runs) {
    const TextFont& font = run.weight == FontWeight::bold ? bold : regular;
    out += "BT\n/";
    out += font.resource_name;
    out += ' ';
    append_number(out, run.font_size);
    out += " Tf\n";
    append_number(out, run.x);
    out += ' ';
    append_number(out, run.baseline);
    out += " Td\n";
    append_glyphs_hex(out, *font.face, run.text);
    out += " Tj\nET\n";
  }
  return out;
}

std::string characters_used(const std::vector<TextRun>& runs, FontWeight weight) {
  std::set<char32_t> characters;
  for (const auto& run : runs) {
    if (run.weight != weight) continue;
    for (const char32_t character : decode_utf8(run.text)) characters.insert(character);
  }
  std::string utf8;
  for (const char32_t character : characters) utf8 += encode_utf8(character);
  return utf8;
}

}  // namespace render_pdf

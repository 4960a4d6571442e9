// Greedy line filling, word by word.
#include "text_wrap.hpp"

#include "utf8_decode.hpp"

namespace render_pdf {
namespace {

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  for (std::size_t end; (end = text.find(separator, start)) != std::string_view::npos; start = end + 1) {
    parts.push_back(text.substr(start, end - start));
  }
  parts.push_back(text.substr(start));
  return parts;
}

// A word wider than a whole line is cut between characters.
void break_long_word(std::string_view word, const FontFace& font, double font_size, double max_width,
                     std::vector<std::string>& lines) {
  std::string line;
  for (const char32_t character : decode_utf8(word)) {
    const std::string piece = encode_utf8(character);
    if (!line.empty() && font.text_width(line + piece, font_size) > max_width) {
      lines.push_back(std::move(line));
      line.clear();
    }
    line += piece;
  }
  lines.push_back(std::move(line));
}

void wrap_paragraph(std::string_view paragraph, const FontFace& font, double font_size, double max_width,
                    std::vector<std::string>& lines) {
  std::string line;
  double line_width = 0;
  const double space_width = font.text_width(" ", font_size);
  for (const std::string_view word : split(paragraph, ' ')) {
    if (word.empty()) continue;
    const double word_width = font.text_width(word, font_size);
    if (!line.empty() && line_width + space_width + word_width <= max_width) {
      line.append(" ").append(word);
      line_width += space_width + word_width;
      continue;
    }
    if (!line.empty()) lines.push_back(std::move(line));
    line.clear();
    line_width = 0;
    if (word_width <= max_width) {
      line = std::string(word);
      line_width = word_width;
      continue;
    }
    break_long_word(word, font, font_size, max_width, lines);
    line = std::move(lines.back());
    lines.pop_back();
    line_width = font.text_width(line, font_size);
  }
  lines.push_back(std::move(line));
}

}  // namespace

std::vector<std::string> wrap_text(std::string_view utf8, const FontFace& font, double font_size, double max_width) {
  std::vector<std::string> lines;
  for (const std::string_view paragraph : split(utf8, '\n')) wrap_paragraph(paragraph, font, font_size, max_width, lines);
  return lines;
}

}  // namespace render_pdf

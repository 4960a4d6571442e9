// render-pdf's line breaking.
#include <doctest/doctest.h>

#include "dejavu_fonts.hpp"
#include "text_wrap.hpp"

using namespace render_pdf;
using namespace render_pdf_test;

TEST_CASE("wrap_text breaks between words within the width") {
  const FontFace font = open_font("DejaVuSans.ttf");
  const double width = font.text_width("Zürich Łódź", 10) + 1;
  const auto lines = wrap_text("Zürich Łódź Ελλάδα  Москва\nnew line", font, 10, width);
  REQUIRE(lines.size() == 4);
  CHECK(lines[0] == "Zürich Łódź");
  CHECK(lines[1] == "Ελλάδα");
  CHECK(lines[2] == "Москва");
  CHECK(lines[3] == "new line");
  for (const auto& line : lines) CHECK(font.text_width(line, 10) <= width);
  CHECK(wrap_text("", font, 10, width) == std::vector<std::string>{""});
}

TEST_CASE("wrap_text cuts a word longer than a line between characters") {
  const FontFace font = open_font("DejaVuSans.ttf");
  const auto lines = wrap_text(std::string(100, 'm'), font, 10, font.text_width("mmmmmmmmmm", 10));
  REQUIRE(lines.size() == 10);
  for (const auto& line : lines) CHECK(line == "mmmmmmmmmm");
}

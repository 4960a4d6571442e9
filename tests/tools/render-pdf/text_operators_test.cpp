// render-pdf's text operators: placed, sized runs drawn as glyph indexes.
#include <doctest/doctest.h>

#include <cstdio>

#include "dejavu_fonts.hpp"
#include "text_operators.hpp"

using namespace render_pdf;
using namespace render_pdf_test;

TEST_CASE("text_operators: each run is placed - sized and drawn as glyph indexes of its font") {
  const FontFace regular = open_font("DejaVuSans.ttf");
  const FontFace bold = open_font("DejaVuSans-Bold.ttf");
  const std::vector<TextRun> runs = {{56.6929, 700.125, FontWeight::regular, 9, "Aé"},
                                     {-0.0001, 12, FontWeight::bold, 10.5, "Ł"}};
  const std::string operators = text_operators(runs, {"Ft4", &regular}, {"Ft8", &bold});
  const auto hex = [](unsigned glyph) {
    char text[5];
    std::snprintf(text, sizeof text, "%04X", glyph);
    return std::string(text);
  };
  CHECK(operators == "BT\n/Ft4 9 Tf\n56.693 700.125 Td\n<" + hex(regular.glyph_index(U'A')) +
                         hex(regular.glyph_index(U'é')) + "> Tj\nET\n" + "BT\n/Ft8 10.5 Tf\n0 12 Td\n<" +
                         hex(bold.glyph_index(U'Ł')) + "> Tj\nET\n");
  CHECK(regular.glyph_index(U'A') != 0);
  CHECK(regular.glyph_index(U'東') == 0);
}

TEST_CASE("characters_used: each character of one weight once") {
  const std::vector<TextRun> runs = {{0, 0, FontWeight::regular, 9, "Łódź Łódź"},
                                     {0, 0, FontWeight::bold, 9, "Bold"},
                                     {0, 0, FontWeight::regular, 9, "№1"}};
  CHECK(characters_used(runs, FontWeight::regular) == " 1dóŁź№");
  CHECK(characters_used(runs, FontWeight::bold) == "Bdlo");
  CHECK(characters_used({}, FontWeight::bold).empty());
}

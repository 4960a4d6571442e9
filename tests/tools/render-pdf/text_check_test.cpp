// render-pdf's check that the fonts can draw every character, by field.
#include <doctest/doctest.h>

#include "dejavu_fonts.hpp"
#include "text_check.hpp"

using namespace render_pdf;
using namespace render_pdf_test;

namespace {

Document document_with(const std::string& text) {
  Document document;
  document.blocks.push_back(Paragraph{Text{text, "/p"}});
  return document;
}

}  // namespace

TEST_CASE("check_drawable_text accepts Latin Greek Cyrillic and refuses the rest by field") {
  const FontPair fonts{open_font("DejaVuSans.ttf"), open_font("DejaVuSans-Bold.ttf")};
  CHECK(check_drawable_text(document_with("Zürich Łódź Ελλάδα Москва € № ❤"), fonts).ok());
  for (const std::string text : {"東京", "שלום", "مرحبا", "नमस्ते", "🚀", "a\tb"}) {
    const auto checked = check_drawable_text(document_with(text), fonts);
    REQUIRE_FALSE(checked.ok());
    CHECK(checked.error().field == "/p");
    CHECK(checked.error().exit_code == jobkit::ExitCode::invalid_data);
  }
}

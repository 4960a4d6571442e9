// render-pdf's FontFace: measuring text, and the cache of opened fonts.
#include <doctest/doctest.h>

#include <fstream>

#include "dejavu_fonts.hpp"
#include "font_face.hpp"
#include "temp_dir.hpp"

using namespace render_pdf;
using namespace render_pdf_test;

TEST_CASE("text_width adds the advance widths at the font size") {
  const FontFace font = open_font("DejaVuSans.ttf");
  CHECK(font.text_width("", 10) == 0);
  CHECK(font.text_width("ii", 10) == doctest::Approx(2 * font.text_width("i", 10)));
  CHECK(font.text_width("W", 20) == doctest::Approx(2 * font.text_width("W", 10)));
  CHECK(font.text_width("W", 10) > font.text_width("i", 10));
  CHECK(font.text_width("Łódź", 10) > 0);
}

TEST_CASE("FontFace: a font opened again is shared - and read again once its file has changed") {
  jobkit::testing::TempDir folder;
  const auto path = folder.path() / "font.ttf";
  std::filesystem::copy_file(k_dejavu / "DejaVuSans.ttf", path);
  const auto first = FontFace::open(path, "/fonts/regular");
  REQUIRE(first.ok());
  const auto again = FontFace::open(path, "/fonts/regular");
  REQUIRE(again.ok());
  CHECK(again->file_bytes().data() == first->file_bytes().data());  // the same loaded font
  CHECK(first->file_bytes().size() == std::filesystem::file_size(k_dejavu / "DejaVuSans.ttf"));

  // Replaced by another font: the new one is loaded; the old FontFace still works.
  std::filesystem::remove(path);
  std::filesystem::copy_file(k_dejavu / "DejaVuSans-Bold.ttf", path);
  const auto replaced = FontFace::open(path, "/fonts/regular");
  REQUIRE(replaced.ok());
  CHECK(replaced->file_bytes().size() == std::filesystem::file_size(k_dejavu / "DejaVuSans-Bold.ttf"));
  CHECK(replaced->text_width("W", 10) > first->text_width("W", 10));  // bold is wider
  CHECK(first->has_glyph(U'Ł'));

  // Replaced by something that is not a font: refused, as on first use.
  std::filesystem::remove(path);
  std::ofstream(path) << "not a font";
  const auto broken = FontFace::open(path, "/fonts/regular");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().exit_code == jobkit::ExitCode::invalid_data);
  CHECK(broken.error().field == "/fonts/regular");
  std::filesystem::remove(path);
  const auto missing = FontFace::open(path, "/fonts/regular");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().exit_code == jobkit::ExitCode::missing_input);
}

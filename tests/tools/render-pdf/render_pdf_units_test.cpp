// render-pdf's modules called directly: measuring and wrapping text, the character checks,
// image headers and UTF-8 decoding.
#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "font_face.hpp"
#include "image_file.hpp"
#include "temp_dir.hpp"
#include "text_check.hpp"
#include "text_operators.hpp"
#include "text_wrap.hpp"
#include "utf8_decode.hpp"

using namespace render_pdf;

namespace {

const std::filesystem::path k_dejavu = "/usr/share/fonts/truetype/dejavu";

FontFace open_font(const std::string& name) {
  auto font = FontFace::open(k_dejavu / name, "");
  REQUIRE(font.ok());
  return std::move(font.value());
}

Document document_with(const std::string& text) {
  Document document;
  document.blocks.push_back(Paragraph{Text{text, "/p"}});
  return document;
}

}  // namespace

TEST_CASE("text_width adds the advance widths at the font size") {
  const FontFace font = open_font("DejaVuSans.ttf");
  CHECK(font.text_width("", 10) == 0);
  CHECK(font.text_width("ii", 10) == doctest::Approx(2 * font.text_width("i", 10)));
  CHECK(font.text_width("W", 20) == doctest::Approx(2 * font.text_width("W", 10)));
  CHECK(font.text_width("W", 10) > font.text_width("i", 10));
  CHECK(font.text_width("Łódź", 10) > 0);
}

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

TEST_CASE("decode_utf8 and encode_utf8 round-trip every length") {
  const std::string text = "aß€😀";
  const std::u32string characters = decode_utf8(text);
  CHECK(characters == U"aß€😀");
  std::string again;
  for (const char32_t c : characters) again += encode_utf8(c);
  CHECK(again == text);
  CHECK(decode_utf8("\xE2\x82") == U"\uFFFD\uFFFD");
}

TEST_CASE("read_image_file finds sizes in PNG and JPEG headers") {
  const jobkit::testing::TempDir dir;
  const auto write = [&](const std::string& name, const std::string& bytes) {
    std::ofstream(dir.path() / name, std::ios::binary) << bytes;
    return dir.path() / name;
  };
  const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x01\x2c\0\0\0\xc8", 24);
  auto image = read_image_file(write("a.png", png), "/i", {});
  REQUIRE(image.ok());
  CHECK(image->format == ImageFormat::png);
  CHECK(image->size.width == 300);
  CHECK(image->size.height == 200);
  // SOI, an APP0 segment of 4 bytes, then SOF0 with height 0x0102 and width 0x0304.
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0\0\x04\0\0\xFF\xC0\0\x11\x08\x01\x02\x03\x04\x03\0\0\0\0\xFF\xD9", 24);
  image = read_image_file(write("b.jpg", jpeg), "/i", {});
  REQUIRE(image.ok());
  CHECK(image->format == ImageFormat::jpeg);
  CHECK(image->size.width == 0x0304);
  CHECK(image->size.height == 0x0102);
  CHECK(read_image_file(write("c.gif", "GIF89a"), "/i", {}).error().exit_code == jobkit::ExitCode::invalid_data);
  CHECK(read_image_file(write("d.jpg", "\xFF\xD8\xFF\xD9"), "/i", {}).error().exit_code == jobkit::ExitCode::invalid_data);
  CHECK(read_image_file(write("e.jpg", jpeg.substr(0, 20)), "/i", {}).error().message == "JPEG image is truncated");
  CHECK(read_image_file(dir.path() / "none.png", "/i", {}).error().exit_code == jobkit::ExitCode::missing_input);
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

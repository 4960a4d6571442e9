// render-pdf on phone photos: a JPEG stored sideways with EXIF orientation 6 is drawn
// upright, as browsers and optimize-image show it.
#include <doctest/doctest.h>

#include <fstream>
#include <iterator>
#include <sstream>
#include <string>

#include "render_pdf_harness.hpp"

namespace render_pdf_test {
namespace {

using nlohmann::json;

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
}

// A 400x300 JPEG, left half black and right half white as stored, with an APP1 Exif
// segment saying orientation 6 (turn a quarter clockwise to show): upright it is 300 wide
// and 400 tall, black on top.
void write_sideways_photo(const std::filesystem::path& path) {
  const std::string black = path.string() + ".v";
  output_of({"/usr/bin/vips", "black", black, "200", "300"});
  output_of({"/usr/bin/vips", "embed", black, path.string(), "0", "0", "400", "300", "--extend", "background",
             "--background", "255"});
  // Big-endian TIFF header, IFD0 at offset 8 with one entry: 0x0112 SHORT 1 = 6.
  const std::string tiff("MM\0*\0\0\0\x08\0\x01\x01\x12\0\x03\0\0\0\x01\0\x06\0\0\0\0\0\0", 26);
  const std::string payload = std::string("Exif\0\0", 6) + tiff;
  const std::size_t length = payload.size() + 2;
  const std::string app1 = std::string("\xFF\xE1", 2) + static_cast<char>(length >> 8) + static_cast<char>(length & 0xFF) + payload;
  const std::string jpeg = read_bytes(path);
  std::ofstream(path, std::ios::binary) << jpeg.substr(0, 2) << app1 << jpeg.substr(2);
}

// Page 1 at 72 dpi in grey (one pixel per point), as a binary PGM.
struct GreyPage {
  int width = 0;
  int height = 0;
  std::string pixels;
  int at(int x, int y) const { return static_cast<unsigned char>(pixels.at(static_cast<std::size_t>(y) * width + x)); }
};

GreyPage render_grey(const std::filesystem::path& pdf) {
  const std::string stem = pdf.string() + "-grey";
  output_of({"/usr/bin/pdftoppm", "-gray", "-r", "72", "-f", "1", "-l", "1", "-singlefile", pdf.string(), stem});
  std::istringstream pgm(read_bytes(stem + ".pgm"));
  std::string magic;
  int max = 0;
  GreyPage page;
  pgm >> magic >> page.width >> page.height >> max;
  pgm.get();
  page.pixels.assign(std::istreambuf_iterator<char>(pgm), std::istreambuf_iterator<char>());
  REQUIRE(magic == "P5");
  REQUIRE(page.pixels.size() == static_cast<std::size_t>(page.width) * page.height);
  return page;
}

TEST_CASE("a JPEG with EXIF orientation 6 is drawn upright") {
  const RenderPdf tool;
  write_sideways_photo(tool.stored("phone.jpg"));
  // 150 pt wide at the top-left corner of the text area (56 pt margins): upright it is 200
  // pt tall, black over white; drawn as stored it would be 112.5 pt tall, black left of white.
  const json blocks = json::array({{{"type", "image"}, {"path", "phone.jpg"}, {"width", 150}}});
  const auto run = tool.run(document_job(blocks));
  INFO(run.out << run.err);
  REQUIRE(run.exit_code == 0);
  const GreyPage page = render_grey(tool.stored("out/document.pdf"));
  for (const int x : {70, 160}) {
    CAPTURE(x);
    CHECK(page.at(x, 70) < 60);    // top part: black across the whole width
    CHECK(page.at(x, 200) > 200);  // lower part: white
  }
}

}  // namespace
}  // namespace render_pdf_test

// render-pdf's image file reader: sizes from PNG and JPEG headers.
#include <doctest/doctest.h>

#include "image_file.hpp"

using namespace render_pdf;

TEST_CASE("image_from_bytes finds sizes in PNG and JPEG headers") {
  const std::string png = std::string("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\x01\x2c\0\0\0\xc8", 24);
  auto image = image_from_bytes(png, "/i", {});
  REQUIRE(image.ok());
  CHECK(image->format == ImageFormat::png);
  CHECK(image->size.width == 300);
  CHECK(image->size.height == 200);
  // SOI, an APP0 segment of 4 bytes, then SOF0 with height 0x0102 and width 0x0304.
  const std::string jpeg = std::string("\xFF\xD8\xFF\xE0\0\x04\0\0\xFF\xC0\0\x11\x08\x01\x02\x03\x04\x03\0\0\0\0\xFF\xD9", 24);
  image = image_from_bytes(jpeg, "/i", {});
  REQUIRE(image.ok());
  CHECK(image->format == ImageFormat::jpeg);
  CHECK(image->size.width == 0x0304);
  CHECK(image->size.height == 0x0102);
  CHECK(image_from_bytes("GIF89a", "/i", {}).error().exit_code == jobkit::ExitCode::invalid_data);
  CHECK(image_from_bytes("\xFF\xD8\xFF\xD9", "/i", {}).error().exit_code == jobkit::ExitCode::invalid_data);
  CHECK(image_from_bytes(jpeg.substr(0, 20), "/i", {}).error().message == "JPEG image is truncated");
}
